/**
 * Per sequence, per email step and per split variant: enrolled, sent, opened, clicked, replied,
 * unsubscribed, converted. Opens, clicks and replies count messages (a lead clicking twice is one
 * click); converted counts leads who became customers after enrolling (per step: after that
 * email; per variant: after the assignment). An unsubscribe is counted for the sequence (the
 * enrollment ended by it) and for the step whose email the lead received last before it.
 * Variants come from the `step.split` timeline rows a split step writes (SPLIT_EVENT_TYPE).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { inPeriod, rate, SPLIT_EVENT_TYPE, type TKpiPeriod } from './schemas';

const ENGAGEMENTS = ['opened', 'clicked', 'replied'] as const;

export async function getSequenceKpis(prisma: PrismaClient, period: TKpiPeriod) {
  const enrollments = await prisma.enrollment.findMany({
    where: inPeriod('startedAt', period),
    select: {
      id: true,
      leadId: true,
      startedAt: true,
      exitReason: true,
      sequence: { select: { key: true, name: true } },
      lead: { select: { unsubscribedAt: true } },
    },
  });
  const enrollmentIds = enrollments.map((e) => e.id);
  const emails = await prisma.emailMessage.findMany({
    where: { enrollmentId: { in: enrollmentIds }, status: { in: ['SENT', 'BOUNCED'] }, category: { in: ['marketing', 'sales'] } },
    select: { enrollmentId: true, stepId: true, messageId: true, leadId: true, sentAt: true },
  });
  const engaged = await prisma.leadEvent.findMany({
    where: { type: { in: ENGAGEMENTS.map((e) => `engagement.${e}`) }, enrollmentId: { in: enrollmentIds } },
    select: { type: true, data: true },
  });
  const splits = await prisma.leadEvent.findMany({
    where: { type: SPLIT_EVENT_TYPE, enrollmentId: { in: enrollmentIds } },
    select: { enrollmentId: true, data: true, occurredAt: true },
    orderBy: { occurredAt: 'asc' },
  });
  const customers = await prisma.customer.findMany({
    where: { leadId: { in: [...new Set(enrollments.map((e) => e.leadId))] } },
    select: { leadId: true, convertedAt: true },
  });
  const convertedAt = new Map(customers.map((c) => [c.leadId, c.convertedAt.getTime()]));
  const convertedSince = (leadId: string, sinceMs: number) => (convertedAt.get(leadId) ?? -Infinity) >= sinceMs;
  const engagedBy = new Map<string, Set<string>>(ENGAGEMENTS.map((e) => [e, new Set<string>()]));
  for (const ev of engaged) {
    const messageId = (ev.data as { messageId?: unknown }).messageId;
    if (typeof messageId === 'string') engagedBy.get(ev.type.slice('engagement.'.length))?.add(messageId);
  }
  type TRow = (typeof emails)[number];
  const stepOf = (r: TRow) => r.stepId ?? 'unknown';
  const rowsByEnrollment = new Map<string, TRow[]>();
  for (const r of emails) if (r.enrollmentId) rowsByEnrollment.set(r.enrollmentId, [...(rowsByEnrollment.get(r.enrollmentId) ?? []), r]);

  // The step each unsubscribe is charged to: the last email the enrollment sent before it.
  const unsubscribedAtStep = new Map<string, string>();
  for (const e of enrollments) {
    if (e.exitReason !== 'unsubscribed') continue;
    const before = (rowsByEnrollment.get(e.id) ?? []).filter(
      (r) => r.sentAt && (!e.lead.unsubscribedAt || r.sentAt.getTime() <= e.lead.unsubscribedAt.getTime()),
    );
    const last = before.sort((a, b) => a.sentAt!.getTime() - b.sentAt!.getTime()).pop();
    if (last) unsubscribedAtStep.set(e.id, stepOf(last));
  }

  const funnel = (rows: TRow[], unsubscribed: number, converted: number) => {
    const sent = rows.length;
    const count = (e: (typeof ENGAGEMENTS)[number]) => rows.filter((r) => engagedBy.get(e)!.has(r.messageId)).length;
    const [opened, clicked, replied] = ENGAGEMENTS.map(count) as [number, number, number];
    return {
      sent,
      opened,
      clicked,
      replied,
      unsubscribed,
      converted,
      openRate: rate(opened, sent),
      clickRate: rate(clicked, sent),
      replyRate: rate(replied, sent),
    };
  };

  // Each enrollment's variant per split step (the first assignment counts).
  const assignments = new Map<string, { splitStepId: string; variant: string; atMs: number }[]>();
  for (const ev of splits) {
    const { stepId, variant } = ev.data as { stepId?: unknown; variant?: unknown };
    if (!ev.enrollmentId || typeof stepId !== 'string' || typeof variant !== 'string') continue;
    const mine = assignments.get(ev.enrollmentId) ?? [];
    if (!mine.some((a) => a.splitStepId === stepId)) mine.push({ splitStepId: stepId, variant, atMs: ev.occurredAt.getTime() });
    assignments.set(ev.enrollmentId, mine);
  }

  const sequences = new Map(enrollments.map((e) => [e.sequence.key, e.sequence.name]));
  const keys = [...sequences.keys()].sort();
  return {
    items: keys.map((sequenceKey) => {
      const mine = enrollments.filter((e) => e.sequence.key === sequenceKey);
      const rows = mine.flatMap((e) => rowsByEnrollment.get(e.id) ?? []);
      const convertedLeads = new Set(mine.filter((e) => convertedSince(e.leadId, e.startedAt.getTime())).map((e) => e.leadId));
      // Steps in the order their first email went out.
      const firstSent = new Map<string, number>();
      for (const r of rows) firstSent.set(stepOf(r), Math.min(firstSent.get(stepOf(r)) ?? Infinity, r.sentAt?.getTime() ?? Infinity));
      const stepIds = [...firstSent.keys()].sort((x, y) => firstSent.get(x)! - firstSent.get(y)! || x.localeCompare(y));

      const variants = new Map<
        string,
        { splitStepId: string; variant: string; enrollments: { id: string; leadId: string; atMs: number }[] }
      >();
      for (const e of mine) {
        for (const a of assignments.get(e.id) ?? []) {
          const key = JSON.stringify([a.splitStepId, a.variant]);
          const v = variants.get(key) ?? { splitStepId: a.splitStepId, variant: a.variant, enrollments: [] };
          v.enrollments.push({ id: e.id, leadId: e.leadId, atMs: a.atMs });
          variants.set(key, v);
        }
      }
      const exitedByUnsubscribe = new Set(mine.filter((e) => e.exitReason === 'unsubscribed').map((e) => e.id));

      return {
        sequenceKey,
        name: sequences.get(sequenceKey)!,
        enrolled: mine.length,
        ...funnel(rows, exitedByUnsubscribe.size, convertedLeads.size),
        conversionRate: rate(convertedLeads.size, new Set(mine.map((e) => e.leadId)).size),
        steps: stepIds.map((stepId) => {
          const stepRows = rows.filter((r) => stepOf(r) === stepId);
          const converted = new Set(stepRows.filter((r) => r.sentAt && convertedSince(r.leadId, r.sentAt.getTime())).map((r) => r.leadId))
            .size;
          const unsubscribed = mine.filter((e) => unsubscribedAtStep.get(e.id) === stepId).length;
          return { stepId, ...funnel(stepRows, unsubscribed, converted) };
        }),
        variants: [...variants.values()]
          .sort((a, b) => a.splitStepId.localeCompare(b.splitStepId) || a.variant.localeCompare(b.variant))
          .map((v) => {
            const after = v.enrollments.flatMap((e) =>
              (rowsByEnrollment.get(e.id) ?? []).filter((r) => r.sentAt && r.sentAt.getTime() >= e.atMs),
            );
            const converted = new Set(v.enrollments.filter((e) => convertedSince(e.leadId, e.atMs)).map((e) => e.leadId)).size;
            const unsubscribed = v.enrollments.filter((e) => exitedByUnsubscribe.has(e.id)).length;
            return {
              splitStepId: v.splitStepId,
              variant: v.variant,
              enrolled: v.enrollments.length,
              ...funnel(after, unsubscribed, converted),
              conversionRate: rate(converted, new Set(v.enrollments.map((e) => e.leadId)).size),
            };
          }),
      };
    }),
  };
}
