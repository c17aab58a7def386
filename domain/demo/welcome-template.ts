/** The demo welcome email: MJML with placeholders, used by the seed and the tests. */
export const WELCOME_TEMPLATE = {
  key: 'welcome',
  name: 'Welcome to the nurture programme',
  subject: 'Welcome, {{lead.firstName}} — your guide to a faster sales cycle',
  mjml: `<mjml>
  <mj-head>
    <mj-title>Welcome</mj-title>
    <mj-preview>Three ideas to turn interest into a purchase</mj-preview>
  </mj-head>
  <mj-body background-color="#f4f4f5">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">Hello {{lead.firstName}},</mj-text>
        <mj-text>Thank you for your interest. Over the next weeks we will send you short, practical notes on
          lead management: how to qualify, score and follow up without losing anyone along the way.</mj-text>
        <mj-text>You are receiving this at {{lead.email}}.</mj-text>
        <mj-button href="https://example.com/guide" background-color="#2563eb">Read the first guide</mj-button>
        <mj-text font-size="12px" color="#71717a">{{sender.name}} ·
          <a href="{{unsubscribeUrl}}" style="color:#71717a">Unsubscribe</a> with one click.</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
} as const;
