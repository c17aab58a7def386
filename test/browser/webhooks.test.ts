/**
 * Integrations in a real browser: Debian Chromium (playwright-core) against the real API
 * (database, Temporal dev server, worker, SMTP capture) serving the console built by
 * ./global-setup.ts, with a real HTTP receiver on 127.0.0.1 (allowed by
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS, as the tests need).
 *
 * An admin opens the webhooks page from the navigation, meets the shared schema's messages and the
 * API's own refusal (credentials in the URL) on the form, subscribes the receiver by keyboard, sees
 * the signing secret once (and the receiver's signature checks with it), creates a lead and watches
 * the delivery arrive as delivered with the receiver's answer, pauses and resumes the subscription,
 * edits and deletes it (Esc cancels the confirmation). On a server that keeps the default SSRF
 * guard, a private address is refused with the API's reason under the field. A sales rep has no
 * webhooks in the navigation, meets "not available" on the page and a 403 from the API.
 * Then the sequence editor's `webhook` step: added in the outline, its URL, fields and answer
 * branch set in the side panel, published, and read back from the API as entered.
 * axe-core checks each state (no serious or critical violations).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { buildServer, type TApp } from '../../api/server';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import { verifyWebhook } from '../../lib/webhooks/standard-webhooks';
import { eventually } from '../helpers/eventually';
import { TEST_ENV } from '../helpers/temporal';
import { hasChromium } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, screenshots, signIn, startConsoleStack, type TConsoleStack } from './harness';

const ADMIN = 'admin@nurture.localhost';
const SALES = 'rep@nurture.localhost';

type TReceived = { path: string; id: string; timestamp: string; signature: string; body: string; type: string; leadId: string | undefined };

jest.setTimeout(300_000);

describe('outgoing webhooks and the webhook step in Chromium', () => {
  let stack: TConsoleStack;
  let receiver: http.Server;
  let receiverBase: string;
  const received: TReceived[] = [];

  beforeAll(async () => {
    if (!hasChromium()) return;
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { type: string; data: { leadId?: string } };
        received.push({
          path: req.url ?? '',
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
          type: parsed.type,
          leadId: parsed.data.leadId,
        });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks, stored');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    stack = await startConsoleStack('browser-webhooks', {
      envOverrides: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: true, WEBHOOK_POLL_INTERVAL: '1s', WEBHOOK_RETRY_SCHEDULE: '1s,1s' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await new Promise((r) => receiver?.close(r));
  });

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
  const createLead = async (email: string) => {
    const res = await stack.app.inject({
      method: 'POST',
      url: '/leads',
      headers: { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` },
      payload: { email, firstName: 'Hook' },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };

  test('an admin subscribes a receiver, sees the secret once, watches a delivery arrive, pauses, edits and deletes it', async () => {
    const { base, db } = stack;
    const url = `${receiverBase}/crm`;
    const page = await stack.newPage();
    await signIn(page, base, ADMIN, '/app/leads');
    await nav(page).getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Outgoing webhooks', level: 1 }).waitFor();
    await page.getByText('No subscriptions yet: no events are sent to other systems.').waitFor();
    await expectAccessible(page, 'webhooks, none yet');

    // The form opens with the URL field focused; the shared schema answers before anything is sent.
    await page.getByRole('button', { name: 'New subscription' }).click();
    const urlField = page.getByLabel('Endpoint URL');
    await expect(urlField.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await page.keyboard.type('crm.example.com/hooks');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByText('Must be an http(s) URL, like https://crm.example.com/hooks/nurture').waitFor();
    await page.getByText('Choose at least one event').waitFor();
    await expect(urlField.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'webhook form with problems');

    // What only the API knows: credentials in the URL are refused, its message under the field.
    await urlField.fill('https://user:secret@crm.example.com/hooks');
    await page.getByRole('checkbox', { name: /lead\.created/ }).check();
    await page.getByRole('button', { name: 'Create subscription' }).click();
    await page.getByText('Must not carry credentials; the signature authenticates us').waitFor();
    expect(await db.prisma.webhookSubscription.count()).toBe(0);

    // By keyboard: the URL, a description, Enter submits.
    await urlField.fill('');
    await urlField.focus();
    await page.keyboard.type(url);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Test CRM');
    await page.keyboard.press('Enter');
    const secretHeading = page.getByRole('heading', { name: 'Signing secret', level: 2 });
    await secretHeading.waitFor();
    await page.getByText(`Created the subscription for ${url}.`).waitFor();
    // The secret panel takes focus, so a screen reader reads it out first.
    await expect(secretHeading.evaluate((el) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    const secret = await page.getByLabel(`Signing secret for ${url}`).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page, 'webhooks, secret shown');
    await screenshots(page, 'webhooks-secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await secretHeading.waitFor({ state: 'detached' });
    // Shown once: gone from the page, and the list never carries it.
    expect(await page.content()).not.toContain(secret);
    const table = page.getByRole('region', { name: 'Webhook subscriptions' });
    const row = table.getByRole('row').filter({ hasText: url });
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText('Test CRM').waitFor();
    await row.getByText('None yet').waitFor();

    // An event: a new lead. The receiver gets it, signed with the secret the page showed.
    const lead = await createLead(`hook.${Date.now().toString(36)}@example.fi`);
    const delivery = await eventually('the receiver gets lead.created', async () => received.find((r) => r.leadId === lead.id), 60_000);
    expect(delivery).toMatchObject({ path: '/crm', type: 'lead.created' });
    // Why: the secret shown once is the one a receiver verifies with; a wrong one would make every delivery unverifiable.
    expect(verifyWebhook(secret, delivery, delivery.body)).toBe(true);

    // Its deliveries: delivered, one attempt, the receiver's answer.
    await row.getByRole('link', { name: `Deliveries ${url}` }).click();
    await page.getByRole('heading', { name: 'Webhook deliveries', level: 1 }).waitFor();
    const deliveries = page.getByRole('region', { name: 'Deliveries, newest first' });
    const deliveryRow = deliveries.getByRole('row').filter({ hasText: 'lead.created' });
    await deliveryRow.getByText('Delivered', { exact: true }).waitFor({ timeout: 30_000 });
    await deliveryRow.getByText('HTTP 200').waitFor();
    await deliveryRow.getByText('thanks, stored').waitFor();
    await expect(deliveryRow.getByRole('cell').nth(2).textContent()).resolves.toBe('1');
    await page.getByText('Showing 1–1 of 1.').waitFor();
    await expectAccessible(page, 'webhook deliveries');
    await screenshots(page, 'webhook-deliveries');
    // The status filter: nothing failed.
    await page.getByLabel('Status', { exact: true }).selectOption('FAILED');
    await page.getByText('No deliveries with this status.').waitFor();
    await page.getByRole('link', { name: '← All webhook subscriptions' }).click();

    // The list shows the newest delivery's result; pause, then resume.
    await row.getByText('Delivered', { exact: true }).waitFor();
    await row.getByText(/HTTP 200/).waitFor();
    await row.getByRole('button', { name: `Pause ${url}` }).click();
    await page.getByText(`Paused ${url}: its deliveries wait until you resume it.`).waitFor();
    await row.getByText('Paused: paused by an admin').waitFor();
    expect((await db.prisma.webhookSubscription.findFirstOrThrow()).status).toBe('PAUSED');
    const whilePaused = await createLead(`paused.${Date.now().toString(36)}@example.fi`);
    await row.getByRole('button', { name: `Resume ${url}` }).click();
    await page.getByText(`Resumed ${url}: failed deliveries go again first, then the rest in order.`).waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    // Why: a pause only holds deliveries back; the lead created meanwhile must still reach the receiver.
    await eventually(
      'the lead created while paused arrives after resuming',
      async () => received.some((r) => r.leadId === whilePaused.id),
      60_000,
    );

    // Edit: one more event.
    await row.getByRole('button', { name: `Edit ${url}` }).click();
    await page.getByRole('heading', { name: `Edit ${url}` }).waitFor();
    await page.getByRole('checkbox', { name: /lead\.status_changed/ }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`Saved ${url}.`).waitFor();
    await row.getByText('lead.status_changed').waitFor();
    expect((await db.prisma.webhookSubscription.findFirstOrThrow()).events).toEqual(['lead.created', 'lead.status_changed']);

    // Delete: Esc cancels the confirmation; confirmed, it goes with its log.
    await row.getByRole('button', { name: `Delete ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: `Delete the subscription for ${url}?` });
    await dialog.waitFor();
    await expectAccessible(page, 'delete confirmation');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await row.waitFor();
    await row.getByRole('button', { name: `Delete ${url}` }).click();
    await dialog.getByRole('button', { name: 'Delete the subscription' }).click();
    await page.getByText(`Deleted the subscription for ${url} and its delivery log.`).waitFor();
    await page.getByText('No subscriptions yet: no events are sent to other systems.').waitFor();
    expect(await db.prisma.webhookDelivery.count()).toBe(0);
    expect(problemsOf(page)).toEqual([]);

    // A sales rep: no webhooks in the navigation, "not available" on the page, and the API refuses.
    const rep = await stack.newPage();
    await signIn(rep, base, SALES, '/app/webhooks');
    await rep.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await expect(nav(rep).getByRole('link', { name: 'Webhooks' }).count()).resolves.toBe(0);
    const refused = await rep.request.get(`${base}/webhook-subscriptions`);
    expect(refused.status()).toBe(403);
    expect(problemsOf(rep)).toEqual([]);
  });

  test('with the default SSRF guard, a private address is refused with the API’s reason under the field', async () => {
    // A second API on the same data, keeping WEBHOOK_ALLOW_PRIVATE_NETWORKS at its default (off).
    const { db, env, mail } = stack;
    const strict: TApp = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: stack.taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
      consoleDist: process.env.NURTURE_TEST_CONSOLE_DIST!,
    });
    try {
      await strict.listen({ host: '127.0.0.1', port: 0 });
      const strictBase = `http://127.0.0.1:${(strict.server.address() as AddressInfo).port}`;
      const page = await stack.newPage();
      await signIn(page, strictBase, ADMIN, '/app/webhooks');
      await page.getByRole('button', { name: 'New subscription' }).click();
      await page.getByLabel('Endpoint URL').fill('http://10.1.2.3/hooks');
      await page.getByRole('checkbox', { name: /lead\.created/ }).check();
      await page.getByRole('button', { name: 'Create subscription' }).click();
      await page
        .getByText(
          '10.1.2.3 is a loopback, private, link-local or reserved address; webhooks go to public addresses (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private ones)',
        )
        .waitFor();
      await expect(page.getByLabel('Endpoint URL').getAttribute('aria-invalid')).resolves.toBe('true');
      expect(await db.prisma.webhookSubscription.count({ where: { url: { contains: '10.1.2.3' } } })).toBe(0);
      await expectAccessible(page, 'webhook form, private address refused');
      expect(problemsOf(page)).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  test('the sequence editor adds a webhook step with its fields and answer branch, and publishes it as entered', async () => {
    const { base, app } = stack;
    const key = 'crm-lookup';
    const crm = `${receiverBase}/lookup`;
    const page = await stack.newPage();
    const outline = page.getByRole('list', { name: 'Steps in order' });
    const panel = page.getByRole('complementary', { name: 'Selected step' });
    const addStep = async (type: string) => {
      await page.getByLabel('New step', { exact: true }).selectOption({ label: type });
      await page.getByRole('button', { name: new RegExp(`^Add ${type.toLowerCase()} after step`) }).click();
    };
    await signIn(page, base, ADMIN, '/app/sequences/new');
    await page.getByLabel('Key', { exact: true }).fill(key);
    await page.getByLabel('Name', { exact: true }).fill('CRM lookup');
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByRole('heading', { name: 'CRM lookup', level: 1 }).waitFor();
    await panel.getByLabel('Template', { exact: true }).fill('welcome');

    // The webhook step after the first email, then a second email and an exit for its branches.
    await addStep('Webhook');
    await panel.getByRole('heading', { name: 'Step 2: Webhook' }).waitFor();
    await panel.getByLabel('URL', { exact: true }).fill('crm.example.com');
    await panel.getByText('Must be an http(s) URL').waitFor();
    await panel.getByLabel('URL', { exact: true }).fill(crm);
    await panel.getByLabel('Lead fields to send').fill('email, company, attributes.plan');
    await addStep('Email');
    await panel.getByLabel('Template', { exact: true }).fill('welcome');
    await addStep('Exit');
    await panel.getByRole('heading', { name: 'Step 4: Exit' }).waitFor();

    // Back on the webhook step: wait for the reply and send customers to the exit.
    await outline.getByRole('button', { name: /^2\. / }).click();
    await panel.getByRole('heading', { name: 'Step 2: Webhook' }).waitFor();
    await panel.getByLabel('Wait for the reply and branch on it').check();
    await panel.getByLabel('Reply field', { exact: true }).fill('result');
    await panel.getByRole('button', { name: 'Add answer' }).click();
    await expect(panel.getByLabel('Answer 1', { exact: true }).inputValue()).resolves.toBe('customer');
    await panel.getByLabel('Answers: customer, continue at').selectOption('exit-1');
    await panel.getByLabel('When the call fails, go to').selectOption('email-2');
    await expect(page.getByRole('list', { name: 'Problems' }).count()).resolves.toBe(0);
    await expectAccessible(page, 'sequence editor, webhook step');

    await page
      .locator('.editor-header [role="status"]')
      .getByText(/^Draft saved/)
      .waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const publish = page.getByRole('region', { name: 'Publish version 1' });
    await publish.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published version 1. New enrollments get it.').waitFor();

    // Why: what the form showed must be what journeys run; read the published definition back.
    const versions = await app.inject({
      method: 'GET',
      url: `/sequences/${key}/versions`,
      headers: { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` },
    });
    expect(versions.statusCode).toBe(200);
    const steps = (versions.json() as { items: { definition: { steps: Record<string, unknown>[] } }[] }).items[0]!.definition.steps;
    expect(steps.map((s) => s['id'])).toEqual(['email-1', 'webhook-1', 'email-2', 'exit-1']);
    expect(steps[1]).toEqual({
      id: 'webhook-1',
      type: 'webhook',
      webhook: {
        url: crm,
        fields: ['email', 'company', 'attributes.plan'],
        answer: { field: 'result', on: { customer: 'exit-1' }, otherwise: 'next', onError: 'email-2' },
      },
    });
    expect(problemsOf(page)).toEqual([]);
  });
});
