-- CreateEnum
CREATE TYPE "ConsentAction" AS ENUM ('GRANTED', 'WITHDRAWN');

-- AlterEnum
ALTER TYPE "EmailStatus" ADD VALUE 'BOUNCED';

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "marketingPausedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" UUID NOT NULL,
    "leadId" UUID NOT NULL,
    "purpose" TEXT NOT NULL,
    "action" "ConsentAction" NOT NULL,
    "source" TEXT NOT NULL,
    "textVersion" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsentRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Suppression" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeliveryEvent" (
    "id" UUID NOT NULL,
    "externalId" TEXT,
    "email" TEXT NOT NULL,
    "messageId" TEXT,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "detail" TEXT,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeliveryEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConsentRecord_leadId_purpose_occurredAt_idx" ON "ConsentRecord"("leadId", "purpose", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "Suppression_email_scope_key" ON "Suppression"("email", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "DeliveryEvent_externalId_key" ON "DeliveryEvent"("externalId");

-- CreateIndex
CREATE INDEX "DeliveryEvent_email_kind_occurredAt_idx" ON "DeliveryEvent"("email", "kind", "occurredAt");

-- AddForeignKey
ALTER TABLE "ConsentRecord" ADD CONSTRAINT "ConsentRecord_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

