/**
 * A send's first round trip (issue 13, ADR-053): in ONE statement, beside the lead's own read,
 * - the journey's pending timeline rows written (a data-modifying CTE, ON CONFLICT DO NOTHING);
 * - the latest version of the template (its id: versions never change, so the row is cached);
 * - the ledger row of this idempotency key, if any (its id: only a retry reads the row itself);
 * - the send policy's facts (domain/deliverability/check-send-policy.ts), unless not asked.
 */
import { Prisma, type EmailTemplate, type PrismaClient } from '../../generated/prisma/client';
import {
  sendPolicyFactsColumns,
  toSendPolicyFacts,
  type TSendPolicyConfig,
  type TSendPolicyFacts,
  type TSendPolicyFactsRequest,
  type TSendPolicyFactsRow,
} from '../deliverability/check-send-policy';
import { leadEventRows, type TJourneyEventRow } from '../journeys/record-journey-events';
import { leadEventsInsert } from '../leads/insert-lead-events';

export type TSendFacts = {
  templateId: string | null;
  existingEmailId: string | null;
  /** Undefined when the policy was not asked for. */
  policy: TSendPolicyFacts | undefined;
};

export async function readSendFacts(
  prisma: PrismaClient,
  input: {
    templateKey: string;
    idempotencyKey: string;
    journeyEvents: readonly TJourneyEventRow[];
    policy?: { request: TSendPolicyFactsRequest; config: Pick<TSendPolicyConfig, 'frequencyCap'> } | undefined;
  },
): Promise<TSendFacts> {
  const events = input.journeyEvents.length
    ? Prisma.sql`WITH recorded AS (
        ${leadEventsInsert(leadEventRows(input.journeyEvents), { skipDuplicates: true })}
      ) `
    : Prisma.empty;
  const policy = input.policy ? Prisma.sql`, ${sendPolicyFactsColumns(input.policy.request, input.policy.config)}` : Prisma.empty;
  const rows = await prisma.$queryRaw<(Partial<TSendPolicyFactsRow> & { templateId: string | null; existingEmailId: string | null })[]>`
    ${events}SELECT
      (SELECT t.id FROM "EmailTemplate" t WHERE t.key = ${input.templateKey} ORDER BY t.version DESC LIMIT 1) AS "templateId",
      (SELECT m.id FROM "EmailMessage" m WHERE m."idempotencyKey" = ${input.idempotencyKey}) AS "existingEmailId"
      ${policy}`;
  const row = rows[0];
  return {
    templateId: row?.templateId ?? null,
    existingEmailId: row?.existingEmailId ?? null,
    policy: input.policy ? toSendPolicyFacts(row as TSendPolicyFactsRow | undefined, input.policy.request) : undefined,
  };
}

/** Template versions by id: a version is never edited (a change is a new version), so a row read once is good for good. */
export function createTemplateRows(prisma: PrismaClient, capacity = 500) {
  const rows = new Map<string, EmailTemplate>();
  return async (id: string): Promise<EmailTemplate | null> => {
    const hit = rows.get(id);
    if (hit) return hit;
    const row = await prisma.emailTemplate.findUnique({ where: { id } });
    if (row) {
      rows.set(id, row);
      if (rows.size > capacity) rows.delete(rows.keys().next().value as string);
    }
    return row;
  };
}
