-- Lead search (GET /leads; docs/ARCHITECTURE.md, ADR-033): a normalised search column with a trigram index, a sort key
-- for names, and btree indexes for keyset pages in each sort and for the common filters.

-- Trigram matching for LIKE '%…%' (PGlite loads the extension's files in lib/db/open-database.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "searchText" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "sortName" TEXT NOT NULL DEFAULT '';

-- Back-fill existing rows. The application computes both columns in JavaScript on every write
-- (domain/leads/search/search-text.ts) because PostgreSQL's lower() follows the database's
-- LC_CTYPE and folds only ASCII under "C"; this SQL approximates it: lower() (exact under a UTF-8
-- LC_CTYPE), NFKD, combining marks removed, the hand-made folds, phone digits (the E.164 form only,
-- not the national one). A lead's columns are recomputed exactly on its next write of a searched field.
CREATE FUNCTION "lead_search_fold"(t TEXT) RETURNS TEXT LANGUAGE SQL IMMUTABLE AS $$
  SELECT normalize(btrim(regexp_replace(
    translate(
      replace(replace(replace(replace(
        regexp_replace(normalize(lower(t), NFKD), '[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'),
      'ß', 'ss'), 'æ', 'ae'), 'œ', 'oe'), 'þ', 'th'),
      'ðđħıłøŧςқғңүұһәө', 'ddhilotσкгнуухао'),
    '\s+', ' ', 'g')), NFC)
$$;

UPDATE "Lead" SET
  "searchText" = btrim(concat_ws(' ',
    "lead_search_fold"(concat_ws(' ', "firstName", "lastName")),
    "lead_search_fold"(concat_ws(' ', "email", "company")),
    NULLIF(regexp_replace(coalesce("phone", ''), '[^0-9]', '', 'g'), ''))),
  "sortName" = left("lead_search_fold"(concat_ws(' ', "firstName", "lastName")), 200);

DROP FUNCTION "lead_search_fold"(TEXT);

-- CreateIndex
CREATE INDEX "Lead_searchText_idx" ON "Lead" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Lead_createdAt_id_idx" ON "Lead"("createdAt", "id");

-- CreateIndex
CREATE INDEX "Lead_updatedAt_id_idx" ON "Lead"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Lead_score_id_idx" ON "Lead"("score", "id");

-- CreateIndex
CREATE INDEX "Lead_sortName_id_idx" ON "Lead"("sortName", "id");

-- CreateIndex
CREATE INDEX "Lead_status_idx" ON "Lead"("status");

-- CreateIndex
CREATE INDEX "Lead_tags_idx" ON "Lead" USING GIN ("tags");
