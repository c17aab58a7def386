/**
 * The win-back farewell's one-question form (DOMAIN.md: "asks a short questionnaire about the
 * reason"): the answer is recorded on the timeline and as the lead's lost reason.
 */
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

export const REFUSAL_REASONS = {
  price: 'The price',
  timing: 'Not the right time',
  competitor: 'We chose another supplier',
  'no-need': 'We do not need it after all',
  service: 'How we were treated',
  other: 'Something else',
} as const;

export const ZRefusalAnswer = z.object({
  reason: z.enum(Object.keys(REFUSAL_REASONS) as [keyof typeof REFUSAL_REASONS, ...(keyof typeof REFUSAL_REASONS)[]], {
    error: 'choose one of the reasons',
  }),
  comment: z.string().trim().max(2000).optional(),
});
export type TRefusalAnswer = z.infer<typeof ZRefusalAnswer>;

export async function answerRefusal(prisma: PrismaClient, leadId: string, answer: TRefusalAnswer): Promise<void> {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true, lostReason: true } });
  if (!lead) throw new AppError('NOT_FOUND', 'This link is no longer valid');
  await prisma.$transaction([
    prisma.leadEvent.create({
      data: { leadId, type: 'lead.refusal_answered', data: { reason: answer.reason, comment: answer.comment ?? null } },
    }),
    prisma.lead.update({
      where: { id: leadId },
      data: {
        lostReason: `${lead.lostReason ? `${lead.lostReason}; ` : ''}questionnaire: ${answer.reason}${answer.comment ? ` (${answer.comment})` : ''}`,
      },
    }),
  ]);
}
