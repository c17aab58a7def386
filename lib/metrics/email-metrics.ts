/**
 * Email outcome metrics, recorded by the send activity through one call (`recordSendOutcome`):
 *
 *   nurture_emails_total{outcome, category, sequence, reason}   sent / failed / suppressed / postponed / skipped / retrying
 *   nurture_email_send_duration_seconds{outcome, category}     one activity attempt, start to outcome
 *   nurture_email_due_lag_seconds{category}                    due (journey time) → SMTP accepted, for sent mail
 *
 * `sequence` is the sequence key taken from the journey's workflow id (journey/<key>/<lead>),
 * "none" for single sends; `reason` is a class from a fixed list (reasonClass), never free text.
 */
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry';

export const SEND_OUTCOMES = ['sent', 'failed', 'suppressed', 'postponed', 'skipped', 'retrying'] as const;
export type TSendOutcome = (typeof SEND_OUTCOMES)[number];

export const emailsTotal = new Counter({
  name: 'nurture_emails_total',
  help: 'Lead emails by outcome (sent, failed, suppressed, postponed, skipped, retrying), category, sequence key and reason class.',
  labelNames: ['outcome', 'category', 'sequence', 'reason'] as const,
  registers: [metricsRegistry],
});

export const emailSendDuration = new Histogram({
  name: 'nurture_email_send_duration_seconds',
  help: 'Duration of one send attempt (policy, render, claim, SMTP, record), by outcome and category.',
  labelNames: ['outcome', 'category'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export const emailDueLag = new Histogram({
  name: 'nurture_email_due_lag_seconds',
  help: 'Lag from the time an email was due (journey time) to SMTP acceptance, for sent emails.',
  labelNames: ['category'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
  registers: [metricsRegistry],
});

const REASON_CLASSES: [RegExp, string][] = [
  [/^sending paused/, 'sender-paused'],
  [/paused by the lead/, 'lead-paused'],
  [/quiet hours/, 'quiet-hours'],
  [/frequency cap/, 'frequency-cap'],
  [/^unsubscribed/, 'unsubscribed'],
  [/^opted-out:/, 'opted-out'],
  [/^no-consent/, 'no-consent'],
  [/^suppressed:hard/i, 'hard-bounce'],
  [/^suppressed:soft/i, 'soft-bounce'],
  [/^suppressed:complaint/i, 'complaint'],
  [/^suppressed:/, 'suppressed'],
  [/^no \w+ offer left/, 'no-offer'],
  [/interrupted at SMTP/, 'interrupted'],
  [/^SMTP_REJECTED:hard$/, 'hard-bounce'],
  [/^SMTP_REJECTED:soft$/, 'soft-bounce'],
  [/^SMTP_REJECTED/, 'smtp-rejected'],
  [/^NOT_FOUND$/, 'not-found'],
];

/** A bounded class for a free-text reason ("quiet hours 21:00-08:00 Europe/Helsinki" → "quiet-hours"). */
export function reasonClass(reason: string | undefined, outcome: TSendOutcome): string {
  if (!reason) return outcome === 'failed' ? 'smtp-rejected' : outcome === 'retrying' ? 'transient' : 'none';
  // A postponement may carry several reasons ("quiet hours …; frequency cap …"): the first names it.
  const first = reason.split('; ')[0] ?? reason;
  for (const [pattern, name] of REASON_CLASSES) if (pattern.test(first)) return name;
  return outcome === 'failed' ? 'smtp-rejected' : 'other';
}

/** The sequence key of a journey workflow id (journey/<sequence>/<lead>), else "none". */
export function sequenceOf(workflowId: string | undefined | null): string {
  const match = workflowId ? /^journey\/([^/]+)\//.exec(workflowId) : null;
  return match?.[1] ?? 'none';
}

export type TSendOutcomeRecord = {
  outcome: TSendOutcome;
  category: string | undefined;
  workflowId?: string | undefined;
  reason?: string | undefined;
  /** When this attempt started (Date.now()). */
  startedAtMs: number;
  /** When the email was due (journey time), for the lag histogram of sent emails. */
  scheduledForMs?: number | undefined;
  /** True when the key was already settled: counted nowhere (it was counted the first time). */
  alreadySettled?: boolean;
};

/** Records one send attempt's outcome. Never throws: metrics must not fail a send. */
export function recordSendOutcome(record: TSendOutcomeRecord): void {
  try {
    if (record.alreadySettled) return;
    const now = Date.now();
    const category = record.category === 'sales' ? 'sales' : record.category === 'transactional' ? 'transactional' : 'marketing';
    emailsTotal.inc({
      outcome: record.outcome,
      category,
      sequence: sequenceOf(record.workflowId),
      reason: reasonClass(record.reason, record.outcome),
    });
    emailSendDuration.observe({ outcome: record.outcome, category }, Math.max(0, now - record.startedAtMs) / 1000);
    if (record.outcome === 'sent' && record.scheduledForMs !== undefined) {
      emailDueLag.observe({ category }, Math.max(0, now - record.scheduledForMs) / 1000);
    }
  } catch {
    // a metric that cannot be recorded is not worth a failed send
  }
}

/**
 * Wraps a send function so every call records its outcome: a result by its status, a thrown
 * SMTP_REJECTED as "failed", anything else thrown as "retrying" (Temporal retries it).
 */
export function withSendMetrics<
  TInput extends { category?: string | undefined; workflowId?: string | undefined; scheduledForMs?: number | undefined },
  TResult extends { status: string; reason?: string | undefined; alreadySettled: boolean },
>(send: (input: TInput) => Promise<TResult>): (input: TInput) => Promise<TResult> {
  const named = async (input: TInput): Promise<TResult> => {
    const startedAtMs = Date.now();
    const base = { category: input.category, workflowId: input.workflowId, startedAtMs, scheduledForMs: input.scheduledForMs };
    try {
      const result = await send(input);
      const outcome = (SEND_OUTCOMES as readonly string[]).includes(result.status) ? (result.status as TSendOutcome) : 'failed';
      recordSendOutcome({ ...base, outcome, reason: result.reason, alreadySettled: result.alreadySettled });
      return result;
    } catch (e) {
      const failure = e as { type?: unknown; nonRetryable?: unknown; details?: unknown };
      const rejected = failure.type === 'SMTP_REJECTED' || failure.nonRetryable === true;
      const detail = Array.isArray(failure.details) ? (failure.details[0] as { bounce?: unknown } | undefined) : undefined;
      const bounce = typeof detail?.bounce === 'string' ? `:${detail.bounce}` : '';
      const reason = typeof failure.type === 'string' ? `${failure.type}${bounce}` : undefined;
      recordSendOutcome({ ...base, outcome: rejected ? 'failed' : 'retrying', ...(rejected ? { reason } : {}) });
      throw e;
    }
  };
  Object.defineProperty(named, 'name', { value: send.name });
  return named;
}
