-- Sender-reputation guard (ADR-035): the sending domain of each email, and pauses per domain.
ALTER TABLE "EmailMessage" ADD COLUMN "fromDomain" TEXT;
CREATE INDEX "EmailMessage_fromDomain_sentAt_idx" ON "EmailMessage"("fromDomain", "sentAt");
-- The guard counts complaints and hard bounces in its window.
CREATE INDEX "DeliveryEvent_kind_occurredAt_idx" ON "DeliveryEvent"("kind", "occurredAt");

CREATE TABLE "SenderDomainPause" (
    "id" UUID NOT NULL,
    "domain" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "complaintRate" DOUBLE PRECISION NOT NULL,
    "hardBounceRate" DOUBLE PRECISION NOT NULL,
    "sent" INTEGER NOT NULL,
    "pausedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notifiedAt" TIMESTAMP(3),
    "resumedAt" TIMESTAMP(3),
    "resumedBy" TEXT,
    CONSTRAINT "SenderDomainPause_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "SenderDomainPause_domain_resumedAt_idx" ON "SenderDomainPause"("domain", "resumedAt");
-- At most one open pause per domain: concurrent guards (one per worker) cannot pause twice.
CREATE UNIQUE INDEX "SenderDomainPause_open_domain_key" ON "SenderDomainPause"("domain") WHERE "resumedAt" IS NULL;
