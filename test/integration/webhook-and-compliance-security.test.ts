/**
 * Security hardening of what mail and ESPs send back, and of compliance records, on real parts:
 * the time-skipping Temporal server, a real database, real SMTP (the capture) and the HTTP API
 * (Fastify inject).
 *   - POST /webhooks/email-events with SENDGRID_WEBHOOK_PUBLIC_KEY: only SendGrid-signed batches count.
 *   - POST /webhooks/inbound: a From header alone unsubscribes nobody and is nobody's reply.
 *   - DELETE /suppressions and consent: the person's own requests are admin-only to undo, every
 *     removal is audited, and consent cannot be dated in the future.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { activityConfigFromEnv, createActivities, type TSendLeadEmailResult } from '../../activities';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { suppressAddress } from '../../domain/deliverability/suppress-address';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { createHealthChecks } from '../../lib/boot';
import { unsubscribeTokenFor } from '../../lib/mail/public-links';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTimeSkippingEnv, TEST_ENV } from '../helpers/temporal';

const TRUSTED_MTA = 'mx.nurture.test';

const ecKeyPair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
};

describe('signed ESP webhooks, forged inbound mail and compliance records', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  const esp = ecKeyPair();
  const keys = {} as Record<'admin' | 'marketing' | 'sales', { authorization: string }>;
  let seq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    await createTemplateVersion(db.prisma, {
      key: 's-1',
      name: 's-1',
      subject: 'Hello {{lead.firstName}}',
      mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{lead.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>',
    });
    // The settings lib/env.ts will type: SendGrid's verification key and our MTA's authserv-id.
    const apiEnv = {
      ...TEST_ENV,
      TEMPORAL_TASK_QUEUE: 'security-hardening',
      SENDGRID_WEBHOOK_PUBLIC_KEY: esp.publicKeyBase64,
      INBOUND_AUTHSERV_ID: TRUSTED_MTA,
    };
    app = await buildServer({
      env: apiEnv,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    for (const [name, role] of [
      ['admin', 'ADMIN'],
      ['marketing', 'MARKETING'],
      ['sales', 'SALES'],
    ] as const) {
      keys[name] = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: `${name}-key`, role })).key}` };
    }
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const newLead = () => {
    seq++;
    return db.prisma.lead.create({ data: { email: `s${seq}@example.org`, firstName: `Sam${seq}` } });
  };
  /** A real marketing send through the activity: an EmailMessage row with our Message-ID. */
  const sendOne = (leadId: string): Promise<TSendLeadEmailResult> =>
    new MockActivityEnvironment().run(
      createActivities({ prisma: db.prisma, mailer: mail.mailer, templates: new TemplateCache(), config: activityConfigFromEnv(TEST_ENV) })
        .sendLeadEmail,
      { leadId, templateKey: 's-1', idempotencyKey: `security/${leadId}/${++seq}`, category: 'marketing' as const },
    );
  const timeline = (leadId: string, type: string) =>
    db.prisma.leadEvent.findMany({ where: { leadId, type }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });

  describe('POST /webhooks/email-events with a verification key', () => {
    const signed = (body: string, options: { privateKey?: KeyObject; timestamp?: number } = {}) => {
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = sign('sha256', Buffer.from(timestamp + body), { key: options.privateKey ?? esp.privateKey, dsaEncoding: 'der' });
      return {
        'x-twilio-email-event-webhook-signature': signature.toString('base64'),
        'x-twilio-email-event-webhook-timestamp': timestamp,
      };
    };
    const post = (body: string, headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/webhooks/email-events',
        headers: { ...keys.admin, 'content-type': 'application/json', ...headers },
        payload: body,
      });

    it('acts on a batch signed like SendGrid signs it, and refuses tampered, foreign, stale and unsigned ones without recording anything', async () => {
      const lead = await newLead();
      const sent = await sendOne(lead.id);
      // SendGrid's bytes exactly, newline and spacing included: the signature is over them.
      const body = `[{"email":"${lead.email}","event":"bounce","type":"bounce","status":"5.1.1","smtp-id":"${sent.messageId}","sg_event_id":"sig-${lead.id}","timestamp":1790000000}]\n`;

      const refused = {
        tampered: await post(body.replace('"bounce","type"', '"delivered","type"'), signed(body)),
        'another key': await post(body, signed(body, { privateKey: ecKeyPair().privateKey })),
        stale: await post(body, signed(body, { timestamp: Math.floor(Date.now() / 1000) - 600 })),
        'from the future': await post(body, signed(body, { timestamp: Math.floor(Date.now() / 1000) + 600 })),
        unsigned: await post(body, {}),
        'no timestamp': await post(body, {
          'x-twilio-email-event-webhook-signature': signed(body)['x-twilio-email-event-webhook-signature'],
        }),
        // Not even the body's shape is looked at before the signature: 401, not 400.
        'unsigned and invalid': await post('{"not":"an array"}', {}),
      };
      for (const [what, res] of Object.entries(refused)) {
        expect({ what, status: res.statusCode, code: res.json().error.code }).toEqual({ what, status: 401, code: 'UNAUTHENTICATED' });
        expect(res.json().error.message).toMatch(/^Webhook signature/);
        expect(res.body).not.toMatch(/at .+\.ts:\d+/); // no stack trace
      }
      expect(refused.stale.json().error.message).toContain('more than 5 minutes');
      expect(refused.unsigned.json().error.message).toContain('missing');
      expect(await db.prisma.deliveryEvent.count({ where: { email: lead.email } })).toBe(0);
      expect(await db.prisma.suppression.count({ where: { email: lead.email } })).toBe(0);
      expect((await db.prisma.emailMessage.findUniqueOrThrow({ where: { messageId: sent.messageId! } })).status).toBe('SENT');

      const accepted = await post(body, signed(body));
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json()).toEqual({ received: 1, outcomes: [{ index: 0, event: 'bounce', outcome: 'suppressed' }] });
      expect(await db.prisma.suppression.findMany({ where: { email: lead.email }, select: { scope: true, reason: true } })).toEqual([
        { scope: 'all', reason: 'hard-bounce' },
      ]);
      // A replay inside the window is harmless: the same sg_event_id counts once.
      expect((await post(body, signed(body))).json().outcomes[0].outcome).toBe('duplicate');
    });
  });

  describe('POST /webhooks/inbound', () => {
    const inbound = (lines: string[]) =>
      app.inject({
        method: 'POST',
        url: '/webhooks/inbound',
        headers: { ...keys.admin, 'content-type': 'message/rfc822' },
        payload: [...lines, '', 'Body.', ''].join('\r\n'),
      });
    const dmarcPass = (authservId: string, domain = 'example.org') =>
      `Authentication-Results: ${authservId}; spf=pass smtp.mailfrom=${domain}; dkim=pass header.d=${domain}; dmarc=pass (p=reject) header.from=${domain}`;
    const unsubscribedAt = async (leadId: string) => (await db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).unsubscribedAt;

    it('unsubscribes by the signed token of the List-Unsubscribe mailto:, never by a forged From alone', async () => {
      const lead = await newLead();
      const victim = (extra: string[]) =>
        inbound([`From: <${lead.email}>`, 'To: <unsubscribe@nurture.test>', `Message-ID: <u-${++seq}@attacker.example>`, ...extra]);
      const forged = {
        'From only': await victim(['Subject: unsubscribe']),
        'a made-up token': await victim([`Subject: unsubscribe ${Buffer.from('{"l":"x"}').toString('base64url')}.AAAA`]),
        'dmarc=pass from a foreign MTA': await victim([dmarcPass('mx.attacker.example'), 'Subject: unsubscribe']),
        'our MTA says dmarc=fail': await victim([
          `Authentication-Results: ${TRUSTED_MTA}; dmarc=fail header.from=example.org`,
          'Subject: unsubscribe',
        ]),
      };
      for (const [what, res] of Object.entries(forged)) {
        expect({ what, status: res.statusCode, body: res.json() }).toEqual({
          what,
          status: 200,
          body: { kind: 'unsubscribe', outcome: 'unmatched', leadId: null, messageId: null, note: expect.stringContaining('not verified') },
        });
      }
      expect(await unsubscribedAt(lead.id)).toBeNull();
      expect(await db.prisma.consentRecord.count({ where: { leadId: lead.id } })).toBe(0);

      const token = unsubscribeTokenFor(lead.id, activityConfigFromEnv(TEST_ENV));
      // The token is the proof: it works whatever the From says (a forwarded email, another address of the person).
      const real = await inbound(['From: <someone-else@example.net>', 'To: <unsubscribe@nurture.test>', `Subject: unsubscribe ${token}`]);
      expect(real.json()).toEqual({ kind: 'unsubscribe', outcome: 'unsubscribed', leadId: lead.id, messageId: null });
      expect(await unsubscribedAt(lead.id)).toEqual(expect.any(Date));

      // Without a token, only our MTA's word that DMARC passed for the From domain makes From count.
      const plain = await newLead();
      const verified = await inbound([
        dmarcPass(TRUSTED_MTA),
        `From: <${plain.email}>`,
        'To: <unsubscribe@nurture.test>',
        'Subject: unsubscribe',
      ]);
      expect(verified.json()).toEqual({ kind: 'unsubscribe', outcome: 'unsubscribed', leadId: plain.id, messageId: null });
    });

    it('counts a reply that answers one of our Message-IDs, or a From verified by our MTA; nothing else', async () => {
      const fresh = await newLead(); // no email in the thread: only the From can match
      const fromOnly = (extra: string[]) =>
        inbound([...extra, `From: <${fresh.email}>`, 'To: <rep@nurture.test>', 'Subject: hi', `Message-ID: <f-${++seq}@example.org>`]);
      const forged = {
        'no Authentication-Results': await fromOnly([]),
        'an untrusted authserv-id': await fromOnly([dmarcPass('mx.attacker.example')]),
        'a Message-ID we never sent': await fromOnly([`In-Reply-To: <${'0'.repeat(40)}@nurture.test>`]),
      };
      for (const [what, res] of Object.entries(forged)) {
        expect({ what, body: res.json() }).toEqual({
          what,
          body: { kind: 'reply', outcome: 'unmatched', leadId: null, messageId: null, note: expect.stringContaining('not verified') },
        });
      }
      // Auto-replies follow the same rule.
      expect((await fromOnly(['Auto-Submitted: auto-replied'])).json()).toMatchObject({ kind: 'auto-reply', outcome: 'unmatched' });
      expect(await db.prisma.leadEvent.count({ where: { leadId: fresh.id, type: { startsWith: 'engagement.' } } })).toBe(0);

      const trusted = await fromOnly([dmarcPass(TRUSTED_MTA)]);
      expect(trusted.json()).toEqual({ kind: 'reply', outcome: 'recorded', leadId: fresh.id, messageId: null });
      expect((await timeline(fresh.id, 'engagement.replied')).map((e) => e.data)).toEqual([
        { from: fresh.email, via: 'inbound-email', matchedBy: 'verified-from' },
      ]);

      // Our Message-ID in In-Reply-To is proof enough, whatever the From and without Authentication-Results.
      const threaded = await newLead();
      const sent = await sendOne(threaded.id);
      const reply = await inbound([
        `From: <${threaded.email}>`,
        'To: <rep@nurture.test>',
        'Subject: Re: Hello',
        `Message-ID: <r-${++seq}@example.org>`,
        `In-Reply-To: ${sent.messageId}`,
      ]);
      expect(reply.json()).toEqual({ kind: 'reply', outcome: 'recorded', leadId: threaded.id, messageId: sent.messageId });
      expect((await timeline(threaded.id, 'engagement.replied')).map((e) => e.data)).toEqual([
        expect.objectContaining({ matchedBy: 'message-id', messageId: sent.messageId }),
      ]);
    });
  });

  describe('compliance records', () => {
    const remove = (key: keyof typeof keys, query: Record<string, string>) =>
      app.inject({ method: 'DELETE', url: `/suppressions?${new URLSearchParams(query).toString()}`, headers: keys[key] });

    it('lets only an admin remove a complaint or unsubscribe suppression, wants a reason, and audits every removal', async () => {
      const angry = await newLead();
      await suppressAddress(db.prisma, { email: angry.email, scope: 'marketing', reason: 'complaint', detail: 'feedback-type abuse' });
      const why = 'the lead called sales and asked to hear from us again';

      const byMarketing = await remove('marketing', { email: angry.email, scope: 'marketing', reason: why });
      expect(byMarketing.statusCode).toBe(403);
      expect(byMarketing.json().error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('only an admin') });
      expect((await remove('sales', { email: angry.email, scope: 'marketing', reason: why })).statusCode).toBe(403);
      const noReason = await remove('admin', { email: angry.email, scope: 'marketing' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.message).toContain('querystring.reason');
      expect(await db.prisma.suppression.count({ where: { email: angry.email } })).toBe(1);
      expect(await timeline(angry.id, 'suppression.removed')).toEqual([]);

      const byAdmin = await remove('admin', { email: angry.email.toUpperCase(), scope: 'marketing', reason: why });
      expect(byAdmin.statusCode).toBe(200);
      const [audit] = await timeline(angry.id, 'suppression.removed');
      expect(byAdmin.json()).toEqual({ removed: 1, audit: { leadId: angry.id, eventId: audit!.id } });
      expect(audit!.data).toEqual({
        email: angry.email,
        scope: 'marketing',
        suppressionReason: 'complaint',
        suppressionDetail: 'feedback-type abuse',
        suppressedAt: expect.any(String),
        why,
        by: { kind: 'api-key', id: expect.any(String), name: 'admin-key', role: 'ADMIN' },
      });
      expect(Math.abs(audit!.occurredAt.getTime() - Date.now())).toBeLessThan(60_000);
      expect(await db.prisma.suppression.count({ where: { email: angry.email } })).toBe(0);

      // An imported unsubscribe for an address no lead has: still admin-only; the audit then lives in the log.
      await app.inject({
        method: 'POST',
        url: '/suppressions',
        headers: keys.marketing,
        payload: { entries: [{ email: 'gone@example.net', scope: 'marketing', reason: 'unsubscribe' }] },
      });
      expect((await remove('marketing', { email: 'gone@example.net', scope: 'marketing', reason: why })).statusCode).toBe(403);
      expect((await remove('admin', { email: 'gone@example.net', scope: 'marketing', reason: why })).json()).toEqual({
        removed: 1,
        audit: null,
      });
    });

    it('lets marketing remove an operational suppression (manual, bounce), audited with its key', async () => {
      const lead = await newLead();
      await suppressAddress(db.prisma, { email: lead.email, scope: 'all', reason: 'manual' });
      await suppressAddress(db.prisma, { email: lead.email, scope: 'marketing', reason: 'soft-bounce' });
      for (const scope of ['all', 'marketing']) {
        const res = await remove('marketing', { email: lead.email, scope, reason: 'mailbox fixed, confirmed by phone' });
        expect({ scope, status: res.statusCode }).toEqual({ scope, status: 200 });
      }
      expect((await timeline(lead.id, 'suppression.removed')).map((e) => e.data)).toEqual([
        expect.objectContaining({
          scope: 'all',
          suppressionReason: 'manual',
          by: expect.objectContaining({ name: 'marketing-key', role: 'MARKETING' }),
        }),
        expect.objectContaining({ scope: 'marketing', suppressionReason: 'soft-bounce', why: 'mailbox fixed, confirmed by phone' }),
      ]);
      expect((await remove('marketing', { email: lead.email, scope: 'all', reason: 'again' })).statusCode).toBe(404);
    });

    it('refuses consent dated in the future (beyond 5 minutes of clock skew), naming the field, and records who entered it', async () => {
      const lead = await newLead();
      const consent = (payload: Record<string, unknown>) =>
        app.inject({ method: 'POST', url: `/leads/${lead.id}/consents`, headers: keys.sales, payload });
      const future = await consent({ source: 'phone', textVersion: 'privacy-2026-05', occurredAt: '2099-01-01T00:00:00Z' });
      expect(future.statusCode).toBe(400);
      expect(future.json().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: [{ path: 'body.occurredAt', message: expect.stringContaining('cannot be in the future') }],
      });
      expect((await consent({ source: 'phone', occurredAt: new Date(Date.now() + 10 * 60_000).toISOString() })).statusCode).toBe(400);
      expect(await db.prisma.consentRecord.count({ where: { leadId: lead.id } })).toBe(0);

      const skewed = await consent({ source: 'phone', occurredAt: new Date(Date.now() + 2 * 60_000).toISOString() });
      expect(skewed.statusCode).toBe(201);
      const past = await consent({ source: 'trade-show', occurredAt: '2026-03-01T10:00:00Z' });
      expect(past.json()).toMatchObject({ source: 'trade-show', occurredAt: '2026-03-01T10:00:00.000Z' });
      expect((await timeline(lead.id, 'consent.granted')).map((e) => e.data)).toEqual([
        { purpose: 'marketing', source: 'trade-show', by: { kind: 'api-key', id: expect.any(String), name: 'sales-key', role: 'SALES' } },
        { purpose: 'marketing', source: 'phone', by: { kind: 'api-key', id: expect.any(String), name: 'sales-key', role: 'SALES' } },
      ]);

      // Captured with consent: the same rule, and no card is created for a refused request.
      const captured = await app.inject({
        method: 'POST',
        url: '/leads',
        headers: keys.sales,
        payload: { email: 'future@example.org', firstName: 'Fu', consent: { source: 'web-form', occurredAt: '2099-01-01T00:00:00Z' } },
      });
      expect(captured.statusCode).toBe(400);
      expect(captured.json().error.issues).toEqual([
        { path: 'body.consent.occurredAt', message: expect.stringContaining('in the future') },
      ]);
      expect(await db.prisma.lead.count({ where: { email: 'future@example.org' } })).toBe(0);
    });
  });
});
