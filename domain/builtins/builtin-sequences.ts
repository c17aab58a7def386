/**
 * The five journeys from DOMAIN.md and the sales follow-up cadence, as ordinary sequences
 * (editable: publish a new version of the key) plus the triggers that enroll leads into them.
 */
import type { TSequenceDefinitionInput } from '../../journey/definition';
import type { TTriggerInput } from '../triggers/schemas';
import { BUILTIN_TEMPLATES, builtinTemplateVariants } from './builtin-templates';

const statusIn = (...value: string[]) => ({ type: 'field' as const, field: 'status', op: 'in' as const, value });

export const NURTURE: TSequenceDefinitionInput = {
  key: 'nurture',
  name: 'Nurture: cold leads and MQLs',
  description: 'A content cadence that keeps informing the lead until it becomes sales-qualified, a customer, or unsubscribes.',
  settings: {
    category: 'marketing',
    topic: 'nurture',
    goals: [{ id: 'left-nurture', when: statusIn('SQL', 'CUSTOMER', 'LOST', 'DEFERRED') }],
  },
  steps: [
    { id: 'sources', type: 'email', email: { template: 'nurture-1' } },
    { id: 'after-sources', type: 'wait', wait: { duration: '7 days' } },
    { id: 'qualifying', type: 'email', email: { template: 'nurture-2' } },
    { id: 'after-qualifying', type: 'wait', wait: { duration: '14 days' } },
    { id: 'follow-up', type: 'email', email: { template: 'nurture-3' } },
    { id: 'again', type: 'repeat', repeat: { from: 'sources', every: '30 days', times: 4 } },
  ],
};

export const DEFERRED_DEMAND: TSequenceDefinitionInput = {
  key: 'deferred-demand',
  name: 'Deferred demand',
  description:
    'A lead deferred until a date: a reminder with the current offer every 30 days, then a re-qualification task for the owner on the date. Runs for months or years (continue-as-new keeps its history short).',
  settings: {
    category: 'marketing',
    topic: 'offers',
    goals: [{ id: 'no-longer-deferred', when: { type: 'field', field: 'status', op: 'neq', value: 'DEFERRED' } }],
  },
  steps: [
    { id: 'remind', type: 'email', email: { template: 'deferred-reminder', offer: 'current' } },
    { id: 'every-month', type: 'repeat', repeat: { from: 'remind', every: '30 days', untilAttribute: 'deferredUntil' } },
    { id: 'until-date', type: 'wait', wait: { untilAttribute: 'deferredUntil' } },
    {
      id: 'requalify',
      type: 'task',
      task: { kind: 'call', title: 'Re-qualify: the lead asked to be contacted again now', dueIn: '2 days' },
    },
  ],
};

export const CROSS_SELL: TSequenceDefinitionInput = {
  key: 'cross-sell',
  name: 'Cross-sell and up-sell',
  description:
    'After a purchase: a related product after 14 days, the next tier up after 30 more; never what the customer has; stops on a purchase.',
  settings: { category: 'marketing', topic: 'offers', goals: [{ id: 'purchased', when: { type: 'engagement', event: 'purchased' } }] },
  steps: [
    { id: 'settle-in', type: 'wait', wait: { duration: '14 days' } },
    { id: 'cross', type: 'email', email: { template: 'cross-sell-offer', offer: 'cross' } },
    { id: 'later', type: 'wait', wait: { duration: '30 days' } },
    { id: 'up', type: 'email', email: { template: 'up-sell-offer', offer: 'up' } },
  ],
};

export const REFERRAL: TSequenceDefinitionInput = {
  key: 'referral',
  name: 'Referral: bring a friend',
  description:
    'Asks a satisfied customer for a referral with a personal link: at once when they score 9–10 in the NPS survey, otherwise 30 days after their purchase unless they complained.',
  settings: { category: 'marketing', topic: 'referral', goals: [] },
  steps: [
    { id: 'satisfied', type: 'waitForEvent', waitForEvent: { on: { 'custom:promoter': 'ask' }, timeout: '30 days', onTimeout: 'check' } },
    {
      id: 'check',
      type: 'branch',
      branch: {
        when: {
          type: 'any',
          of: [
            { type: 'tag', has: 'detractor' },
            { type: 'engagement', event: 'complained' },
          ],
        },
        then: 'not-satisfied',
        else: 'ask',
      },
    },
    { id: 'not-satisfied', type: 'exit', exit: { reason: 'not satisfied: no referral ask' } },
    { id: 'ask', type: 'email', email: { template: 'referral-invite' } },
    { id: 'mark', type: 'updateLead', updateLead: { addTags: ['referral-invited'] } },
  ],
};

export const WIN_BACK: TSequenceDefinitionInput = {
  key: 'win-back',
  name: 'Win-back: lost leads',
  description:
    'A farewell with a one-question refusal form, deferral for 26 weeks with greetings on calendar holidays, then a reactivation offer; a click returns the lead to nurture, a reply to its owner.',
  settings: { category: 'marketing', topic: 'win-back', goals: [{ id: 'back-with-sales', when: statusIn('MQL', 'SQL', 'CUSTOMER') }] },
  steps: [
    { id: 'farewell', type: 'email', email: { template: 'win-back-farewell' } },
    { id: 'defer', type: 'updateLead', updateLead: { deferFor: '26 weeks' } },
    { id: 'greetings', type: 'greetings', greetings: { template: 'holiday-greeting', during: '26 weeks' } },
    { id: 'offer', type: 'email', email: { template: 'win-back-offer', offer: 'current' } },
    {
      id: 'listen',
      type: 'waitForEvent',
      waitForEvent: { on: { clicked: 'to-nurture', replied: 'to-owner' }, timeout: '30 days', onTimeout: 'no-answer' },
    },
    { id: 'no-answer', type: 'exit', exit: { reason: 'no response to the reactivation offer' } },
    { id: 'to-nurture', type: 'updateLead', updateLead: { status: 'RECYCLED' } },
    { id: 'back-to-nurture', type: 'exit', exit: { reason: 'reactivated: back to nurture' } },
    { id: 'to-owner', type: 'task', task: { kind: 'call', title: 'A lost lead answered the win-back offer: call back', dueIn: '1 day' } },
    { id: 'owner-takes-it', type: 'updateLead', updateLead: { status: 'SQL', heat: 'WARM' } },
  ],
};

export const SALES_FOLLOW_UP: TSequenceDefinitionInput = {
  key: 'sales-follow-up',
  name: 'Sales follow-up cadence',
  description:
    'Started by sales (POST /leads/:id/follow-ups): calls as tasks and 1:1 emails from the owning rep; stops on a reply, a booked meeting, won or lost.',
  settings: {
    category: 'sales',
    goals: [
      { id: 'replied', when: { type: 'engagement', event: 'replied' } },
      { id: 'meeting-booked', when: { type: 'engagement', event: 'meeting_booked' } },
      { id: 'won', when: statusIn('CUSTOMER') },
      { id: 'lost', when: statusIn('LOST', 'DEFERRED') },
    ],
  },
  steps: [
    { id: 'first-call', type: 'task', task: { kind: 'call', title: 'First call: qualify need, budget and timeframe', dueIn: '1 day' } },
    { id: 'email-1', type: 'email', email: { template: 'follow-up-1', from: 'owner' } },
    { id: 'pause-1', type: 'wait', wait: { businessDays: 3 } },
    { id: 'second-call', type: 'task', task: { kind: 'call', title: 'Second call', dueIn: '1 day' } },
    { id: 'email-2', type: 'email', email: { template: 'follow-up-2', from: 'owner' } },
    { id: 'pause-2', type: 'wait', wait: { duration: '7 days' } },
    { id: 'email-3', type: 'email', email: { template: 'follow-up-3', from: 'owner' } },
    { id: 'pause-3', type: 'wait', wait: { duration: '7 days' } },
    {
      id: 'decide',
      type: 'task',
      task: { kind: 'other', title: 'No answer to the cadence: lose, defer or keep working the lead', dueIn: '2 days' },
    },
  ],
};

/** Each email and greetings step lists the locale variants of its built-in template (exact tag → language → default). */
const withLocaleVariants = (sequence: TSequenceDefinitionInput): TSequenceDefinitionInput => ({
  ...sequence,
  steps: sequence.steps.map((step) =>
    step.type === 'email' && !step.email.variants
      ? { ...step, email: { ...step.email, variants: builtinTemplateVariants(BUILTIN_TEMPLATES, step.email.template) } }
      : step.type === 'greetings' && !step.greetings.variants
        ? { ...step, greetings: { ...step.greetings, variants: builtinTemplateVariants(BUILTIN_TEMPLATES, step.greetings.template) } }
        : step,
  ),
});

export const BUILTIN_SEQUENCES = [NURTURE, DEFERRED_DEMAND, CROSS_SELL, REFERRAL, WIN_BACK, SALES_FOLLOW_UP].map(withLocaleVariants);

export const BUILTIN_TRIGGERS: (TTriggerInput & { key: string })[] = [
  {
    key: 'nurture-new-cold-leads',
    event: 'lead.created',
    sequenceKey: 'nurture',
    condition: { type: 'all', of: [{ type: 'field', field: 'heat', op: 'eq', value: 'COLD' }, statusIn('NEW', 'MQL')] },
  },
  { key: 'nurture-mqls', event: 'lead.mql', sequenceKey: 'nurture' },
  { key: 'nurture-recycled', event: 'lead.recycled', sequenceKey: 'nurture' },
  { key: 'deferred-demand', event: 'lead.deferred', sequenceKey: 'deferred-demand' },
  { key: 'cross-sell-after-purchase', event: 'purchase.recorded', sequenceKey: 'cross-sell' },
  {
    key: 'referral-after-purchase',
    event: 'purchase.recorded',
    sequenceKey: 'referral',
    condition: { type: 'not', condition: { type: 'tag', has: 'referral-invited' } },
  },
  {
    key: 'referral-promoters',
    event: 'customer.promoter',
    sequenceKey: 'referral',
    condition: { type: 'not', condition: { type: 'tag', has: 'referral-invited' } },
  },
  { key: 'win-back-lost-leads', event: 'lead.lost', sequenceKey: 'win-back' },
];
