/**
 * Deliverability, tracking and consent, end to end on real parts: the time-skipping Temporal
 * server, a real database, real SMTP (the capture, plus a rejecting server for bounces), and the
 * HTTP API (Fastify inject) on the same Temporal client.
 */
import crypto from 'node:crypto';
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { activityConfigFromEnv, createActivities, type TSendLeadEmailResult } from '../../activities';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { checkSendPolicy } from '../../domain/deliverability/check-send-policy';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { unsubscribeLead } from '../../domain/leads/unsubscribe-lead';
import { createHealthChecks } from '../../lib/boot';
import { createMailer, type TMailer } from '../../lib/mail/create-mailer';
import { messageIdFor } from '../../lib/mail/message-id';
import { preferencesUrlFor, readLink, unsubscribeTokenFor } from '../../lib/mail/public-links';
import { TemplateCache } from '../../lib/mail/render-template';
import type { TSequenceDefinitionInput } from '../../journey/definition';
import { journeyStateQuery, type TJourneyResult } from '../../contract/journeys';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const DAY = 86_400_000;
// Names and text in the seed articles' languages (docs/DOMAIN.md): Armenian, Kazakh and Maltese.
const ARMENIAN = 'Որոնք են վաճառքի առաջատարները';
const KAZAKH = 'Сатуды басқару – бұл ұйымның сату қызметін жоспарлау';
const MALTESE = 'Il-ġestjoni tal-bejgħ hija l-proċess tal-ippjanar, l-organizzazzjoni';

const email = (id: string, template: string, from?: 'owner') => ({
  id,
  type: 'email' as const,
  email: { template, ...(from ? { from } : {}) },
});
const wait = (id: string, duration: string) => ({ id, type: 'wait' as const, wait: { duration } });

describe('deliverability, tracking and consent', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let cappedWorker: TRunningWorker;
  let enroll: TEnrollLeads;
  let enrollCapped: TEnrollLeads;
  let app: TApp;
  let auth: { authorization: string };
  let seq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    for (const key of ['d-1', 'd-2', 'd-3', 'd-4']) {
      await createTemplateVersion(db.prisma, {
        key,
        name: key,
        subject: `${key} for {{lead.firstName}}`,
        mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${key}: hello {{lead.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>`,
      });
    }
    await createTemplateVersion(db.prisma, {
      key: 'unicode-offer',
      name: 'Unicode offer',
      subject: `${ARMENIAN}, {{lead.firstName}} — ${KAZAKH}`,
      mjml: `<mjml><mj-body><mj-section><mj-column>
<mj-text>Barev {{lead.firstName}}! ${MALTESE}</mj-text>
<mj-button href="https://shop.example.com/offer?plan=pro&amp;ref=mail">See the offer</mj-button>
<mj-text><a href="mailto:sales@example.com">Write to us</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`,
    });
    const taskQueue = uniqueTaskQueue('deliverability');
    const cappedQueue = uniqueTaskQueue('capped');
    const common = { env, prisma: db.prisma, mailer: mail.mailer, templates: new TemplateCache(), temporal: env.client };
    worker = await createTestWorker({ ...common, taskQueue });
    cappedWorker = await createTestWorker({ ...common, taskQueue: cappedQueue, envOverrides: { FREQUENCY_CAP: '2/7d' } });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    enrollCapped = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue: cappedQueue, searchAttributes: false });
    app = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    auth = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'webhooks', role: 'ADMIN' })).key}` };
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([worker?.stop(), cappedWorker?.stop()]);
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const newLead = (overrides: Record<string, unknown> = {}) => {
    seq++;
    return db.prisma.lead.create({
      data: {
        email: `d${seq}@example.mt`,
        firstName: `Ġorġ${seq}`,
        timeZone: 'Europe/Malta',
        ownerEmail: 'rep@nurture.test',
        ownerName: 'Rep Roe',
        ...overrides,
      },
    });
  };
  const activitiesWith = (mailer: TMailer = mail.mailer) =>
    createActivities({ prisma: db.prisma, mailer, templates: new TemplateCache(), config: activityConfigFromEnv(TEST_ENV) });
  const sendOne = (
    leadId: string,
    extra: { templateKey?: string; category?: 'marketing' | 'sales'; key?: string; mailer?: TMailer; attempt?: number } = {},
  ): Promise<TSendLeadEmailResult> =>
    new MockActivityEnvironment(extra.attempt ? { attempt: extra.attempt } : undefined).run(activitiesWith(extra.mailer).sendLeadEmail, {
      leadId,
      templateKey: extra.templateKey ?? 'd-1',
      idempotencyKey: extra.key ?? `direct/${leadId}/${++seq}`,
      category: extra.category ?? 'marketing',
    });
  const emailsTo = (address: string) =>
    db.prisma.emailMessage.findMany({ where: { toAddress: address }, orderBy: { scheduledFor: 'asc' } });
  const timeline = (leadId: string, type: string) =>
    db.prisma.leadEvent.findMany({ where: { leadId, type }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
  const firstEmail = (address: string) =>
    eventually(`the first email to ${address}`, async () => (await emailsTo(address)).find((e) => e.status === 'SENT'));
  async function start(definition: TSequenceDefinitionInput, leadId: string, capped = false) {
    await publishSequence(db.prisma, definition);
    const [result] = await (capped ? enrollCapped : enroll)({ sequenceKey: definition.key, leadIds: [leadId] });
    expect(result).toMatchObject({ outcome: 'enrolled' });
    return env.client.workflow.getHandle(result!.workflowId!);
  }
  const inbound = (raw: string) =>
    app.inject({ method: 'POST', url: '/webhooks/inbound', headers: { ...auth, 'content-type': 'message/rfc822' }, payload: raw });

  it('signs with DKIM and sends correct headers, footer and UTF-8 for Armenian, Kazakh and Maltese text', async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const dkimMailer = createMailer({
      capturePort: mail.capture.port,
      poolSize: 1,
      dkim: {
        domainName: 'nurture.test',
        keySelector: 'nurture2026',
        privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      },
    });
    const lead = await newLead({ firstName: 'Արամ', lastName: 'Սարգսյան', locale: 'hy', timeZone: 'Asia/Yerevan' });
    try {
      const result = await sendOne(lead.id, { templateKey: 'unicode-offer', mailer: dkimMailer, key: `dkim/${lead.id}` });
      expect(result).toMatchObject({ status: 'sent', messageId: messageIdFor(`dkim/${lead.id}`, 'nurture.test') });
      const message = await mail.capture.waitFor((m) => m.envelopeTo.includes(lead.email));

      // Every header and body survives in any script: the raw message is 7-bit, the parsed one exact.
      expect(/^[\x20-\x7e\r\n\t]*$/.test(message.raw)).toBe(true);
      expect(message.subject).toBe(`${ARMENIAN}, Արամ — ${KAZAKH}`);
      expect(message.to).toBe(`"Արամ Սարգսյան" <${lead.email}>`);
      expect(message.text.replace(/\s+/g, ' ')).toContain(`Barev Արամ! ${MALTESE}`);
      expect(message.html).toContain(MALTESE);
      // Marketing: one-click unsubscribe over HTTPS and mailto, a stable Message-ID, the category.
      const token = unsubscribeTokenFor(lead.id, activityConfigFromEnv(TEST_ENV));
      expect(message.headers['list-unsubscribe']).toBe(
        `<http://nurture.test/u/${token}>, <mailto:unsubscribe@nurture.test?subject=unsubscribe%20${token}>`,
      );
      expect(message.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(message.messageId).toBe(result.messageId);
      expect(message.headers['x-nurture-category']).toBe('marketing');
      expect(message.headers['feedback-id']).toBe('single:general:marketing:nurture');
      // The footer: why, preferences, unsubscribe and the postal address, in both parts.
      for (const part of [message.text, message.html]) {
        expect(part).toContain('Nurture Engine (development) · 1 Example Street · 00100 Helsinki · Finland');
        // A preference link signed for this lead (it carries its own expiry, so compare what it names).
        const prefToken = /http:\/\/nurture\.test\/p\/([\w.-]+)/.exec(part ?? '')?.[1] ?? '';
        expect(readLink(prefToken, 'pref', TEST_ENV.SIGNING_SECRET)).toEqual({ ok: true, id: lead.id });
      }

      const verified = await dkimVerify(Buffer.from(message.raw), {
        resolver: async (name: string, type: string) => {
          if (name === 'nurture2026._domainkey.nurture.test' && type === 'TXT') {
            const der = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
            return [[`v=DKIM1; k=rsa; p=${der}`]];
          }
          throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
        },
      });
      expect(verified.results.map((r: { status: { result: string } }) => r.status.result)).toEqual(['pass']);

      // A transactional (sales 1:1) email is marked as such and carries no bulk headers or footer.
      await sendOne(lead.id, { category: 'sales', key: `dkim-sales/${lead.id}` });
      const sales = await mail.capture.waitFor((m) => m.envelopeTo.includes(lead.email) && m.subject.startsWith('d-1'));
      expect(sales.headers['x-nurture-category']).toBe('transactional');
      expect(sales.headers['list-unsubscribe']).toBeUndefined();
      expect(sales.text).not.toContain('1 Example Street');
    } finally {
      dkimMailer.close();
    }
  });

  it('tracks opens and clicks through signed links, redirects only where the email pointed, and refuses tampered links', async () => {
    const lead = await newLead();
    await sendOne(lead.id, { templateKey: 'unicode-offer' });
    const message = await mail.capture.waitFor((m) => m.envelopeTo.includes(lead.email));
    const click = /href="(http:\/\/nurture\.test\/t\/c\/[^"]+)"/.exec(message.html ?? '')?.[1];
    const pixel = /src="(http:\/\/nurture\.test\/t\/o\/[^"]+)"/.exec(message.html ?? '')?.[1];
    expect({ click: Boolean(click), pixel: Boolean(pixel) }).toEqual({ click: true, pixel: true });
    expect(message.html).toContain('href="mailto:sales@example.com"'); // not tracked
    expect(message.html).not.toContain('href="https://shop.example.com'); // every web link is tracked

    const followed = await app.inject({ method: 'GET', url: click!.replace('http://nurture.test', '') });
    expect({ status: followed.statusCode, location: followed.headers.location }).toEqual({
      status: 302,
      location: 'https://shop.example.com/offer?plan=pro&ref=mail',
    });
    const opened = await app.inject({ method: 'GET', url: pixel!.replace('http://nurture.test', '') });
    expect({ status: opened.statusCode, type: opened.headers['content-type'] }).toEqual({ status: 200, type: 'image/gif' });
    expect((await timeline(lead.id, 'engagement.clicked')).map((e) => e.data)).toEqual([
      { url: 'https://shop.example.com/offer?plan=pro&ref=mail', messageId: message.messageId },
    ]);
    expect(await timeline(lead.id, 'engagement.opened')).toHaveLength(1);

    // Tampering: another destination under the same signature, a changed signature, a token of
    // another kind (unsubscribe). None redirects; each gets a 4xx page.
    const [body, sig] = click!.split('/t/c/')[1]!.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, string>;
    const evil = Buffer.from(JSON.stringify({ ...payload, u: 'https://evil.example/phish' })).toString('base64url');
    const forged = [
      `/t/c/${evil}.${sig}`,
      `/t/c/${body}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`,
      `/t/c/${unsubscribeTokenFor(lead.id, activityConfigFromEnv(TEST_ENV))}`,
      '/t/c/not-a-token',
    ];
    for (const url of forged) {
      const res = await app.inject({ method: 'GET', url });
      expect({ url, status: res.statusCode, location: res.headers.location }).toEqual({ url, status: 400, location: undefined });
      expect(res.body).toContain('This link is not valid');
    }
    expect(await timeline(lead.id, 'engagement.clicked')).toHaveLength(1);
  });

  it('postpones a send over the frequency cap to the earliest allowed time, and the timeline says why', async () => {
    const lead = await newLead();
    const handle = await start(
      {
        key: 'capped',
        name: 'Four emails a day apart',
        steps: [
          email('c1', 'd-1'),
          wait('w1', '1 day'),
          email('c2', 'd-2'),
          wait('w2', '1 day'),
          email('c3', 'd-3'),
          wait('w3', '1 day'),
          email('c4', 'd-4'),
        ],
      },
      lead.id,
      true,
    );
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    const sent = await emailsTo(lead.email);
    const t = sent.map((e) => e.scheduledFor!.getTime());
    expect(sent.map((e) => e.stepId)).toEqual(['c1', 'c2', 'c3', 'c4']);
    // Cap 2 per 7 days: c3 (due day 2) waits until c1 leaves the window on day 7; c4 follows a day later.
    expect(t.map((x) => (x - t[0]!) / DAY)).toEqual([0, 1, 7, 8]);
    const postponed = await timeline(lead.id, 'email.postponed');
    expect(postponed.map((e) => e.data)).toEqual([
      { templateKey: 'd-3', stepId: 'c3', until: new Date(t[0]! + 7 * DAY).toISOString(), reason: 'frequency cap 2/7d' },
    ]);
    expect(postponed[0]!.occurredAt.getTime()).toBe(t[0]! + 2 * DAY); // recorded when c3 was first due
    expect(await timeline(lead.id, 'email.sent')).toHaveLength(4); // nothing dropped
  });

  it('applies quiet hours in the lead’s zone, the lead’s pause and required consent in the send policy', async () => {
    const lead = await newLead({ timeZone: 'Asia/Almaty' });
    const config = { quietHours: '21:00-08:00', frequencyCap: 'off', requireMarketingConsent: false };
    const ask = (atIso: string, overrides: Partial<typeof lead> = {}, policy = config) =>
      checkSendPolicy(
        db.prisma,
        {
          lead: { ...lead, ...overrides },
          category: 'marketing',
          topic: undefined,
          atMs: Date.parse(atIso),
          idempotencyKey: 'q',
          canPostpone: true,
        },
        policy,
      );
    // 23:00 in Almaty (UTC+5) is quiet: the send moves to 08:00 local the next morning.
    expect(await ask('2026-12-01T18:00:00Z')).toEqual({
      action: 'postpone',
      untilMs: Date.parse('2026-12-02T03:00:00Z'),
      reasons: ['quiet hours 21:00-08:00 Asia/Almaty'],
    });
    expect(await ask('2026-12-01T05:00:00Z')).toEqual({ action: 'send' }); // 10:00 local
    // Paused until a night-time moment: the pause ends, then quiet hours push to the morning.
    expect(await ask('2026-12-01T05:00:00Z', { marketingPausedUntil: new Date('2026-12-10T17:00:00Z') })).toEqual({
      action: 'postpone',
      untilMs: Date.parse('2026-12-11T03:00:00Z'),
      reasons: ['paused by the lead until 2026-12-10T17:00:00.000Z', 'quiet hours 21:00-08:00 Asia/Almaty'],
    });
    // Transactional mail ignores quiet hours; consent, when required, must be on record.
    expect(
      await checkSendPolicy(
        db.prisma,
        { lead, category: 'sales', topic: undefined, atMs: Date.parse('2026-12-01T18:00:00Z'), idempotencyKey: 'q', canPostpone: true },
        config,
      ),
    ).toEqual({ action: 'send' });
    const strict = { ...config, quietHours: 'off', requireMarketingConsent: true };
    expect(await ask('2026-12-01T05:00:00Z', {}, strict)).toEqual({ action: 'suppress', reason: 'no-consent' });
    const granted = await app.inject({
      method: 'POST',
      url: `/leads/${lead.id}/consents`,
      headers: auth,
      payload: { source: 'trade-show', textVersion: 'privacy-2026-05' },
    });
    expect(granted.statusCode).toBe(201);
    expect(await ask('2026-12-01T05:00:00Z', {}, strict)).toEqual({ action: 'send' });
  });

  it('stops every later send to an address after a hard bounce (DSN), transactional mail included', async () => {
    const lead = await newLead();
    const handle = await start(
      {
        key: 'bounce-me',
        name: 'Three emails',
        steps: [email('b1', 'd-1'), wait('w1', '2 days'), email('b2', 'd-2'), wait('w2', '2 days'), email('b3', 'd-3')],
      },
      lead.id,
    );
    const first = await firstEmail(lead.email);
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.example.mt>',
      'To: bounces@nurture.test',
      'Subject: Undelivered Mail Returned to Sender',
      'Message-ID: <dsn-1@mx.example.mt>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      '',
      '--B',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Your message could not be delivered.',
      '',
      '--B',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.mt',
      '',
      `Final-Recipient: rfc822; ${lead.email}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${lead.email}>: Recipient address rejected: User unknown`,
      '',
      '--B',
      'Content-Type: text/rfc822-headers',
      '',
      'From: Nurture Test <hello@nurture.test>',
      `To: ${lead.email}`,
      `Message-ID: ${first.messageId}`,
      '',
      '--B--',
      '',
    ].join('\r\n');
    const res = await inbound(dsn);
    expect(res.json()).toEqual({ kind: 'bounce', outcome: 'suppressed', leadId: lead.id, messageId: first.messageId });
    expect((await inbound(dsn)).json()).toMatchObject({ outcome: 'duplicate' }); // a re-delivered DSN counts once

    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'suppressed:hard-bounce' });
    expect((await emailsTo(lead.email)).map((e) => [e.stepId, e.status])).toEqual([['b1', 'BOUNCED']]);
    expect(await db.prisma.suppression.findMany({ where: { email: lead.email }, select: { scope: true, reason: true } })).toEqual([
      { scope: 'all', reason: 'hard-bounce' },
    ]);
    // Transactional mail is exempt from marketing suppression, never from a hard bounce.
    expect(await sendOne(lead.id, { category: 'sales' })).toMatchObject({ status: 'suppressed', reason: 'suppressed:hard-bounce' });
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes(lead.email))).toHaveLength(1);
  });

  it('treats SMTP 550 5.1.1 as a hard bounce and a 4xx that persists over 5 attempts as a soft bounce', async () => {
    const answers = new Map<string, { code: number; text: string }>();
    const rejecting = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        const answer = answers.get(address.address);
        if (!answer) return callback();
        return callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    await new Promise<void>((resolve) => rejecting.listen(0, '127.0.0.1', resolve));
    const port = (rejecting.server.address() as { port: number }).port;
    const mailer = createMailer({ capturePort: port, poolSize: 1 });
    try {
      const gone = await newLead();
      answers.set(gone.email, { code: 550, text: '5.1.1 User unknown' });
      // Refused for good: recorded FAILED and thrown non-retryable (a retry would be refused again).
      await expect(sendOne(gone.id, { mailer })).rejects.toMatchObject({ type: 'SMTP_REJECTED', nonRetryable: true });
      expect(await db.prisma.suppression.findFirst({ where: { email: gone.email } })).toMatchObject({
        scope: 'all',
        reason: 'hard-bounce',
      });

      const full = await newLead();
      answers.set(full.email, { code: 452, text: '4.2.2 Mailbox full' });
      // Attempts 1–4 throw, so Temporal retries with backoff; the 5th records a soft bounce.
      await expect(sendOne(full.id, { mailer, key: `soft/${full.id}`, attempt: 4 })).rejects.toMatchObject({ responseCode: 452 });
      await expect(sendOne(full.id, { mailer, key: `soft/${full.id}`, attempt: 5 })).rejects.toMatchObject({
        type: 'SMTP_REJECTED',
        nonRetryable: true,
        details: [expect.objectContaining({ bounce: 'soft', code: 452 })],
      });
      expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: `soft/${full.id}` } })).toMatchObject({
        status: 'FAILED',
      });
      expect(await db.prisma.deliveryEvent.findMany({ where: { email: full.email }, select: { kind: true, source: true } })).toEqual([
        { kind: 'SOFT_BOUNCE', source: 'smtp' },
      ]);
      expect(await db.prisma.suppression.count({ where: { email: full.email } })).toBe(0); // one soft bounce is not enough
    } finally {
      mailer.close();
      await new Promise<void>((resolve) => rejecting.close(() => resolve()));
    }
  });

  it('takes ESP webhook events: soft bounces suppress at the limit, complaints unsubscribe, repeats count once', async () => {
    const soft = await newLead();
    const angry = await newLead();
    const sent = await sendOne(soft.id);
    const event = (sg: string, extra: Record<string, unknown>) => ({
      email: soft.email,
      timestamp: 1_790_000_000,
      sg_event_id: sg,
      ...extra,
    });
    const res = await app.inject({
      method: 'POST',
      url: '/webhooks/email-events',
      headers: auth,
      payload: [
        event('s1', { event: 'bounce', type: 'blocked', status: '4.2.2', 'smtp-id': sent.messageId }),
        event('s1', { event: 'bounce', type: 'blocked', status: '4.2.2', 'smtp-id': sent.messageId }),
        event('s2', { event: 'bounce', type: 'blocked', status: '4.2.2' }),
        event('s3', { event: 'bounce', type: 'blocked', status: '4.2.2' }),
        { email: angry.email, event: 'spamreport', sg_event_id: 'a1' },
        event('s4', { event: 'processed' }),
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().outcomes.map((o: { outcome: string }) => o.outcome)).toEqual([
      'recorded',
      'duplicate',
      'recorded',
      'suppressed',
      'suppressed',
      'ignored',
    ]);
    expect(await db.prisma.suppression.findFirst({ where: { email: soft.email } })).toMatchObject({ scope: 'all', reason: 'soft-bounce' });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: angry.id } })).toMatchObject({ unsubscribedAt: expect.any(Date) });
    expect(await sendOne(angry.id)).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    // Webhooks need the admin key.
    expect((await app.inject({ method: 'POST', url: '/webhooks/email-events', payload: [] })).statusCode).toBe(401);
  });

  it('stops a sales cadence when the lead replies, and not on an out-of-office auto-reply', async () => {
    const lead = await newLead();
    const handle = await start(
      {
        key: 'sales-follow-up',
        name: 'Sales follow-up',
        settings: { category: 'sales', goals: [{ id: 'replied', when: { type: 'engagement', event: 'replied' } }] },
        steps: [
          email('intro', 'd-1', 'owner'),
          wait('w1', '2 days'),
          email('bump', 'd-2', 'owner'),
          wait('w2', '3 days'),
          { id: 'call', type: 'task', task: { kind: 'call', title: 'Call', dueIn: '1 day' } },
        ],
      },
      lead.id,
    );
    const intro = await firstEmail(lead.email);
    const reply = (headers: string[]) =>
      [`From: ${lead.firstName} <${lead.email}>`, 'To: Rep Roe <rep@nurture.test>', 'Subject: Re: d-1', ...headers, '', 'Thanks!', ''].join(
        '\r\n',
      );
    const auto = await inbound(
      reply([`Message-ID: <ooo-${lead.id}@example.mt>`, `In-Reply-To: ${intro.messageId}`, 'Auto-Submitted: auto-replied']),
    );
    expect(auto.json()).toMatchObject({ kind: 'auto-reply', outcome: 'recorded' });
    // Still running, waiting for the bump: an auto-reply is not a reply.
    await eventually('the cadence to wait for its next step', async () => (await handle.query(journeyStateQuery)).stepId === 'w1');
    expect(await handle.query(journeyStateQuery)).toMatchObject({ status: 'waiting', stepId: 'w1' });

    const real = await inbound(
      reply([`Message-ID: <re-${lead.id}@example.mt>`, `In-Reply-To: ${intro.messageId}`, `References: ${intro.messageId}`]),
    );
    expect(real.json()).toEqual({ kind: 'reply', outcome: 'recorded', leadId: lead.id, messageId: intro.messageId });
    const result: TJourneyResult = await handle.result();
    expect(result).toEqual({ status: 'EXITED', reason: 'goal:replied' });
    expect((await emailsTo(lead.email)).map((e) => e.stepId)).toEqual(['intro']);
    expect(await db.prisma.task.count({ where: { leadId: lead.id } })).toBe(0);
    expect((await timeline(lead.id, 'engagement.replied'))[0]!.data).toMatchObject({ messageId: intro.messageId, stepId: 'intro' });
  });

  it('applies a preference-centre change before the next send: topic opt-out ends the journey, a pause postpones', async () => {
    const news: TSequenceDefinitionInput = {
      key: 'product-news',
      name: 'Product news',
      settings: { topic: 'product-news' },
      steps: [email('n1', 'd-1'), wait('w1', '3 days'), email('n2', 'd-2')],
    };
    const optOut = await newLead({ locale: 'mt' });
    const handle = await start(news, optOut.id);
    await firstEmail(optOut.email);
    const prefs = preferencesUrlFor(optOut.id, activityConfigFromEnv(TEST_ENV)).replace('http://nurture.test', '');
    const page = await app.inject({ method: 'GET', url: prefs });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="product-news" checked');
    const saved = await app.inject({
      method: 'POST',
      url: prefs,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'topic=general&locale=en&pause=0',
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('opted out of product-news; language en');
    expect(saved.body).not.toContain('value="product-news" checked');
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'opted-out:product-news' });
    expect((await emailsTo(optOut.email)).map((e) => e.stepId)).toEqual(['n1']);
    const ledger = await app.inject({ method: 'GET', url: `/leads/${optOut.id}/consents`, headers: auth });
    expect(ledger.json().items.map((c: { purpose: string; action: string; source: string }) => [c.purpose, c.action, c.source])).toEqual([
      ['topic:product-news', 'WITHDRAWN', 'preference-centre'],
    ]);

    const pauser = await newLead();
    const paused = await start(news, pauser.id);
    await firstEmail(pauser.email);
    const url = preferencesUrlFor(pauser.id, activityConfigFromEnv(TEST_ENV)).replace('http://nurture.test', '');
    await app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'topic=general&topic=product-news&pause=2',
    });
    const stored = (await db.prisma.lead.findUniqueOrThrow({ where: { id: pauser.id } })).marketingPausedUntil!;
    expect(Math.abs(stored.getTime() - (Date.now() + 14 * DAY))).toBeLessThan(60_000); // two weeks from now
    // The pause is an absolute date, but the test server's clock has run years ahead of real time
    // after the earlier journeys: move the pause onto its clock (two weeks from its now).
    const marketingPausedUntil = new Date((await env.currentTimeMs()) + 14 * DAY);
    await db.prisma.lead.update({ where: { id: pauser.id }, data: { marketingPausedUntil } });
    expect(await paused.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    const [, second] = await emailsTo(pauser.email);
    expect(second!.scheduledFor).toEqual(marketingPausedUntil); // sent the moment the pause ended, not dropped
    // A tampered preferences link shows an error page, never someone's preferences.
    expect((await app.inject({ method: 'GET', url: `${url}x` })).statusCode).toBe(400);
  });

  it('acknowledges an unsubscribe only after a send already at SMTP finishes, and sends nothing after it', async () => {
    const lead = await newLead();
    let entered!: () => void;
    const atSmtp = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: TMailer = {
      ...mail.mailer,
      async send(message) {
        entered();
        await gate;
        return mail.mailer.send(message);
      },
    };
    const order: string[] = [];
    const sending = sendOne(lead.id, { mailer: slow }).then((r) => (order.push(`send ${r.status}`), r));
    await atSmtp;
    const unsubscribing = unsubscribeLead(db.prisma, lead.id, 'test').then((r) => (order.push('unsubscribe acknowledged'), r));
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual([]); // the unsubscribe waits for the send that is already at SMTP
    release();
    expect(await unsubscribing).toMatchObject({ inFlightSettled: true, alreadyUnsubscribed: false });
    await sending;
    expect(order).toEqual(['send sent', 'unsubscribe acknowledged']);
    expect(await sendOne(lead.id)).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });

    // An unsubscribe that lands between the policy check and the claim is caught by the re-check.
    const racer = await newLead();
    const racing = new Proxy(db.prisma, {
      get(target, prop, receiver) {
        // The claim (the email ledger's INSERT … RETURNING): the unsubscribe lands just before it.
        if (prop !== '$queryRaw') return Reflect.get(target, prop, receiver) as unknown;
        return async (strings: TemplateStringsArray, ...values: unknown[]) => {
          if (strings.join('?').includes('INSERT INTO "EmailMessage"')) await unsubscribeLead(db.prisma, racer.id, 'test');
          return target.$queryRaw(strings, ...values);
        };
      },
    });
    const activities = createActivities({
      prisma: racing,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      config: activityConfigFromEnv(TEST_ENV),
    });
    const raced = await new MockActivityEnvironment().run(activities.sendLeadEmail, {
      leadId: racer.id,
      templateKey: 'd-1',
      idempotencyKey: `race/${racer.id}`,
    });
    expect(raced).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: `race/${racer.id}` } })).toMatchObject({
      status: 'FAILED',
      error: 'unsubscribed',
    });
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes(racer.email))).toHaveLength(0);
  });

  it('unsubscribes by the List-Unsubscribe mailto:, and imports a suppression list with per-row errors', async () => {
    const lead = await newLead();
    const token = unsubscribeTokenFor(lead.id, activityConfigFromEnv(TEST_ENV));
    const res = await inbound(
      [
        `From: <${lead.email}>`,
        'To: <unsubscribe@nurture.test>',
        `Subject: unsubscribe ${token}`,
        `Message-ID: <u-${lead.id}@example.mt>`,
        '',
        '',
      ].join('\r\n'),
    );
    expect(res.json()).toMatchObject({ kind: 'unsubscribe', outcome: 'unsubscribed', leadId: lead.id });
    expect(
      await db.prisma.consentRecord.findMany({ where: { leadId: lead.id }, select: { purpose: true, action: true, source: true } }),
    ).toEqual([{ purpose: 'marketing', action: 'WITHDRAWN', source: 'list-unsubscribe-mailto' }]);

    const csv =
      'email,scope,reason\nBlocked@Example.com,all,legal-request\nnot-an-email,marketing,\nquiet@example.com,,\nx@example.com,everything,\n';
    const imported = await app.inject({
      method: 'POST',
      url: '/suppressions',
      headers: { ...auth, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(imported.json()).toEqual({
      received: 4,
      imported: 2,
      alreadyPresent: 0,
      errors: [
        { row: 2, message: 'email: Invalid email address' },
        { row: 4, message: 'scope: must be "all", "marketing" or "topic:<name>"' },
      ],
    });
    const again = await app.inject({
      method: 'POST',
      url: '/suppressions',
      headers: auth,
      payload: { entries: [{ email: 'blocked@example.com', scope: 'all' }] },
    });
    expect(again.json()).toMatchObject({ imported: 0, alreadyPresent: 1 });
    const blocked = await newLead({ email: 'blocked@example.com' });
    expect(await sendOne(blocked.id, { category: 'sales' })).toMatchObject({ status: 'suppressed', reason: 'suppressed:legal-request' });
  });
});
