/**
 * Lead capture with dedupe (DOMAIN.md, "What a lead is"): a request from a known person (same
 * normalised email, or same phone in E.164) attaches to the existing card as a new touch and
 * notifies its owner; only an unknown person gets a new card, which is routed to a rep, scored
 * and offered to the triggers (e.g. cold leads into nurture).
 */
import type { Lead } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { normalizePhone } from '../../lib/phone';
import { recordConsent } from '../consent/record-consent';
import { notify, type TCrmDeps } from '../crm/crm-deps';
import { assignLead } from '../reps/assign-lead';
import { scoreLead } from '../scoring/score-lead';
import { fireTriggers } from '../triggers/fire-triggers';
import { HEAT_OF_TIMEFRAME, type TLeadCreate } from './schemas';
import { leadSearchFields, searchFieldsAfter } from './search/search-text';
import { isUniqueViolation } from '../../lib/db/unique-violation';

/** replayed: this request's key was captured before (an import batch retried); nothing was done again. */
export type TCaptureResult = { lead: Lead; created: boolean; replayed?: true };

export async function captureLead(
  deps: TCrmDeps,
  input: TLeadCreate,
  /**
   * idempotencyKey: the same key captures once (import rows: `import/<id>/<row>`).
   * publicForm: the request came from a page anyone can post to: a known person's card is not
   * changed (a touch is recorded, nothing filled, no consent added) and its owner hears of it at
   * most once a day.
   */
  options: { by?: string; idempotencyKey?: string; publicForm?: boolean } = {},
): Promise<TCaptureResult> {
  const by = options.by ?? 'api';
  const key = options.idempotencyKey ?? null;
  if (key) {
    const seen = await deps.prisma.leadEvent.findUnique({ where: { idempotencyKey: key }, select: { type: true, lead: true } });
    if (seen) return { lead: seen.lead, created: seen.type === 'lead.created', replayed: true };
  }
  let phone: string | undefined;
  if (input.phone) {
    const normalized = normalizePhone(input.phone, deps.config.defaultPhoneRegion);
    if (!normalized.ok) throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`phone: ${normalized.message}`] });
    phone = normalized.e164;
  }
  let referrer: { id: string } | null = null;
  if (input.referralCode) {
    referrer = await deps.prisma.customer.findUnique({ where: { referralCode: input.referralCode }, select: { id: true } });
    if (!referrer) throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: ['referralCode: no customer has this code'] });
  }

  const known = await findKnown(deps, input.email, phone);
  const touch = (lead: Lead) => recordTouch(deps, lead, input, phone, { by, key, publicForm: options.publicForm ?? false });
  if (known) return { lead: await touch(known), created: false };

  const { consent, referralCode: _code, purchaseTimeframe, heat, phone: _raw, ...fields } = input;
  let lead: Lead;
  try {
    lead = await deps.prisma.lead.create({
      data: {
        ...fields,
        phone: phone ?? null,
        ...leadSearchFields({ ...fields, phone }),
        purchaseTimeframe: purchaseTimeframe ?? null,
        heat: heat ?? (purchaseTimeframe ? HEAT_OF_TIMEFRAME[purchaseTimeframe] : 'COLD'),
        ...(referrer ? { source: 'REFERRAL' as const, referrerCustomerId: referrer.id } : {}),
        ...(fields.ownerEmail ? { assignedAt: new Date() } : {}),
        attributes: (fields.attributes ?? {}) as object,
      },
    });
  } catch (e) {
    // The same person captured twice at once: the second request is a touch of the first card.
    if (!isUniqueViolation(e)) throw e;
    const winner = await findKnown(deps, input.email, phone);
    if (!winner) throw e;
    return { lead: await touch(winner), created: false };
  }
  await deps.prisma.$transaction([
    deps.prisma.leadStatusChange.create({ data: { leadId: lead.id, from: null, to: 'NEW', by, occurredAt: lead.createdAt } }),
    deps.prisma.leadEvent.create({
      data: {
        leadId: lead.id,
        type: 'lead.created',
        idempotencyKey: key,
        occurredAt: lead.createdAt,
        data: { source: lead.source, campaign: lead.campaign, by, ...(referrer ? { referrerCustomerId: referrer.id } : {}) },
      },
    }),
    ...(referrer
      ? [deps.prisma.customerEvent.create({ data: { customerId: referrer.id, type: 'referral.arrived', data: { leadId: lead.id } } })]
      : []),
  ]);
  if (consent) await recordConsent(deps.prisma, lead.id, { ...consent, action: 'GRANTED' });
  if (!lead.ownerEmail) await assignLead(deps, lead.id, { reason: 'new lead' });
  await scoreLead(deps, lead.id);
  await fireTriggers(deps, 'lead.created', lead.id);
  return { lead: await deps.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } }), created: true };
}

async function findKnown(deps: Pick<TCrmDeps, 'prisma'>, email: string, phone: string | undefined): Promise<Lead | null> {
  return (
    (await deps.prisma.lead.findUnique({ where: { email } })) ??
    (phone ? await deps.prisma.lead.findFirst({ where: { phone }, orderBy: { createdAt: 'asc' } }) : null)
  );
}

/** A known person came again: the card keeps what it has, gains what was missing, and the owner hears of it. */
async function recordTouch(
  deps: TCrmDeps,
  lead: Lead,
  input: TLeadCreate,
  phone: string | undefined,
  { by, key, publicForm }: { by: string; key: string | null; publicForm: boolean },
): Promise<Lead> {
  const fill = publicForm
    ? {}
    : {
        ...(!lead.phone && phone ? { phone } : {}),
        ...(!lead.lastName && input.lastName ? { lastName: input.lastName } : {}),
        ...(!lead.company && input.company ? { company: input.company } : {}),
        ...(!lead.source && input.source ? { source: input.source } : {}),
      };
  const touch = await deps.prisma.leadEvent.create({
    data: {
      leadId: lead.id,
      type: 'lead.touch',
      idempotencyKey: key,
      data: {
        source: input.source ?? null,
        campaign: input.campaign ?? null,
        matchedOn: lead.email === input.email ? 'email' : 'phone',
        email: input.email,
        by,
        filled: Object.keys(fill),
      },
    },
  });
  const updated = Object.keys(fill).length
    ? await deps.prisma.lead.update({ where: { id: lead.id }, data: { ...fill, ...searchFieldsAfter(lead, fill) } })
    : lead;
  if (input.consent && !publicForm) await recordConsent(deps.prisma, lead.id, { ...input.consent, action: 'GRANTED' });
  if (lead.ownerEmail) {
    await notify(deps, {
      // A public form's touches reach the owner once a day per lead: the day's key starts one notice.
      idempotencyKey: publicForm ? `touch/${lead.id}/${touch.occurredAt.toISOString().slice(0, 10)}` : `touch/${touch.id}`,
      leadId: lead.id,
      to: 'owner',
      subject: 'A lead of yours got in touch again',
      message: `New request${input.source ? ` via ${input.source.toLowerCase().replace(/_/g, ' ')}` : ''}${input.campaign ? ` (campaign ${input.campaign})` : ''}. It was added to the existing card.`,
    });
  }
  return updated;
}
