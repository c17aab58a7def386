/**
 * What an email arriving at our inbound address is: a bounce report (RFC 3464 DSN), a spam
 * complaint (RFC 5965 ARF), an unsubscribe request to the List-Unsubscribe mailto:, an
 * auto-reply (RFC 3834, out-of-office), or a person's reply. Pure: it reads the raw message only.
 */
import { simpleParser } from 'mailparser';

export type TInboundEmail = { ownMessageId: string | null } & (
  | { kind: 'bounce'; hard: boolean; recipient: string | null; status: string; diagnostic: string | null; originalMessageId: string | null }
  | { kind: 'complaint'; recipient: string | null; originalMessageId: string | null; feedbackType: string }
  | { kind: 'unsubscribe'; token: string | null; from: string | null }
  | { kind: 'auto-reply'; from: string | null; inReplyTo: string[] }
  | { kind: 'reply'; from: string | null; inReplyTo: string[]; subject: string }
);

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

export async function classifyInboundEmail(raw: string, options: { unsubscribeMailto: string }): Promise<TInboundEmail> {
  const mail = await simpleParser(raw);
  const contentType = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const reportType = contentType?.value === 'multipart/report' ? contentType.params?.['report-type']?.toLowerCase() : undefined;
  const own = mail.messageId ?? undefined;
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? null;

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
    return { ownMessageId: own ?? null, kind: 'unsubscribe', token, from };
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
    return { ownMessageId: own ?? null, kind: 'auto-reply', from, inReplyTo };
  }
  return { ownMessageId: own ?? null, kind: 'reply', from, inReplyTo, subject: mail.subject ?? '' };
}
