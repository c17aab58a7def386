-- AlterEnum
ALTER TYPE "ApiRole" ADD VALUE 'WEBHOOK';

-- CreateTable
CREATE TABLE "PendingSignup" (
    "id" UUID NOT NULL,
    "form" TEXT NOT NULL,
    "referralCode" TEXT,
    "email" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "emailSentAt" TIMESTAMP(3),
    "confirmedAt" TIMESTAMP(3),
    "leadId" UUID,

    CONSTRAINT "PendingSignup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PendingSignup_email_createdAt_idx" ON "PendingSignup"("email", "createdAt");
