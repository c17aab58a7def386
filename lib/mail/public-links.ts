/** The signed public links a lead's email carries: unsubscribe (RFC 8058) and the preference centre. */
import { signToken } from '../security/signed-token';

export type TLinkConfig = { publicBaseUrl: string; signingSecret: string };

const base = (c: TLinkConfig) => c.publicBaseUrl.replace(/\/$/, '');

export const unsubscribeTokenFor = (leadId: string, c: TLinkConfig) => signToken({ l: leadId, p: 'unsub' }, c.signingSecret);
export const unsubscribeUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/u/${unsubscribeTokenFor(leadId, c)}`;
export const preferencesUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/p/${signToken({ l: leadId, p: 'pref' }, c.signingSecret)}`;

/** The List-Unsubscribe header: the one-click HTTPS link first, then the mailto: form. */
export const listUnsubscribeHeader = (leadId: string, c: TLinkConfig & { unsubscribeMailto: string }) =>
  `<${unsubscribeUrlFor(leadId, c)}>, <mailto:${c.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeTokenFor(leadId, c)}`)}>`;
