-- ADR-049: the language of the emails the engine writes staff; null reads STAFF_LOCALE.
ALTER TABLE "Rep" ADD COLUMN "locale" TEXT;
ALTER TABLE "User" ADD COLUMN "locale" TEXT;
