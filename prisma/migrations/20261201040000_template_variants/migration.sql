-- Template locale variants (template studio): a version may say which language it is written in
-- and which template it is a variant of.
ALTER TABLE "EmailTemplate" ADD COLUMN "locale" TEXT;
ALTER TABLE "EmailTemplate" ADD COLUMN "variantOf" TEXT;
CREATE INDEX "EmailTemplate_variantOf_idx" ON "EmailTemplate"("variantOf");
