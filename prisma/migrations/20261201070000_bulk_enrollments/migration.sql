-- Bulk enrolment jobs (issue 13, ADR-041).
-- CreateTable
CREATE TABLE "BulkEnrollment" (
    "id" UUID NOT NULL,
    "sequenceKey" TEXT NOT NULL,
    "leadIds" TEXT[],
    "requestedBy" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'RUNNING',
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkEnrollment_pkey" PRIMARY KEY ("id")
);
