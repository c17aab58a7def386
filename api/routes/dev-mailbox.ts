/**
 * The dev mailbox (only when SMTP_URL is unset, never with NODE_ENV=production): every email the
 * engine sent, readable by a person at /dev/mailbox and by tests at /dev/mailbox/messages. It
 * shows every signed token, so it answers only requests from this machine (loopback).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TSmtpCapture } from '../../lib/mail/smtp-capture';
import { escapeHtml } from '../../lib/mail/render-template';
import { AppError } from '../../lib/errors';
import { htmlPage } from './html-page';

const ZSummary = z.object({
  id: z.string(),
  receivedAt: z.string(),
  messageId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
});
const ZMessage = ZSummary.extend({
  envelopeFrom: z.string(),
  envelopeTo: z.array(z.string()),
  text: z.string(),
  html: z.string().nullable(),
  headers: z.record(z.string(), z.string()),
});
const ZId = z.object({ id: z.string().regex(/^[\w-]+$/) });

/** 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export const isLoopback = (ip: string) => /^(127\.|::1$|::ffff:127\.)/.test(ip);

export const devMailboxRoutes: FastifyPluginAsyncZod<{ capture: TSmtpCapture }> = async (app, { capture }) => {
  app.addHook('onRequest', async (request) => {
    if (!isLoopback(request.ip)) throw new AppError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`);
  });
  const find = (id: string) => {
    const m = capture.get(id);
    if (!m) throw new AppError('NOT_FOUND', `No message ${id} in the dev mailbox`);
    return m;
  };
  const summary = ({ id, receivedAt, messageId, from, to, subject }: z.infer<typeof ZMessage>) => ({
    id,
    receivedAt,
    messageId,
    from,
    to,
    subject,
  });

  app.get(
    '/dev/mailbox/messages',
    {
      config: { public: true },
      schema: {
        tags: ['dev mailbox'],
        summary: 'Captured emails, newest first',
        querystring: z.object({ to: z.string().optional() }),
        response: { 200: z.object({ items: z.array(ZSummary) }) },
      },
    },
    async (req) => ({
      items: capture
        .list()
        .filter((m) => !req.query.to || m.envelopeTo.includes(req.query.to.toLowerCase()))
        .map(summary),
    }),
  );

  app.get(
    '/dev/mailbox/messages/:id',
    {
      config: { public: true },
      schema: { tags: ['dev mailbox'], summary: 'One captured email, parsed', params: ZId, response: { 200: ZMessage } },
    },
    async (req) => {
      const { raw: _raw, ...message } = find(req.params.id);
      return message;
    },
  );

  app.get(
    '/dev/mailbox/messages/:id/raw',
    { config: { public: true }, schema: { tags: ['dev mailbox'], summary: 'One captured email as received (RFC 5322)', params: ZId } },
    async (req, reply) => reply.type('message/rfc822').send(find(req.params.id).raw),
  );

  app.get('/dev/mailbox/messages/:id/html', { config: { public: true }, schema: { hide: true, params: ZId } }, async (req, reply) => {
    const m = find(req.params.id);
    // The email's own HTML, sandboxed: no scripts, no forms, no navigation of the top page.
    return reply
      .header('content-security-policy', "sandbox; default-src 'none'; img-src data: https:; style-src 'unsafe-inline'")
      .type('text/html; charset=utf-8')
      .send(m.html ?? `<pre>${escapeHtml(m.text)}</pre>`);
  });

  app.delete(
    '/dev/mailbox/messages',
    { config: { public: true }, schema: { tags: ['dev mailbox'], summary: 'Empty the dev mailbox', response: { 204: z.null() } } },
    async (_req, reply) => {
      capture.clear();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/dev/mailbox',
    { config: { public: true }, schema: { hide: true, querystring: z.object({ id: z.string().optional() }) } },
    async (req, reply) => {
      const messages = capture.list();
      const selected = (req.query.id && capture.get(req.query.id)) || messages[0];
      const rows = messages
        .map(
          (m) =>
            `<tr><td><a href="?id=${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a><div class="muted">${escapeHtml(m.to)}</div></td><td class="muted">${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))}</td></tr>`,
        )
        .join('');
      const preview = selected
        ? `<h2>${escapeHtml(selected.subject)}</h2><p class="muted">From ${escapeHtml(selected.from)} to ${escapeHtml(selected.to)} · ${escapeHtml(selected.messageId ?? '')}
         · <a href="/dev/mailbox/messages/${selected.id}/raw">raw</a></p>
         <iframe sandbox src="/dev/mailbox/messages/${selected.id}/html" title="email"></iframe>
         <h3>Plain text</h3><pre>${escapeHtml(selected.text)}</pre>`
        : '';
      return reply.type('text/html; charset=utf-8').send(
        htmlPage(
          'Dev mailbox',
          `<h1>Dev mailbox</h1><p class="muted">${messages.length} message(s) captured by the embedded SMTP server. Nothing here left this machine.</p>
      <table><tr><th>Subject / to</th><th>Received (UTC)</th></tr>${rows || '<tr><td colspan="2">No email yet.</td></tr>'}</table>${preview}`,
        ),
      );
    },
  );
};
