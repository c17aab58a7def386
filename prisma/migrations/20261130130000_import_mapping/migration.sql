-- CSV import with column mapping: per-row warnings and the resolved mapping.
-- AlterTable
ALTER TABLE "LeadImport" ADD COLUMN     "mapping" JSONB,
ADD COLUMN     "warnings" JSONB NOT NULL DEFAULT '[]';
