/**
 * The built-in journeys' emails (MJML). Editable like any template: publish a new version of
 * the key (POST /templates); installBuiltins never overwrites a key that exists.
 */
import type { TTemplateCreate } from '../templates/schemas';

const email = (key: string, name: string, subject: string, body: string): TTemplateCreate => ({
  key,
  name,
  subject,
  mjml: `<mjml>
  <mj-body background-color="#f4f4f5">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
${body
  .trim()
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
});

export const BUILTIN_TEMPLATES: TTemplateCreate[] = [
  // 1. Nurture: content for cold leads and MQLs.
  email(
    'nurture-1',
    'Nurture 1: where good leads come from',
    '{{lead.firstName}}, where do your best customers come from?',
    `<mj-text font-size="18px" font-weight="bold">Hello {{lead.firstName}},</mj-text>
<mj-text>Referrals convert best and cost least; mass channels bring volume of mixed quality. Knowing which
channel brought each customer is the first step to spending less per sale.</mj-text>
<mj-button href="https://example.com/guides/lead-sources">Read: judging lead sources</mj-button>`,
  ),
  email(
    'nurture-2',
    'Nurture 2: qualifying',
    'Cold, warm or hot: how to tell, {{lead.firstName}}',
    `<mj-text>A cold lead has interest but no timeframe; a warm one plans to buy in about two months; a hot one
asks where to pay. Each deserves a different next step.</mj-text>
<mj-button href="https://example.com/guides/qualifying">Read: qualifying in five questions</mj-button>`,
  ),
  email(
    'nurture-3',
    'Nurture 3: follow-up that converts',
    'The follow-up most teams forget',
    `<mj-text>Most lost deals were never lost: nobody followed up. A short cadence of calls and personal emails,
stopped the moment the customer answers, fixes that.</mj-text>
<mj-button href="https://example.com/demo">Book a 20-minute demo</mj-button>`,
  ),
  // 2. Deferred demand.
  email(
    'deferred-reminder',
    'Deferred demand: staying on the horizon',
    'Still on your horizon, {{lead.firstName}}?',
    `<mj-text>Hello {{lead.firstName}}, you told us the timing was not right yet, so we will only check in now and
then. In case it helps meanwhile, this month's offer: <b>{{offer.name}}</b> at {{offer.price}}.</mj-text>
<mj-button href="https://example.com/offers">See current offers</mj-button>`,
  ),
  // 3. Cross-sell / up-sell.
  email(
    'cross-sell-offer',
    'Cross-sell: goes well with your purchase',
    '{{lead.firstName}}, this goes well with what you bought',
    `<mj-text>Customers who bought what you did often add <b>{{offer.name}}</b> ({{offer.price}}).</mj-text>
<mj-button href="https://example.com/shop">See {{offer.name}}</mj-button>`,
  ),
  email(
    'up-sell-offer',
    'Up-sell: the next tier',
    'Ready for more, {{lead.firstName}}?',
    `<mj-text>When you outgrow your plan, <b>{{offer.name}}</b> ({{offer.price}}) is the next step up.</mj-text>
<mj-button href="https://example.com/upgrade">Compare plans</mj-button>`,
  ),
  // 4. Referral.
  email(
    'referral-invite',
    'Referral: bring a friend',
    'Know someone who would like this, {{lead.firstName}}?',
    `<mj-text>Thank you for being with us. If a friend or colleague could use it too, send them your personal
link: {{referral.url}} (code <b>{{referral.code}}</b>). When they become a customer, you get a bonus.</mj-text>`,
  ),
  email(
    'referral-thank-you',
    'Referral: thank you and your bonus',
    'Thank you, {{lead.firstName}}: your referral became a customer',
    `<mj-text>Someone you recommended us to is now a customer. As promised, your bonus: <b>{{reward.description}}</b>.</mj-text>
<mj-text>Your link keeps working: {{referral.url}}</mj-text>`,
  ),
  // 5. Win-back.
  email(
    'win-back-farewell',
    'Win-back: farewell and questionnaire',
    'Sorry we could not help this time, {{lead.firstName}}',
    `<mj-text>We are sorry it did not work out. Would you tell us why, in two clicks? It helps us do better.</mj-text>
<mj-button href="{{refusal.url}}">Tell us why (one question)</mj-button>
<mj-text>If your needs change, we are here.</mj-text>`,
  ),
  email(
    'holiday-greeting',
    'Win-back: holiday greeting',
    '{{holiday.name}}: best wishes, {{lead.firstName}}',
    `<mj-text>Best wishes for {{holiday.name}} from all of us, {{lead.firstName}}.</mj-text>`,
  ),
  email(
    'win-back-offer',
    'Win-back: reactivation offer',
    'A fresh start, {{lead.firstName}}?',
    `<mj-text>A lot has changed since we last spoke. If the timing is better now, <b>{{offer.name}}</b> is available at
{{offer.price}}. Reply to this email and your contact will call you.</mj-text>
<mj-button href="https://example.com/offers">See what is new</mj-button>`,
  ),
  // Sales follow-up cadence: 1:1 emails from the owning rep.
  email(
    'follow-up-1',
    'Follow-up 1: after the first call',
    'Following up, {{lead.firstName}}',
    `<mj-text>Hello {{lead.firstName}}, thank you for your interest. I would be glad to show you how it would work
for {{lead.company}}. Does a short call this week suit you?</mj-text>
<mj-text>{{owner.name}}</mj-text>`,
  ),
  email(
    'follow-up-2',
    'Follow-up 2: a useful nudge',
    'A quick idea for {{lead.company}}',
    `<mj-text>{{lead.firstName}}, one thing teams like yours see in the first month: no lead waits more than a day for an
answer. Shall I send you a short proposal?</mj-text>
<mj-text>{{owner.name}}</mj-text>`,
  ),
  email(
    'follow-up-3',
    'Follow-up 3: closing the loop',
    'Should I close your file, {{lead.firstName}}?',
    `<mj-text>{{lead.firstName}}, I have not heard back, so I assume the timing is not right. Reply with one word,
"later", and I will come back when it suits you.</mj-text>
<mj-text>{{owner.name}}</mj-text>`,
  ),
];
