/**
 * `npm run fixtures:record`: runs representative journeys on the time-skipping server and saves
 * their event histories (binary protobuf) to test/replay/histories/. Commit them: test/replay/replay.test.ts replays
 * every saved history against the current workflow code, so a change that would break journeys
 * already running in production (non-determinism) fails CI. Re-record only for a deliberate,
 * patched() change, and keep the old files beside the new ones.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { engagementSignal, pauseSignal, resumeSignal } from '../../contract/journeys';
import { createTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates, NURTURE } from '../helpers/journeys';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { DEMO_PRODUCTS } from '../../domain/demo/seed-demo';
import { upsertProduct } from '../../domain/catalogue/upsert-product';
import { ZProductInput } from '../../domain/catalogue/schemas';
import { taskWatchWorkflowId } from '../../contract/task-watch';
import type { TMailer } from '../../lib/mail/create-mailer';
import { LEAD_IMPORT_WORKFLOW, leadImportWorkflowId, type TLeadImportWorkflow } from '../../contract/lead-import';

const DAY = 86_400_000;

const OUT = path.join(__dirname, 'histories');
/** Addresses at this domain are refused for good, as a relay answers an unknown mailbox (550 5.1.1). */
const REFUSED_DOMAIN = '@refused.example';
/** Names the workflow code generation: `npm run fixtures:record -- <tag>`; old files are kept. */
const TAG = process.argv[2] ?? '';
/** Optional scenario names after the tag: record only those. */
const ONLY = process.argv.slice(3);
if (!/^[a-z0-9-]+$/.test(TAG)) {
  console.error('usage: npm run fixtures:record -- <tag> [scenario...]   (e.g. the patched() id of the change; old fixtures stay)');
  process.exit(2);
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
  try {
    await createTemplates(db.prisma, ['welcome-n', 'tips', 'nudge', 'offer']);
    await publishSequence(db.prisma, NURTURE);
    const taskQueue = uniqueTaskQueue('record');
    const mailer: TMailer = {
      ...mail.mailer,
      async send(message) {
        if (JSON.stringify(message.to ?? '').includes(REFUSED_DOMAIN)) {
          const error = "Can't send mail - all recipients were rejected: 550 5.1.1 No such user";
          throw Object.assign(new Error(error), {
            code: 'EENVELOPE',
            responseCode: 550,
            response: '550 5.1.1 No such user',
            command: 'RCPT TO',
          });
        }
        return mail.mailer.send(message);
      },
    };
    // A tight cap makes the histories include a postponed send (tips, due 3 days after welcome).
    const worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer,
      taskQueue,
      temporal: env.client,
      // Private networks allowed: the webhook-step scenario's CRM listens on 127.0.0.1.
      envOverrides: { FREQUENCY_CAP: '1/7d', QUIET_HOURS: '21:00-08:00', WEBHOOK_ALLOW_PRIVATE_NETWORKS: true },
    });
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    // The built-ins, a catalogue, and a customer who already owns all of it.
    await installBuiltins(db.prisma);
    for (const { sku, ...product } of DEMO_PRODUCTS) await upsertProduct(db.prisma, sku, ZProductInput.parse(product));
    const startBuiltin = async (sequenceKey: string, name: string, data: Record<string, unknown>) => {
      const lead = await db.prisma.lead.create({
        data: { email: `${name}@example.fi`, firstName: name, timeZone: 'Europe/Helsinki', ownerEmail: 'rep@example.fi', ...data },
      });
      if (name === 'owns-all') {
        const customer = await db.prisma.customer.create({ data: { leadId: lead.id, name, email: lead.email, referralCode: 'OWNSALL1' } });
        for (const { sku, priceCents } of DEMO_PRODUCTS)
          await db.prisma.purchase.create({ data: { customerId: customer.id, productSku: sku, amountCents: priceCents } });
      }
      const [r] = await enroll({ sequenceKey, leadIds: [lead.id] });
      return env.client.workflow.getHandle(r!.workflowId!);
    };
    const start = async (name: string) => {
      const lead = await db.prisma.lead.create({ data: { email: `${name}@example.fi`, firstName: name, timeZone: 'Europe/Helsinki' } });
      const [r] = await enroll({ sequenceKey: 'nurture', leadIds: [lead.id] });
      return env.client.workflow.getHandle(r!.workflowId!);
    };
    const untilEmails = async (address: string, n: number) => {
      for (let i = 0; i < 60 && (await db.prisma.emailMessage.count({ where: { toAddress: address } })) < n; i++)
        await env.sleep('6 hours');
    };

    const after: (() => Promise<void>)[] = [];
    const scenarios: Record<string, () => Promise<ReturnType<typeof env.client.workflow.getHandle>>> = {
      'nurture-completed': async () => start('completed'),
      'nurture-clicked-branch': async () => {
        const h = await start('clicked');
        await untilEmails('clicked@example.fi', 2);
        await h.signal(engagementSignal, { type: 'clicked', stepId: 'tips' });
        return h;
      },
      'nurture-replied-exit': async () => {
        const h = await start('replied');
        await untilEmails('replied@example.fi', 1);
        await h.signal(engagementSignal, { type: 'replied' });
        return h;
      },
      'nurture-paused-resumed': async () => {
        const h = await start('paused');
        await untilEmails('paused@example.fi', 1);
        await h.signal(pauseSignal, {});
        await env.sleep('10 days');
        await h.signal(resumeSignal);
        return h;
      },
      // The built-in journeys: greetings, offers (and skipped ones), deferFor, repeat until an attribute.
      'win-back-no-answer': async () => startBuiltin('win-back', 'winback', { locale: 'mt', timeZone: 'Europe/Malta', status: 'LOST' }),
      // Patch ru-holidays (ADR-049): a Russian lead's greetings follow the Russian calendar.
      'win-back-ru': async () => startBuiltin('win-back', 'winback-ru', { locale: 'ru', timeZone: 'Europe/Moscow', status: 'LOST' }),
      'cross-sell-nothing-left': async () => {
        const h = await startBuiltin('cross-sell', 'owns-all', {});
        return h;
      },
      'deferred-demand-70-days': async () =>
        startBuiltin('deferred-demand', 'deferred', {
          status: 'DEFERRED',
          deferredUntil: new Date((await env.currentTimeMs()) + 70 * DAY),
        }),
      // Patch journey-current (ADR-054): the last step's email ends the journey; the cap
      // postpones it first (FREQUENCY_CAP 1/7d), so the send is asked twice.
      'last-email-completes': async () => {
        await publishSequence(db.prisma, {
          key: 'last-email',
          name: 'Welcome, then one more email',
          settings: { category: 'marketing', goals: [{ id: 'replied', when: { type: 'engagement', event: 'replied' } }] },
          steps: [
            { id: 'hello', type: 'email', email: { template: 'welcome-n' } },
            { id: 'pause', type: 'wait', wait: { duration: '2 days' } },
            { id: 'last', type: 'email', email: { template: 'tips' } },
          ],
        });
        const lead = await db.prisma.lead.create({ data: { email: 'last@example.fi', firstName: 'last', timeZone: 'Europe/Helsinki' } });
        const [r] = await enroll({ sequenceKey: 'last-email', leadIds: [lead.id] });
        return env.client.workflow.getHandle(r!.workflowId!);
      },
      // Patch smtp-rejected-moves-on: a refused notification and a refused lead email; the journey goes on.
      'notify-rejected': async () => {
        await publishSequence(db.prisma, {
          key: 'notify-rejected',
          name: 'Tell a refused address, email a refused lead, tell the owner',
          settings: { category: 'sales' },
          steps: [
            {
              id: 'tell',
              type: 'notify',
              notify: { to: { email: `nobody${REFUSED_DOMAIN}` }, subject: 'New lead', message: 'Say hello.' },
            },
            { id: 'hello', type: 'email', email: { template: 'welcome-n' } },
            { id: 'tell-owner', type: 'notify', notify: { to: 'owner', subject: 'Emailed', message: 'The lead was emailed.' } },
          ],
        });
        const lead = await db.prisma.lead.create({
          data: { email: `gone${REFUSED_DOMAIN}`, firstName: 'gone', timeZone: 'Europe/Helsinki', ownerEmail: 'rep@example.fi' },
        });
        const [r] = await enroll({ sequenceKey: 'notify-rejected', leadIds: [lead.id] });
        return env.client.workflow.getHandle(r!.workflowId!);
      },
      // Patch webhook-step (ADR-037): a CRM answers "customer" and the journey branches on it.
      'webhook-step': async () => {
        const crm = http.createServer((_req, res) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":"customer"}'),
        );
        await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
        after.push(() => new Promise<void>((resolve) => crm.close(() => resolve())));
        await publishSequence(db.prisma, {
          key: 'webhook-step',
          name: 'Ask the CRM, then welcome or stop',
          settings: { category: 'sales' },
          steps: [
            {
              id: 'ask-crm',
              type: 'webhook',
              webhook: {
                url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/lookup`,
                fields: ['email', 'company'],
                answer: { on: { customer: 'known' } },
              },
            },
            { id: 'hello', type: 'email', email: { template: 'welcome-n' } },
            { id: 'known', type: 'exit', exit: { reason: 'already a customer' } },
          ],
        });
        const lead = await db.prisma.lead.create({
          data: { email: 'crm-known@example.fi', firstName: 'known', timeZone: 'Europe/Helsinki', ownerEmail: 'rep@example.fi' },
        });
        const [r] = await enroll({ sequenceKey: 'webhook-step', leadIds: [lead.id] });
        return env.client.workflow.getHandle(r!.workflowId!);
      },
      // An import of 3 rows in batches of 2 to a rep, the nurture trigger on: batches, then (patch
      // import-follow-ups-after-capture) the digest and the follow-ups after the rows are captured.
      'lead-import': async () => {
        await db.prisma.rep.upsert({
          where: { email: 'importer-rep@example.fi' },
          create: { email: 'importer-rep@example.fi', name: 'Rep' },
          update: {},
        });
        const csv = ['email,firstName', 'imp-1@example.fi,One', 'imp-2@example.fi,Two', 'imp-3@example.fi,Three'].join('\n');
        const job = await db.prisma.leadImport.create({ data: { fileName: 'record.csv', csv, total: 3 } });
        return env.client.workflow.start<TLeadImportWorkflow>(LEAD_IMPORT_WORKFLOW, {
          taskQueue,
          workflowId: leadImportWorkflowId(job.id),
          args: [{ version: 1, importId: job.id, total: 3, batchSize: 2 }],
        });
      },
      'task-watch-escalated': async () => {
        const task = await db.prisma.task.findFirstOrThrow({ where: { lead: { email: 'deferred@example.fi' } } });
        return env.client.workflow.getHandle(taskWatchWorkflowId(task.id));
      },
    };
    fs.mkdirSync(OUT, { recursive: true });
    for (const [name, run] of Object.entries(scenarios).filter(([n]) => ONLY.length === 0 || ONLY.includes(n))) {
      const handle = await run();
      await handle.result();
      // Binary protobuf: exact, and independent of the JSON mapping's protobufjs version.
      const file = path.join(OUT, `${name}.${TAG}.history.pb`);
      fs.writeFileSync(file, temporal.api.history.v1.History.encode(await handle.fetchHistory()).finish());
      console.log(`✔ ${path.relative(process.cwd(), file)}`);
    }
    await worker.stop();
    for (const close of after) await close();
  } finally {
    await Promise.all([env.teardown(), db.cleanup(), mail.close()]);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
