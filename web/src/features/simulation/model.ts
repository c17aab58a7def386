/**
 * The simulation page's pure logic: the form's state, the request it becomes (checked with the
 * API's own zod schema), field errors from the schema or the API, and how a result reads (times
 * in the lead's zone, the kind of each entry, the run's summary).
 */
import { ZSimulationRequest, type TSimulatedLead, type TSimulationRequestInput, type TSimulationResult } from '@domain/simulation/schemas';
import { ApiError } from '../../api/errors';
import type { TTranslate } from '../../lib/translate';

export type TEvent = 'opened' | 'clicked' | 'replied';
/** The events an assumption can make up; their words are console.simulation.assumedEvent.<event>. */
export const EVENTS: readonly TEvent[] = ['opened', 'clicked', 'replied'];

/** Zones offered as checkboxes; any other IANA zone can be typed in. */
export const COMMON_ZONES = [
  'Asia/Almaty',
  'Europe/Helsinki',
  'America/New_York',
  'Europe/London',
  'Europe/Berlin',
  'Europe/Bucharest',
  'Asia/Yerevan',
  'Asia/Tokyo',
  'Asia/Kolkata',
  'Australia/Sydney',
  'America/Chicago',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'UTC',
] as const;
export const DEFAULT_ZONES: readonly string[] = ['Asia/Almaty', 'Europe/Helsinki', 'America/New_York'];
export const LOCALES = ['en', 'fi', 'ru', 'kk', 'hy', 'ro', 'mt'] as const;

export type TSourceKind = 'samples' | 'leads' | 'view';
export type TChosenLead = { id: string; label: string };
export type TAssumptionRow = { key: number; step: string; event: TEvent; after: string };

export type TForm = {
  source: TSourceKind;
  timeZones: string[];
  perZone: string;
  locale: string;
  chosen: TChosenLead[];
  /** The API query of the chosen saved view (already resolved for "me"). */
  viewQuery: Record<string, string> | null;
  assumptions: TAssumptionRow[];
  horizonDays: string;
};

export const initialForm = (): TForm => ({
  source: 'samples',
  timeZones: [...DEFAULT_ZONES],
  perZone: '1',
  locale: 'en',
  chosen: [],
  viewQuery: null,
  assumptions: [],
  horizonDays: '60',
});

export type TSequenceRef = { key: string; version?: number } | { definition: unknown };

/** The numbers as typed: an empty or non-numeric box stays NaN so the schema names the field. */
const num = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

export function toRequest(form: TForm, sequence: TSequenceRef): TSimulationRequestInput {
  const leads: TSimulationRequestInput['leads'] =
    form.source === 'samples'
      ? { kind: 'samples', timeZones: form.timeZones, perZone: num(form.perZone), locale: form.locale }
      : form.source === 'leads'
        ? { kind: 'leads', leadIds: form.chosen.map((l) => l.id) }
        : { kind: 'view', query: form.viewQuery ?? {} };
  return {
    sequence,
    leads,
    assumptions: form.assumptions.map(({ step, event, after }) => ({ step, event, after: after.trim() })),
    horizonDays: num(form.horizonDays),
  };
}

/** Problems by field path ("leads.perZone", "assumptions.0.after"); the form-level ones under "". */
export type TFieldErrors = Record<string, string>;

/** The same checks the API makes on the request's shape, before sending it. */
export function validate(t: TTranslate, form: TForm, sequence: TSequenceRef): { ok: true } | { ok: false; errors: TFieldErrors } {
  const errors: TFieldErrors = {};
  if (form.source === 'view' && !form.viewQuery) errors['leads.query'] = t('simulation.problem.view');
  if (form.source === 'leads' && !form.chosen.length) errors['leads.leadIds'] = t('simulation.problem.leads');
  if (form.source === 'samples' && !form.timeZones.length) errors['leads.timeZones'] = t('simulation.problem.zones');
  const parsed = ZSimulationRequest.safeParse(toRequest(form, sequence));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const path = fieldPath(issue.path.map(String));
      errors[path] ??= issue.code === 'invalid_type' && issue.expected === 'number' ? t('simulation.problem.number') : issue.message;
    }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

/** `leads.timeZones.2` → `leads.timeZones` (one message for the zone list); other paths as they are. */
function fieldPath(parts: string[]): string {
  if (parts[0] === 'leads' && (parts[1] === 'timeZones' || parts[1] === 'leadIds')) return `leads.${parts[1]}`;
  return parts.join('.');
}

/** The API's 400 issues ("body.horizonDays", "body.assumptions[0].after") as field errors. */
export function apiFieldErrors(error: unknown): TFieldErrors {
  if (!(error instanceof ApiError)) return {};
  const errors: TFieldErrors = {};
  for (const issue of error.issues) {
    const path = issue.path.replace(/\[(\d+)\]/g, '.$1').replace(/^body\.?/, '');
    errors[fieldPath(path.split('.'))] ??= issue.message;
  }
  return errors;
}

/** How many leads a run covers, for the progress line ("up to 100" for a view). */
export function leadCountLabel(t: TTranslate, form: TForm): string {
  if (form.source === 'samples') {
    const count = form.timeZones.length * Math.max(1, Math.trunc(Number(form.perZone) || 1));
    return t('simulation.count.samples', { count });
  }
  if (form.source === 'leads') return t('simulation.count.leads', { count: form.chosen.length });
  return t('simulation.count.view');
}

/** The email steps of a definition, for the assumptions ("clicks tips"). */
export function emailStepsOf(definition: unknown): { id: string; label: string }[] {
  const steps = (definition as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) return [];
  return steps
    .filter((s): s is { id: string; type: string; name?: string; email?: { template?: string } } => {
      const step = s as { id?: unknown; type?: unknown };
      return typeof step.id === 'string' && step.type === 'email';
    })
    .map((s, i) => ({
      id: s.id,
      label: `Email ${i + 1}: ${s.name ?? s.id}${s.email?.template ? ` (${s.email.template})` : ''}`,
    }));
}

/** What an entry is, for its row's look and its tag: sends, postponements and waits stand apart. */
export type TEntryKind = 'send' | 'postponed' | 'wait' | 'suppressed' | 'branch' | 'event' | 'end' | 'other';
export function entryKind(type: string): TEntryKind {
  if (type === 'email.sent') return 'send';
  if (type === 'email.postponed') return 'postponed';
  if (type === 'journey.waiting') return 'wait';
  if (type === 'email.suppressed' || type === 'email.skipped' || type === 'email.failed') return 'suppressed';
  if (type === 'step.branch') return 'branch';
  if (type === 'step.event') return 'event';
  if (type === 'journey.completed' || type === 'journey.exited') return 'end';
  return 'other';
}
/** A timeline entry's kind in words (console.simulation.kind.<kind>). */
export const kindLabel = (t: TTranslate, kind: TEntryKind) => t(`simulation.kind.${kind}`);

const safeZone = (timeZone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
};

/** "Tue 1 Dec, 09:00" in the zone, and the zone's short name ("GMT+5", "EET"). */
export function inZone(iso: string, timeZone: string, locale?: string): { text: string; zone: string } {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: safeZone(timeZone),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(date);
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const text = parts
    .filter((p) => p.type !== 'timeZoneName')
    .map((p) => p.value)
    .join('')
    .replace(/[\s,]+$/, '')
    .trim();
  return { text, zone };
}

/** A summary's ISO instants ("waits until 2026-12-03T04:00:00.000Z: …") in the lead's zone, like the time column. */
export const localizeSummary = (summary: string, timeZone: string, locale?: string): string =>
  summary.replace(/\b\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z\b/g, (iso) => {
    const local = inZone(iso, timeZone, locale);
    return `${local.text} ${local.zone}`;
  });

/** The same instant in UTC, for the secondary line and the hover title. */
export const inUtc = (iso: string, locale?: string): string => `${inZone(iso, 'UTC', locale).text} UTC`;

export type TRunSummary = {
  leads: number;
  completed: number;
  exited: number;
  running: number;
  emailsMin: number;
  emailsMax: number;
  emailsAverage: number;
};

export function summarize(result: Pick<TSimulationResult, 'leads'>): TRunSummary {
  const emails = result.leads.map((l) => l.emails);
  const count = (status: TSimulatedLead['outcome']['status']) => result.leads.filter((l) => l.outcome.status === status).length;
  return {
    leads: result.leads.length,
    completed: count('completed'),
    exited: count('exited'),
    running: count('running'),
    emailsMin: emails.length ? Math.min(...emails) : 0,
    emailsMax: emails.length ? Math.max(...emails) : 0,
    emailsAverage: emails.length ? Math.round((emails.reduce((a, b) => a + b, 0) / emails.length) * 10) / 10 : 0,
  };
}

/** How a simulated journey ended (console.simulation.outcome.<status>). */
export const outcomeLabel = (t: TTranslate, status: TSimulatedLead['outcome']['status']) => t(`simulation.outcome.${status}`);
