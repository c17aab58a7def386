import type { TSequenceDefinitionInput } from '../../journey/definition';

/** The demo nurture: welcome now, tips after 2 days, a branch on engagement, an offer, a call task. */
export const DEMO_SEQUENCE: TSequenceDefinitionInput = {
  key: 'demo-nurture',
  name: 'Demo: cold lead nurture',
  description: 'Welcome, tips, then an offer for those who clicked; stops on reply or when sales qualifies the lead.',
  settings: {
    category: 'marketing',
    goals: [
      { id: 'replied', when: { type: 'engagement', event: 'replied' } },
      { id: 'qualified', when: { type: 'field', field: 'status', op: 'in', value: ['SQL', 'CUSTOMER'] } },
    ],
  },
  steps: [
    { id: 'welcome', type: 'email', email: { template: 'welcome' } },
    { id: 'wait-tips', type: 'wait', wait: { duration: '2 days' } },
    { id: 'tips', type: 'email', email: { template: 'demo-tips' } },
    { id: 'wait-click', type: 'waitForEvent', waitForEvent: { on: { clicked: 'offer' }, timeout: '5 days', onTimeout: 'next' } },
    { id: 'cool-down', type: 'updateLead', updateLead: { scoreDelta: -5 } },
    { id: 'offer', type: 'email', email: { template: 'demo-offer' } },
    { id: 'call', type: 'task', task: { kind: 'call', title: 'Call about the offer', dueIn: '2 days' } },
  ],
};

const simple = (
  heading: string,
  body: string,
) => `<mjml><mj-body background-color="#f4f4f5"><mj-section background-color="#ffffff" padding="24px"><mj-column>
  <mj-text font-size="20px" font-weight="bold">${heading}</mj-text><mj-text>${body}</mj-text>
  <mj-text font-size="12px" color="#71717a">{{sender.name}} · <a href="{{unsubscribeUrl}}" style="color:#71717a">Unsubscribe</a> with one click.</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export const DEMO_TEMPLATES = [
  {
    key: 'demo-tips',
    name: 'Demo: three tips',
    subject: '{{lead.firstName}}, three ways to qualify leads faster',
    mjml: simple(
      'Three tips, {{lead.firstName}}',
      'Qualify with explicit criteria, score on fit and activity, and hand hot leads to your best people.',
    ),
  },
  {
    key: 'demo-offer',
    name: 'Demo: offer',
    subject: 'An offer for {{lead.company}}',
    mjml: simple(
      'Hello {{lead.firstName}}',
      'Here is an offer prepared for {{lead.company}}. Reply to this email and your account manager will call you.',
    ),
  },
];
