/**
 * Every field of every step type (journey/definition.ts). Its label and the helper text the side
 * panel shows under it are console.sequenceEditor.stepField.<path>.label / .hint in the catalogue.
 * One table, so a field the language gains is one line here (and two in locales/en.json).
 */
import { ENGAGEMENT_EVENTS, SPLIT_METRICS, WEBHOOK_STEP_FIELDS, type TStepType } from '@journey/definition';
import type { TTranslate } from '../../lib/translate';

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
export type TFieldShape = {
  path: string;
  kind: TFieldKind;
  options?: readonly string[];
  /** Shown only when this holds for the step (e.g. the answer fields of a webhook that waits for one). */
  shownWhen?: (step: Record<string, unknown>) => boolean;
};
const hasWinner = (step: Record<string, unknown>) => Boolean((step['split'] as Record<string, unknown> | undefined)?.['winner']);
const answers = (step: Record<string, unknown>) => Boolean((step['webhook'] as Record<string, unknown> | undefined)?.['answer']);

/** A field with its words, as the side panel shows it. */
export type TFieldSpec = TFieldShape & { label: string; hint: string };

export const withText = (t: TTranslate, shape: TFieldShape): TFieldSpec => ({
  ...shape,
  label: t(`sequenceEditor.stepField.${shape.path}.label`),
  hint: t(`sequenceEditor.stepField.${shape.path}.hint`, {
    duration: t('sequenceEditor.durationHint'),
    fields: WEBHOOK_STEP_FIELDS.join(', '),
  }),
});
export const EVENTS: readonly string[] = ENGAGEMENT_EVENTS;

export const STEP_FIELDS: Record<TStepType, TFieldShape[]> = {
  email: [
    { path: 'email.template', kind: 'text' },
    {
      path: 'email.variants',
      kind: 'variants',
    },
    {
      path: 'email.from',
      kind: 'select',
      options: ['marketing', 'owner'],
    },
    {
      path: 'email.offer',
      kind: 'select',
      options: ['cross', 'up', 'current'],
    },
  ],
  wait: [
    {
      path: 'wait.duration',
      kind: 'duration',
    },
    {
      path: 'wait.businessDays',
      kind: 'number',
    },
    {
      path: 'wait.until',
      kind: 'datetime',
    },
    {
      path: 'wait.untilAttribute',
      kind: 'text',
    },
    { path: 'wait.offset', kind: 'text' },
  ],
  waitForEvent: [
    {
      path: 'waitForEvent.on',
      kind: 'eventMap',
    },
    { path: 'waitForEvent.timeout', kind: 'duration' },
    {
      path: 'waitForEvent.onTimeout',
      kind: 'stepRef',
    },
  ],
  split: [
    {
      path: 'split.variants',
      kind: 'splitVariants',
    },
    {
      path: 'split.winner',
      kind: 'splitWinner',
    },
    { path: 'split.winner.after', kind: 'duration', shownWhen: hasWinner },
    {
      path: 'split.winner.metric',
      kind: 'select',
      options: SPLIT_METRICS,
      shownWhen: hasWinner,
    },
  ],
  branch: [
    {
      path: 'branch.when',
      kind: 'condition',
    },
    { path: 'branch.then', kind: 'stepRef' },
    { path: 'branch.else', kind: 'stepRef' },
  ],
  updateLead: [
    {
      path: 'updateLead.status',
      kind: 'select',
      options: ['NEW', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'],
    },
    { path: 'updateLead.heat', kind: 'select', options: ['COLD', 'WARM', 'HOT'] },
    {
      path: 'updateLead.scoreDelta',
      kind: 'number',
    },
    { path: 'updateLead.addTags', kind: 'list' },
    { path: 'updateLead.removeTags', kind: 'list' },
    {
      path: 'updateLead.deferFor',
      kind: 'duration',
    },
  ],
  task: [
    {
      path: 'task.kind',
      kind: 'select',
      options: ['call', 'meeting', 'send_offer', 'email', 'other'],
    },
    { path: 'task.title', kind: 'text' },
    { path: 'task.dueIn', kind: 'duration' },
  ],
  notify: [
    {
      path: 'notify.to',
      kind: 'notifyTo',
    },
    { path: 'notify.subject', kind: 'text' },
    { path: 'notify.message', kind: 'textarea' },
  ],
  enroll: [{ path: 'enroll.sequence', kind: 'text' }],
  repeat: [
    { path: 'repeat.from', kind: 'earlierStep' },
    { path: 'repeat.every', kind: 'duration' },
    {
      path: 'repeat.times',
      kind: 'number',
    },
    { path: 'repeat.until', kind: 'datetime' },
    { path: 'repeat.while', kind: 'optionalCondition' },
    { path: 'repeat.untilAttribute', kind: 'text' },
  ],
  greetings: [
    {
      path: 'greetings.template',
      kind: 'text',
    },
    { path: 'greetings.during', kind: 'duration' },
  ],
  webhook: [
    {
      path: 'webhook.url',
      kind: 'text',
    },
    {
      path: 'webhook.fields',
      kind: 'list',
    },
    {
      path: 'webhook.answer',
      kind: 'webhookAnswer',
    },
    {
      path: 'webhook.answer.field',
      kind: 'text',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.on',
      kind: 'answerMap',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.otherwise',
      kind: 'stepRef',
      shownWhen: answers,
    },
    {
      path: 'webhook.answer.onError',
      kind: 'stepRef',
      shownWhen: answers,
    },
  ],
  exit: [{ path: 'exit.reason', kind: 'text' }],
};
