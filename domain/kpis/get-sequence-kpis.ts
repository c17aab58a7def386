/**
 * Per sequence and per email step: enrolled, sent, opened, clicked, replied, unsubscribed,
 * converted. Opens, clicks and replies count messages (a lead clicking twice is one click);
 * converted counts leads who became customers after enrolling (per step: after that email).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { inPeriod, rate, type TKpiPeriod } from './schemas';

const ENGAGEMENTS = ['opened', 'clicked', 'replied'] as const;

export async function getSequenceKpis(prisma: PrismaClient, period: TKpiPeriod) {
  const enrollments = await prisma.enrollment.findMany({
    where: inPeriod('startedAt', period),
    select: { id: true, leadId: true, startedAt: true, exitReason: true, sequence: { select: { key: true } } },
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
  const customers = await prisma.customer.findMany({
    where: { leadId: { in: [...new Set(enrollments.map((e) => e.leadId))] } },
    select: { leadId: true, convertedAt: true },
  });
  const convertedAt = new Map(customers.map((c) => [c.leadId, c.convertedAt.getTime()]));
  const engagedBy = new Map<string, Set<string>>(ENGAGEMENTS.map((e) => [e, new Set<string>()]));
  for (const ev of engaged) {
    const messageId = (ev.data as { messageId?: unknown }).messageId;
    if (typeof messageId === 'string') engagedBy.get(ev.type.slice('engagement.'.length))?.add(messageId);
  }
  const funnel = (rows: typeof emails, converted: number) => {
    const sent = rows.length;
    const count = (e: (typeof ENGAGEMENTS)[number]) => rows.filter((r) => engagedBy.get(e)!.has(r.messageId)).length;
    const [opened, clicked, replied] = ENGAGEMENTS.map(count) as [number, number, number];
    return {
      sent,
      opened,
      clicked,
      replied,
      converted,
      openRate: rate(opened, sent),
      clickRate: rate(clicked, sent),
      replyRate: rate(replied, sent),
    };
  };
  const keys = [...new Set(enrollments.map((e) => e.sequence.key))].sort();
  return {
    items: keys.map((sequenceKey) => {
      const mine = enrollments.filter((e) => e.sequence.key === sequenceKey);
      const ids = new Set(mine.map((e) => e.id));
      const rows = emails.filter((m) => m.enrollmentId && ids.has(m.enrollmentId));
      const convertedLeads = new Set(
        mine.filter((e) => (convertedAt.get(e.leadId) ?? -Infinity) >= e.startedAt.getTime()).map((e) => e.leadId),
      );
      // Steps in the order their first email went out.
      const firstSent = new Map<string, number>();
      for (const r of rows) {
        const id = r.stepId ?? 'unknown';
        firstSent.set(id, Math.min(firstSent.get(id) ?? Infinity, r.sentAt?.getTime() ?? Infinity));
      }
      const stepIds = [...firstSent.keys()].sort((x, y) => firstSent.get(x)! - firstSent.get(y)! || x.localeCompare(y));
      return {
        sequenceKey,
        enrolled: mine.length,
        unsubscribed: mine.filter((e) => e.exitReason === 'unsubscribed').length,
        ...funnel(rows, convertedLeads.size),
        conversionRate: rate(convertedLeads.size, new Set(mine.map((e) => e.leadId)).size),
        steps: stepIds.map((stepId) => {
          const stepRows = rows.filter((r) => (r.stepId ?? 'unknown') === stepId);
          const converted = new Set(
            stepRows.filter((r) => r.sentAt && (convertedAt.get(r.leadId) ?? -Infinity) >= r.sentAt.getTime()).map((r) => r.leadId),
          ).size;
          return { stepId, ...funnel(stepRows, converted) };
        }),
      };
    }),
  };
}
