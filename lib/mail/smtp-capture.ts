/**
 * The dev mailbox: a real SMTP server (smtp-server) that accepts every message and keeps it so a
 * person can read it in the browser (/dev/mailbox) and a test can read it through the API.
 * Messages are also written as .eml files when a folder is given, so they survive a restart.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';

export type TCapturedMessage = {
  id: string;
  receivedAt: string;
  envelopeFrom: string;
  envelopeTo: string[];
  messageId: string | null;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  raw: string;
};

export type TSmtpCapture = {
  readonly port: number;
  list(): TCapturedMessage[];
  get(id: string): TCapturedMessage | undefined;
  /** Resolves when `predicate` matches a message (checks those already received first). */
  waitFor(predicate: (m: TCapturedMessage) => boolean, timeoutMs?: number): Promise<TCapturedMessage>;
  clear(): void;
  close(): Promise<void>;
};

export async function startSmtpCapture(options: {
  port: number;
  host?: string;
  dir?: string;
  maxMessages?: number;
}): Promise<TSmtpCapture> {
  const messages: TCapturedMessage[] = [];
  const waiters = new Set<{ predicate: (m: TCapturedMessage) => boolean; resolve: (m: TCapturedMessage) => void }>();
  const max = options.maxMessages ?? 10_000;
  let seq = 0;

  const store = (message: TCapturedMessage) => {
    messages.push(message);
    if (messages.length > max) messages.shift();
    for (const w of waiters) {
      if (w.predicate(message)) {
        waiters.delete(w);
        w.resolve(message);
      }
    }
  };

  if (options.dir) {
    fs.mkdirSync(options.dir, { recursive: true });
    for (const file of fs
      .readdirSync(options.dir)
      .filter((f) => f.endsWith('.eml'))
      .sort()) {
      const raw = fs.readFileSync(path.join(options.dir, file), 'utf8');
      const stat = fs.statSync(path.join(options.dir, file));
      store(await toCaptured(file.replace(/\.eml$/, ''), raw, stat.mtime, '', []));
      seq++;
    }
  }

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const id = `${Date.now().toString(36)}-${(seq++).toString(36).padStart(4, '0')}`;
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        toCaptured(id, raw, new Date(), from, to)
          .then((m) => {
            if (options.dir) fs.writeFileSync(path.join(options.dir, `${id}.eml`), raw);
            store(m);
            callback();
          })
          .catch((e: Error) => callback(e));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    list: () => [...messages].reverse(),
    get: (id) => messages.find((m) => m.id === id),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`No matching email arrived within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    clear() {
      messages.length = 0;
      if (options.dir) for (const f of fs.readdirSync(options.dir)) if (f.endsWith('.eml')) fs.rmSync(path.join(options.dir, f));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function toCaptured(
  id: string,
  raw: string,
  receivedAt: Date,
  envelopeFrom: string,
  envelopeTo: string[],
): Promise<TCapturedMessage> {
  const parsed = await simpleParser(raw);
  const addresses = (a: AddressObject | AddressObject[] | undefined) =>
    Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? '');
  const headers: Record<string, string> = {};
  // Unfolded (RFC 5322 §2.2.3): a long header arrives on several lines.
  for (const line of parsed.headerLines)
    headers[line.key] = line.line
      .slice(line.line.indexOf(':') + 1)
      .replace(/\r?\n(?=[ \t])/g, '')
      .trim();
  return {
    id,
    receivedAt: receivedAt.toISOString(),
    envelopeFrom,
    envelopeTo: envelopeTo.length ? envelopeTo : addresses(parsed.to).split(', ').filter(Boolean),
    messageId: parsed.messageId ?? null,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers,
    raw,
  };
}
