/**
 * Takes an address off the suppression list for one scope, on the record. Entries that record
 * the person's own wish not to be emailed (a spam complaint, an unsubscribe, a preference-centre
 * opt-out) are a compliance record: only an admin may remove them. Every removal needs a reason
 * and is audited: who (the API key), when, what (the entry as it was) and why. The audit is a
 * `suppression.removed` event on the timeline of the lead with that address, written in the same
 * transaction as the removal; when no lead has the address, the caller logs it (the result says so).
 */
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import type { TApiRole } from '../../lib/security/api-keys';
import { normalizeEmail } from '../leads/schemas';
import { ZSuppressionScope } from './import-suppressions';

/**
 * Suppression reasons that are the person's own request: removing one takes an admin. "complaint"
 * (ESP spam report, ARF), "preference" (a topic opt-out in the preference centre), and the
 * unsubscribe spellings an imported list may carry.
 */
export const PERSON_REQUESTED_REASONS: ReadonlySet<string> = new Set([
  'complaint',
  'spamreport',
  'unsubscribe',
  'unsubscribed',
  'group-unsubscribe',
  'preference',
]);

export const isPersonRequested = (reason: string) => PERSON_REQUESTED_REASONS.has(reason.trim().toLowerCase());

export const ZSuppressionRemoval = z.object({
  email: z.string().trim().min(3).max(254),
  scope: ZSuppressionScope,
  /** Why the address may be emailed again; kept in the audit. */
  reason: z
    .string({ error: 'is required: say why the address may be emailed again' })
    .trim()
    .min(3, 'is required: say why the address may be emailed again (at least 3 characters)')
    .max(500),
});
export type TSuppressionRemoval = z.output<typeof ZSuppressionRemoval>;

/** Who removes it: the API key (id and name, never the key) and its role. */
export type TAuditActor = { kind: 'api-key' | 'session'; id: string; name: string; role: TApiRole };

export type TSuppressionRemoved = {
  removed: number;
  /** The entry as it was. */
  suppression: { id: string; email: string; scope: string; reason: string; detail: string | null; createdAt: Date };
  /** Where the audit was written: the lead's timeline, or nowhere in the database (no lead has the address: log it). */
  audit: { leadId: string; eventId: string } | null;
  removedAt: Date;
};

export async function removeSuppression(
  deps: { prisma: PrismaClient; now?: () => Date },
  input: TSuppressionRemoval & { by: TAuditActor },
): Promise<TSuppressionRemoved> {
  const email = normalizeEmail(input.email);
  const removedAt = deps.now?.() ?? new Date();
  return deps.prisma.$transaction(async (tx) => {
    const entry = await tx.suppression.findUnique({ where: { email_scope: { email, scope: input.scope } } });
    if (!entry) throw new AppError('NOT_FOUND', `${email} is not suppressed for ${input.scope}`);
    if (isPersonRequested(entry.reason) && input.by.role !== 'ADMIN') {
      throw new AppError(
        'FORBIDDEN',
        `${email} is suppressed for ${input.scope} because of a ${entry.reason}: the person asked not to be emailed, so only an admin can remove it`,
      );
    }
    const { count } = await tx.suppression.deleteMany({ where: { id: entry.id } });
    if (count === 0) throw new AppError('NOT_FOUND', `${email} is not suppressed for ${input.scope}`);
    const lead = await tx.lead.findUnique({ where: { email }, select: { id: true } });
    const event = lead
      ? await tx.leadEvent.create({
          data: {
            leadId: lead.id,
            type: 'suppression.removed',
            occurredAt: removedAt,
            data: {
              email,
              scope: entry.scope,
              suppressionReason: entry.reason,
              suppressionDetail: entry.detail,
              suppressedAt: entry.createdAt.toISOString(),
              why: input.reason,
              by: { kind: input.by.kind, id: input.by.id, name: input.by.name, role: input.by.role },
            },
          },
          select: { id: true },
        })
      : null;
    return {
      removed: count,
      suppression: entry,
      audit: lead && event ? { leadId: lead.id, eventId: event.id } : null,
      removedAt,
    };
  });
}
