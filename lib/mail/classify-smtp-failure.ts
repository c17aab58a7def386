/**
 * What a failed SMTP send means for retrying it (pure; nodemailer's error fields in, a verdict out).
 *
 *   permanent  the server refused this message or its recipient for good: a 5xx reply (RFC 5321
 *              §4.2.1), or no usable recipient at all. Sending it again can only fail again (or
 *              annoy the receiver), so the activity records the failure and throws a non-retryable
 *              ApplicationFailure.
 *   transient  a 4xx reply (greylisting, mailbox full, rate limits), a network error (refused,
 *              reset, timed out, DNS, TLS) or a 5xx about our own credentials (530/534/535/538:
 *              configuration, not the message): Temporal retries with backoff.
 *
 * `invalidRecipient` marks the permanent failures that say the address itself does not exist
 * (5.1.x at RCPT, or 550/551/553 at RCPT without an enhanced status code): a hard bounce.
 */
export type TSmtpFailure = {
  kind: 'permanent' | 'transient';
  /** The recipient's address is bad: suppress it (hard bounce). Only ever true for `permanent`. */
  invalidRecipient: boolean;
  /** The SMTP reply code, when the server answered. */
  code: number | undefined;
  /** The RFC 3463 enhanced status code in the reply, e.g. "5.1.1". */
  enhanced: string | undefined;
  /** False when it failed before the message was sent (connect, EHLO, AUTH, MAIL FROM, RCPT TO): it cannot have been delivered. */
  mayHaveReachedSmtp: boolean;
  /** One line for rows and timelines: "SMTP 550: Can't send mail - all recipients were rejected: 550 5.1.1 User unknown". */
  reason: string;
};

/** SMTP commands before the message itself: a failure there cannot have delivered it. */
const BEFORE_MESSAGE = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH\b.*|MAIL FROM|RCPT TO|API)$/;
/** 5xx replies about our authentication: fix the configuration and the same message goes through. */
const AUTH_CODES = new Set([530, 534, 535, 538]);
/** Enhanced codes about the *sender's* address (5.1.7, 5.1.8): not a reason to suppress the recipient. */
const SENDER_ADDRESS = /^5\.1\.[78]$/;

export function classifySmtpFailure(error: unknown): TSmtpFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown; message?: unknown };
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const command = typeof e.command === 'string' ? e.command : undefined;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const text = typeof e.response === 'string' ? e.response : message;
  const enhanced = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1];
  const reason = `${code ? `SMTP ${code}: ` : ''}${message}`.replace(/[\r\n]+/g, ' ');
  const mayHaveReachedSmtp = !(e.code === 'ECONNREFUSED' || (command !== undefined && BEFORE_MESSAGE.test(command)));

  const auth = e.code === 'EAUTH' || (command !== undefined && /^AUTH\b/.test(command)) || (code !== undefined && AUTH_CODES.has(code));
  // nodemailer refuses to start without one valid recipient ("No recipients defined"): no server would take it either.
  const noRecipient = e.code === 'EENVELOPE' && code === undefined;
  const permanent = ((code !== undefined && code >= 500 && code < 600) || noRecipient) && !auth;
  if (!permanent) return { kind: 'transient', invalidRecipient: false, code, enhanced, mayHaveReachedSmtp, reason };

  const atRecipient = command === undefined || command === 'RCPT TO';
  const invalidRecipient =
    code !== undefined &&
    (enhanced
      ? enhanced.startsWith('5.1.') && !SENDER_ADDRESS.test(enhanced) && command !== 'MAIL FROM'
      : atRecipient && [550, 551, 553].includes(code));
  return { kind: 'permanent', invalidRecipient, code, enhanced, mayHaveReachedSmtp, reason };
}
