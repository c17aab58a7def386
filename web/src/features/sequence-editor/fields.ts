/**
 * Every field of every step type (journey/definition.ts), with the helper text the side panel
 * shows under its label. One table, so a field the language gains is one line here.
 */
import { ENGAGEMENT_EVENTS, SPLIT_METRICS, WEBHOOK_STEP_FIELDS, type TStepType } from '@journey/definition';

export type TFieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'select'
  | 'duration'
  | 'datetime'
  | 'stepRef'
  | 'earlierStep'
  | 'list'
  | 'condition'
  | 'optionalCondition'
  | 'eventMap'
  | 'answerMap'
  | 'webhookAnswer'
  | 'variants'
  | 'splitVariants'
  | 'splitWinner'
  | 'notifyTo';
export type TFieldSpec = {
  path: string;
  label: string;
  hint: string;
  kind: TFieldKind;
  options?: readonly string[];
  /** Shown only when this holds for the step (e.g. the answer fields of a webhook that waits for one). */
  shownWhen?: (step: Record<string, unknown>) => boolean;
};
const hasWinner = (step: Record<string, unknown>) => Boolean((step['split'] as Record<string, unknown> | undefined)?.['winner']);
const answers = (step: Record<string, unknown>) => Boolean((step['webhook'] as Record<string, unknown> | undefined)?.['answer']);

const DURATION_HINT = 'A duration like "3 days", "36 hours", "90 minutes" or "2 weeks".';
export const EVENTS: readonly string[] = ENGAGEMENT_EVENTS;

export const STEP_FIELDS: Record<TStepType, TFieldSpec[]> = {
  email: [
    { path: 'email.template', label: 'Template', kind: 'text', hint: 'The key of the email template (see Templates), e.g. "welcome".' },
    {
      path: 'email.variants',
      label: 'Language variants',
      kind: 'variants',
      hint: 'Per-locale templates, e.g. fi → welcome-fi. The lead’s locale picks one; the template above is the fallback.',
    },
    {
      path: 'email.from',
      label: 'Sender',
      kind: 'select',
      options: ['marketing', 'owner'],
      hint: 'marketing: the sequence’s sender, obeys unsubscribe. owner: a 1:1 email from the lead’s rep.',
    },
    {
      path: 'email.offer',
      label: 'Product offer',
      kind: 'select',
      options: ['cross', 'up', 'current'],
      hint: 'Fills {{offer.name}}, {{offer.price}}, {{offer.url}}: cross (related to a purchase), up (a higher tier) or current (the newest product). Nothing to offer skips the step.',
    },
  ],
  wait: [
    {
      path: 'wait.duration',
      label: 'Duration',
      kind: 'duration',
      hint: `${DURATION_HINT} Set exactly one of duration, business days, until, date attribute.`,
    },
    {
      path: 'wait.businessDays',
      label: 'Business days',
      kind: 'number',
      hint: 'Monday to Friday in the lead’s time zone, skipping its holidays (1–260).',
    },
    {
      path: 'wait.until',
      label: 'Until (date and time)',
      kind: 'datetime',
      hint: 'An ISO date-time with offset, like 2026-12-01T09:00:00+02:00.',
    },
    {
      path: 'wait.untilAttribute',
      label: 'Until the date in lead attribute',
      kind: 'text',
      hint: 'The name of a lead attribute holding a date (YYYY-MM-DD or ISO date-time), e.g. "renewalDate".',
    },
    { path: 'wait.offset', label: 'Offset from that date', kind: 'text', hint: 'With a date attribute: like "-1 day" or "+2 hours".' },
  ],
  waitForEvent: [
    {
      path: 'waitForEvent.on',
      label: 'Outcomes',
      kind: 'eventMap',
      hint: 'For each event the journey waits for, where it continues ("next step" is the following one). Custom events are custom:<name>.',
    },
    { path: 'waitForEvent.timeout', label: 'Give up after', kind: 'duration', hint: DURATION_HINT },
    {
      path: 'waitForEvent.onTimeout',
      label: 'When no event came',
      kind: 'stepRef',
      hint: 'Where the journey continues after the timeout.',
    },
  ],
  split: [
    {
      path: 'split.variants',
      label: 'Variants',
      kind: 'splitVariants',
      hint: 'Each lead goes to one variant, by weight, and always the same one. Name each (e.g. A, B) and say where it continues.',
    },
    {
      path: 'split.winner',
      label: 'Send everyone to the winner after a while',
      kind: 'splitWinner',
      hint: 'Once the time below has passed since the first lead was split, every later lead goes to the best variant so far.',
    },
    { path: 'split.winner.after', label: 'Decide after', kind: 'duration', hint: DURATION_HINT, shownWhen: hasWinner },
    {
      path: 'split.winner.metric',
      label: 'Best by',
      kind: 'select',
      options: SPLIT_METRICS,
      hint: 'The share of each variant’s leads who opened, clicked, replied or became customers after their split.',
      shownWhen: hasWinner,
    },
  ],
  branch: [
    {
      path: 'branch.when',
      label: 'Condition',
      kind: 'condition',
      hint: 'On the lead (status, heat, score, tags, attributes) or its engagement with this journey.',
    },
    { path: 'branch.then', label: 'When it holds, go to', kind: 'stepRef', hint: 'The step to continue at when the condition holds.' },
    { path: 'branch.else', label: 'Otherwise, go to', kind: 'stepRef', hint: 'The step to continue at when it does not.' },
  ],
  updateLead: [
    {
      path: 'updateLead.status',
      label: 'Status',
      kind: 'select',
      options: ['NEW', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'],
      hint: 'The lead’s new lifecycle status.',
    },
    { path: 'updateLead.heat', label: 'Heat', kind: 'select', options: ['COLD', 'WARM', 'HOT'], hint: 'How warm the lead is now.' },
    {
      path: 'updateLead.scoreDelta',
      label: 'Score change',
      kind: 'number',
      hint: 'Added to the lead’s score (−1000 to 1000; negative lowers it).',
    },
    { path: 'updateLead.addTags', label: 'Add tags', kind: 'list', hint: 'Comma-separated, up to 20.' },
    { path: 'updateLead.removeTags', label: 'Remove tags', kind: 'list', hint: 'Comma-separated, up to 20.' },
    {
      path: 'updateLead.deferFor',
      label: 'Defer for',
      kind: 'duration',
      hint: `Defers the lead this long from now. ${DURATION_HINT} Set at least one change.`,
    },
  ],
  task: [
    {
      path: 'task.kind',
      label: 'Kind',
      kind: 'select',
      options: ['call', 'meeting', 'send_offer', 'email', 'other'],
      hint: 'What the rep is asked to do.',
    },
    { path: 'task.title', label: 'Title', kind: 'text', hint: 'What the rep sees in their task list (up to 300 characters).' },
    { path: 'task.dueIn', label: 'Due in', kind: 'duration', hint: DURATION_HINT },
  ],
  notify: [
    {
      path: 'notify.to',
      label: 'To',
      kind: 'notifyTo',
      hint: 'The lead’s rep (owner) or an email address. Internal: the lead never gets it.',
    },
    { path: 'notify.subject', label: 'Subject', kind: 'text', hint: 'Up to 200 characters.' },
    { path: 'notify.message', label: 'Message', kind: 'textarea', hint: 'Plain text, up to 5000 characters.' },
  ],
  enroll: [{ path: 'enroll.sequence', label: 'Sequence', kind: 'text', hint: 'The key of a published sequence (not this one).' }],
  repeat: [
    { path: 'repeat.from', label: 'Run again from', kind: 'earlierStep', hint: 'An earlier step; the journey loops back to it.' },
    { path: 'repeat.every', label: 'Every', kind: 'duration', hint: `Waits this long before each run. ${DURATION_HINT}` },
    {
      path: 'repeat.times',
      label: 'Times in all',
      kind: 'number',
      hint: '2–1000. Set at least one bound: times, until, while or date attribute.',
    },
    { path: 'repeat.until', label: 'Until (date and time)', kind: 'datetime', hint: 'An ISO date-time with offset.' },
    { path: 'repeat.while', label: 'While', kind: 'optionalCondition', hint: 'Repeats only while this condition holds.' },
    { path: 'repeat.untilAttribute', label: 'Until the date in lead attribute', kind: 'text', hint: 'e.g. "deferredUntil".' },
  ],
  greetings: [
    {
      path: 'greetings.template',
      label: 'Template',
      kind: 'text',
      hint: 'The greeting template; sent on each holiday of the lead’s language.',
    },
    { path: 'greetings.during', label: 'During', kind: 'duration', hint: `How long the greetings go on. ${DURATION_HINT}` },
  ],
  webhook: [
    {
      path: 'webhook.url',
      label: 'URL',
      kind: 'text',
      hint: 'An http(s) endpoint; it gets a signed POST (Standard Webhooks headers) with the lead’s id.',
    },
    {
      path: 'webhook.fields',
      label: 'Lead fields to send',
      kind: 'list',
      hint: `Comma-separated: ${WEBHOOK_STEP_FIELDS.join(', ')} or attributes.<name> (up to 30).`,
    },
    {
      path: 'webhook.answer',
      label: 'Wait for the reply and branch on it',
      kind: 'webhookAnswer',
      hint: 'The journey waits for the endpoint’s JSON reply and continues by one of its fields (e.g. a CRM answering { "result": "customer" }).',
    },
    {
      path: 'webhook.answer.field',
      label: 'Reply field',
      kind: 'text',
      hint: 'The JSON field of the reply to branch on (default "result").',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.on',
      label: 'Answers',
      kind: 'answerMap',
      hint: 'For each value of that field, where the journey continues.',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.otherwise',
      label: 'Any other answer, go to',
      kind: 'stepRef',
      hint: 'Also when the reply has no such field.',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.onError',
      label: 'When the call fails, go to',
      kind: 'stepRef',
      hint: 'No 2xx answer within its retries, or a refused address.',
      shownWhen: answers,
    },
  ],
  exit: [{ path: 'exit.reason', label: 'Reason', kind: 'text', hint: 'Recorded on the enrollment (e.g. "not interested").' }],
};

export const CONDITION_FIELDS = ['status', 'heat', 'score', 'source', 'locale', 'timeZone', 'company'] as const;
export const CONDITION_OPS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
