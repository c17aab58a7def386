/**
 * The dashboards in a real browser, as a marketer uses them: Debian Chromium (playwright-core)
 * against the real API (buildServer with a database, the Temporal dev server, a worker and SMTP
 * capture) serving the console built once by ./global-setup.ts, with the dev stack's data.
 *
 * On top of it, March 2026 gets a hand-computed history for the demo sequence: four leads enrolled
 * on 2 March, eight emails, their opens, clicks and reply, an unsubscribe, a conversion, and a
 * split that put two leads in variant A and two in B. The marketer opens Dashboards, picks March
 * as the period, reads the demo sequence's funnel (chart and table, by keyboard), downloads it as
 * CSV and checks the rows, sees both variants, and switches to "All time". The live demo journeys
 * (started now) are outside March, so every figure below is exact. axe-core checks each state.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { SPLIT_EVENT_TYPE } from '../../domain/kpis/schemas';
import type { TTestDatabase } from '../helpers/database';
import { hasChromium } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, screenshots, signIn, startConsoleStack, type TConsoleStack } from './harness';

const MARKETING = 'marketing@nurture.localhost';
const DEMO = { key: 'demo-nurture', name: 'Demo: cold lead nurture' } as const;
const at = (day: string) => new Date(`2026-03-${day}T12:00:00Z`);

jest.setTimeout(180_000);

describe('the dashboards in Chromium', () => {
  let stack: TConsoleStack;
  let base: string;

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('dashboards');
    base = stack.base;
    await seedMarch(stack.db);
  });
  afterAll(() => stack?.stop());

  /** The card (a section named by its heading) of one chart. */
  const card = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });
  const tableRows = async (page: Page, title: string) =>
    (await card(page, title).getByRole('table').getByRole('row').allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()));

  test('a marketer picks March, reads the demo funnel by keyboard, downloads it as CSV and sees the split variants', async () => {
    const page = await stack.newPage();
    await signIn(page, base, MARKETING);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboards' }).waitFor();
    await page.getByText('Showing').waitFor();
    await expectAccessible(page, 'dashboards (last 30 days)');

    // The period: a custom range, applied; the URL carries it, so every chart follows it.
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Custom range…' });
    await page.getByLabel('First day', { exact: true }).fill('2026-03-01');
    await page.getByLabel('Last day', { exact: true }).fill('2026-03-31');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/from=2026-03-01&to=2026-03-31/);
    await page.getByRole('status').filter({ hasText: '1 Mar 2026 – 31 Mar 2026' }).waitFor();

    // Only the demo sequence had enrollments in March: it is the one shown.
    const funnelTitle = `Funnel: ${DEMO.name}`;
    await card(page, funnelTitle).waitFor();
    await expect(page.getByLabel('Sequence', { exact: true }).inputValue()).resolves.toBe(DEMO.key);
    await expect(page.getByLabel('Sequence', { exact: true }).locator('option').allInnerTexts()).resolves.toEqual([
      `${DEMO.name} (${DEMO.key})`,
    ]);
    await page.getByText('4 enrolled · conversion 25%').waitFor();
    // The chart is drawn (an SVG image, its bars labelled with the figures).
    const chart = card(page, funnelTitle).getByRole('img');
    await expect(chart.locator('text.bar-chart__value').allTextContents()).resolves.toEqual(['8', '4', '2', '1', '1', '1']);

    // The table alternative, by keyboard only: Tab from the sequence picker to "Show table", Enter, Tab into the table.
    await page.getByLabel('Sequence', { exact: true }).focus();
    const showTable = card(page, funnelTitle).getByRole('button', { name: /^Show table/ });
    for (let i = 0; i < 6 && !(await showTable.evaluate((el) => el.matches(':focus'))); i++) await page.keyboard.press('Tab');
    await expect(showTable.evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
    await page.keyboard.press('Enter');
    const hideTable = card(page, funnelTitle).getByRole('button', { name: /^Hide table/ });
    await expect(hideTable.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.keyboard.press('Tab'); // Download CSV
    await page.keyboard.press('Tab'); // the table's scroll region
    await expect(page.evaluate<string | null>("document.activeElement?.getAttribute('aria-label') ?? null")).resolves.toBe(
      `${funnelTitle}: data table`,
    );
    expect(await tableRows(page, funnelTitle)).toEqual([
      ['Stage', 'Count', 'Rate'],
      ['Sent', '8', '—'],
      ['Opened', '4', '50%'], // of 8 emails sent
      ['Clicked', '2', '25%'],
      ['Replied', '1', '12.5%'],
      ['Unsubscribed', '1', '25%'], // of 4 enrolled
      ['Converted', '1', '25%'],
    ]);
    await expectAccessible(page, 'dashboards (March, funnel table open)');

    // The same rows as CSV, built in the browser.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card(page, funnelTitle)
        .getByRole('button', { name: /^Download CSV/ })
        .click(),
    ]);
    expect(download.suggestedFilename()).toBe('funnel-demo-cold-lead-nurture_2026-03-01_2026-03-31.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv.replace(/^\uFEFF/, '').split('\r\n')).toEqual([
      'Stage,Count,Rate',
      'Sent,8,',
      'Opened,4,0.5',
      'Clicked,2,0.25',
      'Replied,1,0.125',
      'Unsubscribed,1,0.25',
      'Converted,1,0.25',
      '',
    ]);

    // Per step: welcome (4 sent; the unsubscribe came after it), tips (3), offer (1, the reply).
    const stepsTitle = `By step: ${DEMO.name}`;
    await card(page, stepsTitle)
      .getByRole('button', { name: /^Show table/ })
      .click();
    expect((await tableRows(page, stepsTitle)).map((r) => r.slice(0, 7))).toEqual([
      ['Step', 'Sent', 'Opened', 'Clicked', 'Replied', 'Unsubscribed', 'Converted'],
      ['welcome', '4', '3', '1', '0', '1', '1'],
      ['tips', '3', '1', '1', '0', '0', '1'],
      ['offer', '1', '0', '0', '1', '0', '1'],
    ]);

    // The split's variants: A (Aino, Bea: 5 emails, the conversion), B (Cai, Dan: 3 emails, the unsubscribe).
    const variantsTitle = `By variant: ${DEMO.name}`;
    await expect(card(page, variantsTitle).getByRole('img').locator('text.bar-chart__label > title').allTextContents()).resolves.toEqual([
      'A',
      'B',
    ]);
    await card(page, variantsTitle)
      .getByRole('button', { name: /^Show table/ })
      .click();
    expect((await tableRows(page, variantsTitle)).map((r) => r.slice(0, 9))).toEqual([
      ['Variant', 'Split step', 'Enrolled', 'Sent', 'Opened', 'Clicked', 'Replied', 'Unsubscribed', 'Converted'],
      ['A', 'split', '2', '5', '3', '2', '1', '0', '1'],
      ['B', 'split', '2', '3', '1', '0', '0', '1', '0'],
    ]);

    // The same period drives the other charts: March's four leads by source, by rep.
    const sourcesTitle = 'Leads and customers by source';
    await card(page, sourcesTitle)
      .getByRole('button', { name: /^Show table/ })
      .click();
    expect((await tableRows(page, sourcesTitle)).map((r) => r.slice(0, 4))).toEqual([
      ['Source', 'Leads', 'Customers', 'Conversion rate'],
      ['Trade show', '2', '0', '0%'],
      ['Webinar', '2', '1', '50%'],
    ]);
    await card(page, 'Conversion by rep')
      .getByRole('button', { name: /^Show table/ })
      .click();
    expect((await tableRows(page, 'Conversion by rep')).map((r) => r.slice(0, 4))).toEqual([
      ['Rep', 'Leads', 'Customers', 'Conversion rate'],
      ['junior@nurture.localhost', '1', '0', '0%'],
      ['rep@nurture.localhost', '2', '1', '50%'],
      ['unassigned', '1', '0', '0%'],
    ]);
    await screenshots(page, 'dashboards-march');

    // A preset applies at once and replaces the range in the URL.
    await page.getByLabel('Period', { exact: true }).selectOption({ label: 'All time' });
    await page.waitForURL((url) => url.searchParams.get('period') === 'all' && !url.searchParams.has('from'));
    await page.getByRole('status').filter({ hasText: 'All time' }).waitFor();
    await expectAccessible(page, 'dashboards (all time)');
    expect(problemsOf(page)).toEqual([]);
  });

  test('a period in the address that cannot be used is explained, and the default shown instead', async () => {
    const page = await stack.newPage();
    await signIn(page, base, MARKETING, '/app/dashboards?from=2026-03-31&to=2026-03-01');
    await page.getByRole('alert').filter({ hasText: 'The last day comes before the first day' }).waitFor();
    await card(page, `Funnel: ${DEMO.name}`).waitFor();
    expect(problemsOf(page)).toEqual([]);
  });
});

/**
 * March 2026 for the demo sequence (all at 12:00 UTC):
 *   Aino (WEBINAR, rep, HOT)   welcome 03-02 opened · tips 03-04 opened, clicked · offer 03-06 replied; customer 03-20. Variant A.
 *   Bea  (WEBINAR, rep, WARM)  welcome opened, clicked · tips.                                                     Variant A.
 *   Cai  (TRADE_SHOW, junior)  welcome; unsubscribed 03-03.                                                         Variant B.
 *   Dan  (TRADE_SHOW, none)    welcome opened · tips.                                                               Variant B.
 * Funnel: sent 8, opened 4, clicked 2, replied 1, unsubscribed 1, converted 1 of 4 enrolled.
 */
async function seedMarch(db: TTestDatabase): Promise<void> {
  const { prisma } = db;
  const sequence = await prisma.sequence.findUniqueOrThrow({
    where: { key: DEMO.key },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  const people = [
    { name: 'Aino', source: 'WEBINAR', owner: 'rep@nurture.localhost', heat: 'HOT', variant: 'A', exit: 'completed' },
    { name: 'Bea', source: 'WEBINAR', owner: 'rep@nurture.localhost', heat: 'WARM', variant: 'A', exit: 'completed' },
    { name: 'Cai', source: 'TRADE_SHOW', owner: 'junior@nurture.localhost', heat: 'COLD', variant: 'B', exit: 'unsubscribed' },
    { name: 'Dan', source: 'TRADE_SHOW', owner: null, heat: 'WARM', variant: 'B', exit: 'completed' },
  ] as const;
  const emails: Record<(typeof people)[number]['name'], [string, string, ...string[]][]> = {
    Aino: [
      ['welcome', '02', 'opened'],
      ['tips', '04', 'opened', 'clicked'],
      ['offer', '06', 'replied'],
    ],
    Bea: [
      ['welcome', '02', 'opened', 'clicked'],
      ['tips', '04'],
    ],
    Cai: [['welcome', '02']],
    Dan: [
      ['welcome', '02', 'opened'],
      ['tips', '04'],
    ],
  };
  for (const p of people) {
    const email = `${p.name.toLowerCase()}@dashboards.test`;
    const lead = await prisma.lead.create({
      data: {
        email,
        firstName: p.name,
        source: p.source,
        heat: p.heat,
        ownerEmail: p.owner,
        createdAt: at('02'),
        ...(p.exit === 'unsubscribed' ? { unsubscribedAt: at('03') } : {}),
      },
    });
    const enrollment = await prisma.enrollment.create({
      data: {
        leadId: lead.id,
        sequenceId: sequence.id,
        sequenceVersionId: sequence.versions[0]!.id,
        workflowId: `journey/${DEMO.key}/${lead.id}`,
        status: p.exit === 'completed' ? 'COMPLETED' : 'EXITED',
        exitReason: p.exit,
        source: 'test',
        startedAt: at('02'),
        endedAt: at('10'),
      },
    });
    await prisma.leadEvent.create({
      data: {
        leadId: lead.id,
        enrollmentId: enrollment.id,
        type: SPLIT_EVENT_TYPE,
        data: { stepId: 'split', variant: p.variant },
        occurredAt: at('02'),
      },
    });
    for (const [stepId, day, ...engagements] of emails[p.name]) {
      const messageId = `<${stepId}.${lead.id}@dashboards.test>`;
      await prisma.emailMessage.create({
        data: {
          idempotencyKey: `dashboards/${lead.id}/${stepId}`,
          messageId,
          leadId: lead.id,
          enrollmentId: enrollment.id,
          stepId,
          toAddress: email,
          subject: stepId,
          status: 'SENT',
          sentAt: at(day),
        },
      });
      for (const e of engagements) {
        await prisma.leadEvent.create({
          data: { leadId: lead.id, enrollmentId: enrollment.id, type: `engagement.${e}`, data: { messageId }, occurredAt: at(day) },
        });
      }
    }
    if (p.name === 'Aino') {
      await prisma.customer.create({
        data: {
          leadId: lead.id,
          name: p.name,
          email,
          referralCode: 'DASHAINO',
          convertedAt: at('20'),
          purchases: { create: [{ productSku: 'CRM-PRO', amountCents: 7900, purchasedAt: at('20') }] },
        },
      });
      await prisma.lead.update({ where: { id: lead.id }, data: { status: 'CUSTOMER' } });
    }
  }
}
