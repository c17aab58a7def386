import { z } from 'zod';
import { LEAD_HEATS, LEAD_SOURCES, LEAD_STATUSES, normalizeEmail, ZLead } from '../schemas';
import { decodeCursor, LEAD_SORTS } from './cursor';

/** A comma-separated list (or the parameter repeated), deduplicated. */
const list = <T extends z.ZodType<string, string>>(item: T, options: { upper?: boolean } = {}) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) => [
      ...new Set(
        [v]
          .flat()
          .flatMap((s) => s.split(','))
          .map((s) => (options.upper ? s.trim().toUpperCase() : s.trim()))
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(item).min(1, 'name at least one value'));

const DATE_MESSAGE = 'must be an ISO date (2026-11-30) or a date-time with offset (2026-11-30T12:00:00Z)';
const ZDateOrDateTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: DATE_MESSAGE });
const DAY_MS = 86_400_000;
const isDateOnly = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

export const ZLeadSearchQuery = z
  .object({
    q: z
      .string()
      .trim()
      .max(200)
      .optional()
      .meta({
        description:
          'Free text: every word must occur in the first or last name, email, company or phone (substring; case, accents and diacritics ignored, any script). ' +
          'A phone-like q (digits, spaces, +, -, dots, brackets) matches phone digits, however formatted.',
      }),
    status: list(z.enum(LEAD_STATUSES), { upper: true })
      .optional()
      .meta({ description: `One or more of ${LEAD_STATUSES.join(', ')}, comma-separated` }),
    heat: list(z.enum(LEAD_HEATS), { upper: true })
      .optional()
      .meta({ description: `One or more of ${LEAD_HEATS.join(', ')}, comma-separated` }),
    source: list(z.enum(LEAD_SOURCES), { upper: true })
      .optional()
      .meta({ description: `One or more of ${LEAD_SOURCES.join(', ')}, comma-separated` }),
    owner: z
      .string()
      .transform(normalizeEmail)
      .refine((v) => v === 'none' || z.email().safeParse(v).success, 'must be an email address, or "none" for leads without an owner')
      .transform((v) => (v === 'none' ? null : v))
      .optional()
      .meta({ description: 'The owning rep\'s email, or "none" for unassigned leads' }),
    tag: list(z.string().max(60)).optional().meta({ description: 'Leads with any of these tags, comma-separated' }),
    scoreMin: z.coerce.number().int().optional().meta({ description: 'Score at least this (inclusive)' }),
    scoreMax: z.coerce.number().int().optional().meta({ description: 'Score at most this (inclusive)' }),
    createdFrom: ZDateOrDateTime.transform((s) => new Date(isDateOnly(s) ? `${s}T00:00:00Z` : s))
      .optional()
      .meta({ description: 'Created at or after this date (UTC midnight) or date-time' }),
    createdTo: ZDateOrDateTime
      // Held as an exclusive bound: a date includes its whole UTC day, a date-time itself (ms precision).
      .transform((s) => new Date(isDateOnly(s) ? Date.parse(`${s}T00:00:00Z`) + DAY_MS : Date.parse(s) + 1))
      .optional()
      .meta({ description: 'Created at or before this date-time, or on or before this date (its whole UTC day)' }),
    hasOpenTasks: z
      .stringbool({ error: 'must be true or false' })
      .optional()
      .meta({ description: 'true: leads with a task still OPEN (neither DONE nor CANCELLED); false: leads without one' }),
    hasOverdueTasks: z
      .stringbool({ error: 'must be true or false' })
      .optional()
      .meta({ description: 'true: leads with an OPEN task whose due date has passed (overdue follow-ups); false: leads without one' }),
    sort: z
      .enum(LEAD_SORTS)
      .default('-createdAt')
      .meta({ description: 'Sort key; "-" for descending. name is "first last", folded like q' }),
    limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'Page size, 1–100' }),
    cursor: z
      .string()
      .max(1000)
      .transform((text, ctx) => {
        const cursor = decodeCursor(text);
        if ('problem' in cursor) {
          ctx.addIssue({ code: 'custom', message: cursor.problem });
          return z.NEVER;
        }
        return cursor;
      })
      .optional()
      .meta({ description: "The previous page's nextCursor, with the same sort and filters" }),
  })
  .superRefine((query, ctx) => {
    if (query.scoreMin !== undefined && query.scoreMax !== undefined && query.scoreMin > query.scoreMax)
      ctx.addIssue({ code: 'custom', path: ['scoreMin'], message: `must not be greater than scoreMax (${query.scoreMax})` });
    if (query.createdFrom && query.createdTo && query.createdFrom >= query.createdTo)
      ctx.addIssue({ code: 'custom', path: ['createdTo'], message: 'must not be before createdFrom' });
    if (query.cursor && query.cursor.sort !== query.sort)
      ctx.addIssue({
        code: 'custom',
        path: ['cursor'],
        message: `belongs to sort=${query.cursor.sort}, not sort=${query.sort}: start again without a cursor`,
      });
  });
export type TLeadSearchQuery = z.infer<typeof ZLeadSearchQuery>;
/** What callers other than HTTP pass: defaults filled in by the schema. */
export type TLeadSearchInput = z.input<typeof ZLeadSearchQuery>;

export const ZLeadSearchPage = z.object({
  items: z.array(ZLead),
  /** All leads matching q and the filters, not just this page. */
  total: z.number().int(),
  /** Pass as cursor for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type TLeadSearchPage = z.infer<typeof ZLeadSearchPage>;
