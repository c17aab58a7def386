import { z } from 'zod';
import { normalizeEmail } from '../leads/schemas';

export const ZTaskId = z.object({ id: z.uuid() });

export const ZTaskQuery = z.object({
  /** The rep's email; omit for every rep's tasks (managers). */
  assignee: z.string().transform(normalizeEmail).pipe(z.email()).optional(),
  status: z.enum(['OPEN', 'DONE', 'CANCELLED']).optional(),
  /** Only open tasks past their due time. */
  overdue: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** What came of it. meeting_booked tells the lead's journeys (a sales cadence stops on it). */
export const TASK_OUTCOMES = ['done', 'no_answer', 'callback', 'meeting_booked', 'not_interested'] as const;

export const ZTaskCompletion = z.object({
  result: z.string().trim().min(1, 'say what happened').max(2000),
  outcome: z.enum(TASK_OUTCOMES).default('done'),
});
export type TTaskCompletion = z.infer<typeof ZTaskCompletion>;

export const ZTask = z.object({
  id: z.string(),
  leadId: z.string(),
  enrollmentId: z.string().nullable(),
  kind: z.string(),
  title: z.string(),
  assigneeEmail: z.string().nullable(),
  dueAt: z.date(),
  status: z.enum(['OPEN', 'DONE', 'CANCELLED']),
  result: z.string().nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  remindedAt: z.date().nullable(),
  escalatedAt: z.date().nullable(),
  escalatedTo: z.string().nullable(),
  overdue: z.boolean(),
});
