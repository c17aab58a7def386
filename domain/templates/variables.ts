import type { TTemplateVariable } from '../../lib/mail/render-template';

/**
 * What each template variable holds, for people writing templates (the template studio lists
 * them). Typed by the compiler's own list, so a new variable without help text fails the build.
 */
export const TEMPLATE_VARIABLE_HELP: Record<TTemplateVariable, string> = {
  'lead.firstName': "The lead's first name",
  'lead.lastName': "The lead's last name (may be empty)",
  'lead.fullName': 'First and last name, or the first name alone',
  'lead.company': "The lead's company (may be empty)",
  'lead.email': "The lead's email address",
  'sender.name': 'The sending brand or, for owner emails, the rep',
  unsubscribeUrl: 'The one-click unsubscribe link (a compliance footer is added anyway)',
  'owner.name': "The lead's sales rep (empty when unassigned)",
  'offer.name': "The offered product's name (email steps with an offer)",
  'offer.price': "The offered product's price, in the lead's language",
  'offer.url': "The offered product's page",
  'referral.code': "A customer's referral code",
  'referral.url': "A customer's referral link",
  'reward.description': "The customer's latest referral reward",
  'holiday.name': "The holiday's name, in the lead's language (greetings steps)",
  'refusal.url': 'A link where the lead can say why they did not buy',
};

export const templateVariables = () =>
  (Object.entries(TEMPLATE_VARIABLE_HELP) as [TTemplateVariable, string][]).map(([name, description]) => ({ name, description }));
