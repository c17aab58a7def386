/**
 * What an email arriving at our inbound address is: a bounce report (RFC 3464 DSN), a spam
 * complaint (RFC 5965 ARF), an unsubscribe request to the List-Unsubscribe mailto:, an
 * auto-reply (RFC 3834, out-of-office), or a person's reply. Pure: it reads the raw message only.
 *
 * Anyone can write any From header, so for unsubscribes and replies it also says whether the
 * From address is verified (`fromVerified`): the topmost `Authentication-Results` header (RFC
 * 8601) stamped by one of our trusted receiving MTAs (its authserv-id) says `dmarc=pass` for the
 * From domain, or `dkim=pass` with `header.d`/`header.i` of the From domain. Headers with any
 * other authserv-id are the sender's word and are ignored; with no trusted id, nothing verifies.
 */
import { simpleParser } from 'mailparser';

export type TInboundEmail = { ownMessageId: string | null } & (
  | { kind: 'bounce'; hard: boolean; recipient: string | null; status: string; diagnostic: string | null; originalMessageId: string | null }
  | { kind: 'complaint'; recipient: string | null; originalMessageId: string | null; feedbackType: string }
  | { kind: 'unsubscribe'; token: string | null; from: string | null; fromVerified: boolean }
  | { kind: 'auto-reply'; from: string | null; fromVerified: boolean; inReplyTo: string[] }
  | { kind: 'reply'; from: string | null; fromVerified: boolean; inReplyTo: string[]; subject: string }
);

export type TClassifyOptions = {
  unsubscribeMailto: string;
  /** authserv-ids of our own receiving MTAs, whose Authentication-Results we believe; none: no From is verified. */
  trustedAuthservIds?: readonly string[] | undefined;
};

/** One Authentication-Results header: who stamped it and each method's result with its properties. */
export type TAuthenticationResults = {
  authservId: string;
  results: { method: string; result: string; props: Record<string, string> }[];
};

/** Splits a header value into `;`-separated statements of whitespace-separated words, outside quotes and (comments). */
function statementsOf(value: string): string[][] {
  const statements: string[][] = [[]];
  let word = '';
  let depth = 0;
  let quoted = false;
  const endWord = () => {
    if (word) statements.at(-1)!.push(word);
    word = '';
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < value.length) word += value[++i];
      else if (c === '"') quoted = false;
      else word += c;
    } else if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
    } else if (c === '"') quoted = true;
    else if (c === '(') {
      endWord();
      depth = 1;
    } else if (c === ';') {
      endWord();
      statements.push([]);
    } else if (/\s/.test(c)) endWord();
    else word += c;
  }
  endWord();
  return statements;
}

/** Parses one Authentication-Results value (RFC 8601); undefined when it has no authserv-id. */
export function parseAuthenticationResults(value: string): TAuthenticationResults | undefined {
  const [head, ...rest] = statementsOf(value.replace(/\r?\n[ \t]+/g, ' '));
  const authservId = head?.[0]?.toLowerCase();
  if (!authservId) return undefined;
  const results: TAuthenticationResults['results'] = [];
  for (const words of rest) {
    const [first, ...props] = words;
    const m = /^([a-z0-9-]+)(?:\/\d+)?=([a-z]+)$/i.exec(first ?? '');
    if (!m) continue; // "none", or something we do not read
    results.push({
      method: m[1]!.toLowerCase(),
      result: m[2]!.toLowerCase(),
      props: Object.fromEntries(
        props.flatMap((p) => {
          const eq = p.indexOf('=');
          return eq > 0 ? [[p.slice(0, eq).toLowerCase(), p.slice(eq + 1).toLowerCase()]] : [];
        }),
      ),
    });
  }
  return { authservId, results };
}

/**
 * Whether our trusted MTA vouches for the From domain. Only the topmost header with a trusted
 * authserv-id counts: our MTA prepends its own, so any lower one with the same id came with the
 * message (MTAs should also strip those on arrival, RFC 8601 §5).
 */
export function isFromVerified(
  headerLines: readonly { key: string; line: string }[],
  fromAddresses: readonly string[],
  trustedAuthservIds: readonly string[] | undefined,
): boolean {
  const trusted = new Set((trustedAuthservIds ?? []).map((id) => id.toLowerCase()));
  // One From address only: a message with several has no single author to trust.
  if (trusted.size === 0 || fromAddresses.length !== 1) return false;
  const domain = fromAddresses[0]!.split('@').pop()!.toLowerCase();
  const ours = headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) => parseAuthenticationResults(h.line.slice(h.line.indexOf(':') + 1)))
    .find((ar) => ar !== undefined && trusted.has(ar.authservId));
  if (!ours) return false;
  return ours.results.some(
    (r) =>
      r.result === 'pass' &&
      ((r.method === 'dmarc' && r.props['header.from'] === domain) ||
        (r.method === 'dkim' && (r.props['header.d'] === domain || r.props['header.i']?.split('@').pop() === domain))),
  );
}

const field = (raw: string, name: string) => new RegExp(`^${name}:[ \\t]*(.+)$`, 'im').exec(raw)?.[1]?.trim() ?? null;
const MESSAGE_ID = /^Message-ID:[ \t]*(<[^>\s]+>)/gim;
const ANGLE_IDS = /<[^<>\s]+@[^<>\s]+>/g;

/** The Message-ID of the returned original: the last one in the report (the report's own comes first). */
function originalMessageId(raw: string, own: string | undefined): string | null {
  const ids = [...raw.matchAll(MESSAGE_ID)].map((m) => m[1]!).filter((id) => id !== own);
  return ids.at(-1) ?? null;
}

const addressIn = (value: string | null) =>
  value
    ?.replace(/^rfc822;\s*/i, '')
    .replace(/[<>]/g, '')
    .trim()
    .toLowerCase() || null;

export async function classifyInboundEmail(raw: string, options: TClassifyOptions): Promise<TInboundEmail> {
  const mail = await simpleParser(raw);
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType = contentType?.value === 'multipart/report' ? contentType.params?.['report-type']?.toLowerCase() : undefined;
  const own = mail.messageId ?? undefined;
  const fromAddresses = (mail.from?.value ?? []).flatMap((a) => (a.address ? [a.address.toLowerCase()] : []));
  const from = fromAddresses[0] ?? null;
  const fromVerified = isFromVerified(mail.headerLines, fromAddresses, options.trustedAuthservIds);

  if (reportType === 'delivery-status') {
    const status = field(raw, 'Status') ?? '5.0.0';
    const action = field(raw, 'Action')?.toLowerCase() ?? 'failed';
    return {
      ownMessageId: own ?? null,
      kind: 'bounce',
      // "delayed" reports and 4.x.x statuses are temporary: soft bounces.
      hard: action === 'failed' && status.startsWith('5'),
      recipient: addressIn(field(raw, 'Final-Recipient') ?? field(raw, 'Original-Recipient')),
      status,
      diagnostic: field(raw, 'Diagnostic-Code'),
      originalMessageId: originalMessageId(raw, own),
    };
  }
  if (reportType === 'feedback-report') {
    return {
      ownMessageId: own ?? null,
      kind: 'complaint',
      recipient: addressIn(field(raw, 'Original-Rcpt-To')),
      originalMessageId: originalMessageId(raw, own),
      feedbackType: field(raw, 'Feedback-Type')?.toLowerCase() ?? 'abuse',
    };
  }

  const to = [mail.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address?.toLowerCase()));
  if (to.includes(options.unsubscribeMailto.toLowerCase())) {
    const token = /unsubscribe\s+(\S+)/i.exec(mail.subject ?? '')?.[1] ?? null;
    return { ownMessageId: own ?? null, kind: 'unsubscribe', token, from, fromVerified };
  }

  const inReplyTo = [...`${mail.inReplyTo ?? ''} ${[mail.references ?? []].flat().join(' ')}`.matchAll(ANGLE_IDS)].map((m) => m[0]);
  const autoSubmitted = String(mail.headers.get('auto-submitted') ?? 'no').toLowerCase();
  const precedence = String(mail.headers.get('precedence') ?? '').toLowerCase();
  if (
    autoSubmitted !== 'no' ||
    mail.headers.has('x-autoreply') ||
    mail.headers.has('x-autorespond') ||
    ['auto_reply', 'bulk', 'junk'].includes(precedence)
  ) {
    return { ownMessageId: own ?? null, kind: 'auto-reply', from, fromVerified, inReplyTo };
  }
  return { ownMessageId: own ?? null, kind: 'reply', from, fromVerified, inReplyTo, subject: mail.subject ?? '' };
}
