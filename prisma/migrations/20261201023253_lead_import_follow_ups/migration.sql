-- Import follow-ups recorded with the captured rows, run after the file is captured (issue 13, ADR-051).
-- CreateTable
CREATE TABLE "LeadImportFollowUp" (
    "id" UUID NOT NULL,
    "importId" UUID NOT NULL,
    "batchFrom" INTEGER NOT NULL,
    "work" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "doneAt" TIMESTAMP(3),

    CONSTRAINT "LeadImportFollowUp_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LeadImportFollowUp_importId_batchFrom_idx" ON "LeadImportFollowUp"("importId", "batchFrom");
