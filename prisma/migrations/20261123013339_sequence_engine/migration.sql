-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ApiRole" AS ENUM ('ADMIN', 'MARKETING', 'SALES');

-- DropForeignKey
ALTER TABLE "EmailMessage" DROP CONSTRAINT "EmailMessage_templateId_fkey";

-- DropIndex
DROP INDEX "Enrollment_workflowId_key";

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "ownerEmail" TEXT,
ADD COLUMN     "ownerName" TEXT,
ADD COLUMN     "score" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Enrollment" ADD COLUMN     "sequenceId" UUID NOT NULL,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'api';

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "category" TEXT NOT NULL DEFAULT 'marketing',
ADD COLUMN     "scheduledFor" TIMESTAMP(3),
ADD COLUMN     "stepId" TEXT,
ALTER COLUMN "templateId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "LeadEvent" ADD COLUMN     "idempotencyKey" TEXT;

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "leadId" UUID NOT NULL,
    "enrollmentId" UUID,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "assigneeEmail" TEXT,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'OPEN',
    "result" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMP(3),

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "role" "ApiRole" NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Task_idempotencyKey_key" ON "Task"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Task_leadId_idx" ON "Task"("leadId");

-- CreateIndex
CREATE INDEX "Task_assigneeEmail_status_idx" ON "Task"("assigneeEmail", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "Enrollment_workflowId_idx" ON "Enrollment"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "LeadEvent_idempotencyKey_key" ON "LeadEvent"("idempotencyKey");

-- AddForeignKey
ALTER TABLE "Enrollment" ADD CONSTRAINT "Enrollment_sequenceId_fkey" FOREIGN KEY ("sequenceId") REFERENCES "Sequence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EmailMessage" ADD CONSTRAINT "EmailMessage_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "EmailTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_leadId_fkey" FOREIGN KEY ("leadId") REFERENCES "Lead"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- At most one ACTIVE enrollment per lead and sequence (Prisma cannot express a partial index).
CREATE UNIQUE INDEX "Enrollment_one_active_per_lead_sequence" ON "Enrollment"("leadId", "sequenceId") WHERE "status" = 'ACTIVE';
