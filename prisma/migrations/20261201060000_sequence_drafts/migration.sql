-- Sequence drafts (visual sequence editor, ADR-040): one autosaved draft per sequence key and person.
CREATE TABLE "SequenceDraft" (
    "id" UUID NOT NULL,
    "sequenceKey" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "baseVersion" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SequenceDraft_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "SequenceDraft_sequenceKey_owner_key" ON "SequenceDraft"("sequenceKey", "owner");
CREATE INDEX "SequenceDraft_owner_idx" ON "SequenceDraft"("owner");
