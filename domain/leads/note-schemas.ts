/**
 * Calls and notes a person logs on a lead (POST /leads/:id/notes): the input schema, pure (the
 * console validates its form with it), and the timeline event types they become.
 */
import { z } from 'zod';

export const NOTE_KINDS = ['note', 'call'] as const;
export type TNoteKind = (typeof NOTE_KINDS)[number];

/** How a call went. */
export const CALL_OUTCOMES = ['reached', 'voicemail', 'no_answer', 'wrong_number'] as const;
export type TCallOutcome = (typeof CALL_OUTCOMES)[number];

/** The LeadEvent type each kind is recorded as. */
export const NOTE_EVENT_TYPES = { note: 'note.logged', call: 'call.logged' } as const satisfies Record<TNoteKind, string>;

/**
 * Timeline events that are a person working the lead: they count as the owner acting for the
 * routing SLA (activities/leads/check-lead-sla.ts).
 */
export const OWNER_ACTIVITY_EVENT_TYPES: readonly string[] = Object.values(NOTE_EVENT_TYPES);

export const NOTE_TEXT_MAX = 5000;

export const ZLeadNoteInput = z
  .object({
    kind: z.enum(NOTE_KINDS, { error: 'must be "note" or "call"' }),
    text: z
      .string({ error: 'write the note' })
      .trim()
      .min(1, 'write what was said or done')
      .max(NOTE_TEXT_MAX, `keep it under ${NOTE_TEXT_MAX.toLocaleString('en')} characters`),
    outcome: z.enum(CALL_OUTCOMES, { error: `must be one of ${CALL_OUTCOMES.join(', ')}` }).optional(),
  })
  .superRefine((note, ctx) => {
    if (note.kind !== 'call' && note.outcome !== undefined)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'is only for calls (kind "call")' });
  });
export type TLeadNoteInput = z.infer<typeof ZLeadNoteInput>;

/** Who logged it, as recorded on the timeline event. */
export type TNoteAuthor = { kind: 'api-key' | 'session'; id: string; name: string; role: string };

/** The `data` of a note.logged / call.logged event. */
export type TNoteEventData = { text: string; outcome?: TCallOutcome; by: TNoteAuthor };
