/**
 * The outgoing mail transport: a pooled nodemailer SMTP transport to SMTP_URL in production,
 * or to the embedded capture when SMTP_URL is unset.
 */
import fs from 'node:fs';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { AppError } from '../errors';
import { createHttpMailer, type THttpMailerOptions } from './http-mailer';

/**
 * One message. `idempotencyKey` is the send's claim key (EmailMessage.idempotencyKey): the HTTP
 * transport passes it to the ESP, which collapses a retried send into the first one; SMTP cannot
 * use it (the Message-ID derived from it is all a relay sees).
 */
export type TMailMessage = SendMailOptions & { idempotencyKey?: string | undefined };

export type TMailer = {
  /** Where mail goes, for humans (no password). */
  description: string;
  send(message: TMailMessage): Promise<{ messageId: string; response: string; accepted: string[] }>;
  /** Connects and says EHLO: used by /health and at boot. */
  verify(): Promise<void>;
  close(): void;
};

/** The HTTP transport's settings from the environment (EMAIL_API_URL, EMAIL_API_KEY), or undefined for SMTP. */
export function emailApiFromEnv(env: {
  EMAIL_API_URL?: string | undefined;
  EMAIL_API_KEY?: string | undefined;
}): THttpMailerOptions | undefined {
  return env.EMAIL_API_URL && env.EMAIL_API_KEY ? { url: env.EMAIL_API_URL, apiKey: env.EMAIL_API_KEY } : undefined;
}

export type TDkim = { domainName: string; keySelector: string; privateKey: string };

/** DKIM settings from the environment (validated together by ZEnv), or undefined when unset. */
export function dkimFromEnv(env: {
  DKIM_DOMAIN?: string | undefined;
  DKIM_SELECTOR?: string | undefined;
  DKIM_PRIVATE_KEY?: string | undefined;
  DKIM_PRIVATE_KEY_PATH?: string | undefined;
}): TDkim | undefined {
  if (!env.DKIM_DOMAIN || !env.DKIM_SELECTOR) return undefined;
  let privateKey = env.DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (!privateKey && env.DKIM_PRIVATE_KEY_PATH) {
    try {
      privateKey = fs.readFileSync(env.DKIM_PRIVATE_KEY_PATH, 'utf8');
    } catch (cause) {
      throw new AppError('CONFIG_INVALID', `DKIM_PRIVATE_KEY_PATH: cannot read ${env.DKIM_PRIVATE_KEY_PATH}: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  if (!privateKey?.includes('PRIVATE KEY')) {
    throw new AppError('CONFIG_INVALID', 'DKIM private key: expected a PEM key ("-----BEGIN PRIVATE KEY-----…")');
  }
  return { domainName: env.DKIM_DOMAIN, keySelector: env.DKIM_SELECTOR, privateKey };
}

export function createMailer(options: {
  smtpUrl?: string | undefined;
  capturePort: number;
  poolSize: number;
  /** Sign every message with DKIM when set. */
  dkim?: TDkim | undefined;
  /** An ESP's HTTP API (EMAIL_API_URL): when set, mail goes there instead of SMTP (lib/mail/http-mailer.ts). */
  emailApi?: THttpMailerOptions | undefined;
}): TMailer {
  // The ESP signs (DKIM) with the domain you verified there.
  if (options.emailApi) return createHttpMailer(options.emailApi);
  let transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;
  let description: string;
  if (options.smtpUrl) {
    const url = new URL(options.smtpUrl);
    description = `SMTP relay ${url.hostname}:${url.port || (url.protocol === 'smtps:' ? 465 : 587)}`;
    const secure = url.protocol === 'smtps:';
    transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (secure ? 465 : 587),
      secure,
      ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
      pool: true,
      maxConnections: options.poolSize,
      ...(options.dkim ? { dkim: options.dkim } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      // Inactivity per command. Relays may take long to answer the final "." (content scanning;
      // RFC 5321 §4.5.3.2 suggests waiting 10 minutes): giving up at 30 s made a retry that
      // delivered a second copy. Well inside the send activity's start-to-close
      // (workflows/activity-options.ts SEND_ACTIVITY), which must stay longer than this.
      socketTimeout: 3 * 60_000,
    });
  } else {
    description = `dev mailbox (SMTP capture on 127.0.0.1:${options.capturePort})`;
    transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: options.capturePort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: options.poolSize,
      ...(options.dkim ? { dkim: options.dkim } : {}),
      connectionTimeout: 5_000,
    });
  }
  return {
    description,
    async send({ idempotencyKey: _key, ...message }) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId, response: info.response, accepted: info.accepted.map(String) };
    },
    async verify() {
      try {
        await transport.verify();
      } catch (cause) {
        throw new AppError('DEPENDENCY_UNAVAILABLE', `Cannot reach ${description}: ${(cause as Error).message}`, { cause });
      }
    },
    close: () => transport.close(),
  };
}
