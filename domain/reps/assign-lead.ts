/**
 * Routing (DOMAIN.md: "hot leads go to the best managers"): hot leads to the top tier (1), cold
 * to the lowest, warm in between, each falling back to the other tiers when full; round-robin
 * within a tier (the rep assigned longest ago first), never over a rep's capacity of open leads.
 * The new owner is notified and the routing SLA starts (workflows/lead-sla-workflow.ts).
 */
import type { Rep } from '../../generated/prisma/client';
import { notify, startLeadSla, type TCrmDeps } from '../crm/crm-deps';
import { countOpenLeads } from './count-open-leads';
import { staffLocaleOf, staffTranslatorFor } from '../staff/staff-translator';

/** Tiers in the order a lead of this heat tries them. */
export function tierOrder(tiers: number[], heat: 'HOT' | 'WARM' | 'COLD'): number[] {
  const asc = [...new Set(tiers)].sort((a, b) => a - b);
  if (heat === 'HOT') return asc;
  if (heat === 'COLD') return [...asc].reverse();
  const middle = asc[Math.floor((asc.length - 1) / 2)];
  return middle === undefined ? [] : [middle, ...asc.filter((t) => t !== middle)];
}

export async function pickRep(
  deps: Pick<TCrmDeps, 'prisma'>,
  heat: 'HOT' | 'WARM' | 'COLD',
  exclude: string[] = [],
): Promise<Rep | undefined> {
  const reps = (await deps.prisma.rep.findMany({ where: { active: true } })).filter((r) => !exclude.includes(r.email));
  if (!reps.length) return undefined;
  const load = await countOpenLeads(
    deps.prisma,
    reps.map((r) => r.email),
  );
  for (const tier of tierOrder(
    reps.map((r) => r.tier),
    heat,
  )) {
    const free = reps
      .filter((r) => r.tier === tier && (load.get(r.email) ?? 0) < r.capacity)
      .sort((a, b) => (a.lastAssignedAt?.getTime() ?? 0) - (b.lastAssignedAt?.getTime() ?? 0) || a.email.localeCompare(b.email));
    if (free[0]) return free[0];
  }
  return undefined;
}

export async function assignLead(
  deps: TCrmDeps,
  leadId: string,
  /** watchSla: false when the SLA watch itself reassigns (it carries on watching the new owner). */
  options: { reason: string; exclude?: string[]; atMs?: number; watchSla?: boolean },
): Promise<Rep | undefined> {
  // No reps defined: routing is not in use (owners are set by hand or by the CRM); nothing to say.
  if ((await deps.prisma.rep.count({ where: { active: true } })) === 0) return undefined;
  const lead = await deps.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
  const rep = await pickRep(deps, lead.heat, options.exclude);
  if (!rep) {
    await deps.prisma.leadEvent.create({
      data: { leadId, type: 'lead.unassigned', data: { reason: 'no rep with free capacity', heat: lead.heat } },
    });
    return undefined;
  }
  const assignedAt = new Date(options.atMs ?? Date.now());
  await deps.prisma.$transaction([
    deps.prisma.lead.update({ where: { id: leadId }, data: { ownerEmail: rep.email, ownerName: rep.name, assignedAt } }),
    deps.prisma.rep.update({ where: { id: rep.id }, data: { lastAssignedAt: assignedAt } }),
    deps.prisma.leadEvent.create({
      data: {
        leadId,
        type: 'lead.assigned',
        occurredAt: assignedAt,
        data: { to: rep.email, tier: rep.tier, from: lead.ownerEmail, reason: options.reason, heat: lead.heat },
      },
    }),
  ]);
  // In the rep's language (ADR-049): the rep card's own, else its user's, else STAFF_LOCALE.
  const tr = staffTranslatorFor(rep.locale ?? (await staffLocaleOf({ prisma: deps.prisma }, rep.email)));
  await notify(deps, {
    idempotencyKey: `assigned/${leadId}/${assignedAt.getTime()}`,
    leadId,
    to: { email: rep.email },
    subject: tr.t('staff.assigned.subject', { heat: lead.heat }),
    message: tr.t('staff.assigned.body', { reason: options.reason }),
  });
  if (options.watchSla ?? true) await startLeadSla(deps, { id: leadId, heat: lead.heat, ownerEmail: rep.email, assignedAt });
  return rep;
}
