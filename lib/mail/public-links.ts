/**
 * The public links a lead's emails carry: unsubscribe (RFC 8058), the preference centre, the
 * win-back refusal questionnaire (each signed for one lead and one purpose), and a customer's
 * referral page (by code). The one place links are made and signed ones read back.
 */
import { signToken, verifyToken } from '../security/signed-token';

export type TLinkConfig = { publicBaseUrl: string; signingSecret: string };

/** What a signed link is for; a token for one purpose opens nothing else. */
export type TLeadLinkPurpose = 'unsub' | 'pref' | 'refusal';
export type TLinkPurpose = TLeadLinkPurpose | 'signup';

const DAY_MS = 86_400_000;
/**
 * How long a link opens its page. Unsubscribe stays valid for good (mailbox providers and the law
 * expect it to work for the life of the message); preferences and the questionnaire 90 days; a
 * double opt-in confirmation 7 days. Links signed before expiries existed carry none and stay valid.
 */
export const LINK_TTL_MS: Record<TLinkPurpose, number | null> = {
  unsub: null,
  pref: 90 * DAY_MS,
  refusal: 90 * DAY_MS,
  signup: 7 * DAY_MS,
};

/** What a signed link says: the id it names, or why it opens nothing. */
export type TLinkCheck = { ok: true; id: string } | { ok: false; reason: 'invalid' | 'expired' };

const base = (c: Pick<TLinkConfig, 'publicBaseUrl'>) => c.publicBaseUrl.replace(/\/$/, '');

function linkToken(id: string, purpose: TLinkPurpose, c: TLinkConfig, now: number): string {
  const ttl = LINK_TTL_MS[purpose];
  return signToken({ l: id, p: purpose, ...(ttl ? { e: Math.floor((now + ttl) / 1000).toString(36) } : {}) }, c.signingSecret);
}
const leadToken = (leadId: string, purpose: TLeadLinkPurpose, c: TLinkConfig) => linkToken(leadId, purpose, c, Date.now());

/** Reads a signed link back: forged, malformed or another purpose's token is `invalid`; one past its expiry `expired`. */
export function readLink(token: string, purpose: TLinkPurpose, signingSecret: string, now = Date.now()): TLinkCheck {
  const payload = verifyToken(token, signingSecret);
  if (payload?.p !== purpose || !payload.l) return { ok: false, reason: 'invalid' };
  if (payload.e !== undefined) {
    const expiresAt = parseInt(payload.e, 36) * 1000;
    if (!Number.isFinite(expiresAt)) return { ok: false, reason: 'invalid' };
    if (now > expiresAt) return { ok: false, reason: 'expired' };
  }
  return { ok: true, id: payload.l };
}

/** The lead a signed link names, or undefined when it is forged, malformed, expired or for another purpose. */
export function leadIdFromToken(token: string, purpose: TLeadLinkPurpose, signingSecret: string): string | undefined {
  const check = readLink(token, purpose, signingSecret);
  return check.ok ? check.id : undefined;
}

export const unsubscribeTokenFor = (leadId: string, c: TLinkConfig) => leadToken(leadId, 'unsub', c);
export const unsubscribeUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/u/${unsubscribeTokenFor(leadId, c)}`;
export const preferencesUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/p/${leadToken(leadId, 'pref', c)}`;
export const refusalUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/q/${leadToken(leadId, 'refusal', c)}`;
export const signupConfirmUrlFor = (signupId: string, c: TLinkConfig, now = Date.now()) =>
  `${base(c)}/confirm/${linkToken(signupId, 'signup', c, now)}`;
export const referralUrlFor = (code: string, c: Pick<TLinkConfig, 'publicBaseUrl'>) => `${base(c)}/ref/${encodeURIComponent(code)}`;

/** The List-Unsubscribe header: the one-click HTTPS link first, then the mailto: form. */
export const listUnsubscribeHeader = (leadId: string, c: TLinkConfig & { unsubscribeMailto: string }) =>
  `<${unsubscribeUrlFor(leadId, c)}>, <mailto:${c.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeTokenFor(leadId, c)}`)}>`;
