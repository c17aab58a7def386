/**
 * The dry-run simulation page in Debian Chromium against the real API (POST /sequences/simulate
 * runs the real journey workflow on a private time-skipping server, on the run's prebuilt bundle):
 * a marketer opens the demo sequence's simulation from the sequences list, simulates sample leads
 * in three time zones assuming they click the tips email, and reads each lead's timeline in its
 * own zone — the Almaty lead's sends fall in Almaty's send hours (quiet hours 21:00–08:00 are on,
 * as in production) and the offer follows the click. Then the same from the editor's draft, whose
 * send window (Mon–Fri 09:00–17:00) the simulated sends obey. A sales rep cannot open the page.
 * axe-core checks each state (no serious or critical violations).
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_SEQUENCE } from '../../domain/demo/demo-sequence';
import { hasChromium } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, screenshots, signIn, startConsoleStack, type TConsoleStack } from './harness';

const MARKETING = 'marketing@nurture.localhost';
const SALES = 'rep@nurture.localhost';
const KEY = DEMO_SEQUENCE.key;
const ZONES = ['Asia/Almaty', 'Europe/Helsinki', 'America/New_York'];

jest.setTimeout(300_000);

/** The hour (0–23), weekday and "HH:MM" of an instant in a zone, as Intl has them. */
function local(iso: string, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { hour: Number(part('hour')), weekday: part('weekday'), hhmm: `${part('hour')}:${part('minute')}` };
}

describe('the dry-run simulation page in Chromium', () => {
  let stack: TConsoleStack;

  beforeAll(async () => {
    if (!hasChromium()) return;
    // Production's quiet hours, so "in the lead's send hours" means something.
    stack = await startConsoleStack('browser-simulation', { envOverrides: { QUIET_HOURS: '21:00-08:00' } });
  });
  afterAll(() => stack?.stop());

  const cardOf = (page: Page, zone: string) =>
    page.locator('details.simulation-card').filter({ has: page.locator('summary', { hasText: zone }) });

  /** The lead's simulated sends: the ISO instant, the displayed text and the step of each. */
  async function sendsOf(card: Locator) {
    const rows = card.locator('tbody tr[data-type="email.sent"]');
    const sends: { at: string; shown: string; step: string }[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const time = row.locator('time');
      sends.push({
        at: (await time.getAttribute('datetime')) ?? '',
        shown: await time.innerText(),
        step: await row.locator('td').nth(1).innerText(),
      });
    }
    return sends;
  }

  /** Samples in the three default zones, one each, assuming they click the tips email an hour after it. */
  async function simulateSamples(page: Page, horizon: string) {
    for (const zone of ZONES) expect(await page.getByRole('checkbox', { name: zone }).isChecked()).toBe(true);
    await page.getByLabel('Leads per zone').fill('1');
    await page.getByRole('button', { name: 'Add an assumption' }).click();
    await page.getByLabel('Assumption 1: email').selectOption('tips');
    await page.getByLabel('The lead', { exact: true }).selectOption('clicked');
    await page.getByLabel('After', { exact: true }).fill('1 hour');
    await page.getByLabel('Horizon (days)').fill(horizon);
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
  }

  test('a marketer simulates the published demo sequence and then their draft, in three time zones', async () => {
    const { base } = stack;
    const page = await stack.newPage();
    await signIn(page, base, MARKETING, '/app/sequences');
    await page.getByRole('link', { name: `Simulate ${DEMO_SEQUENCE.name}` }).click();
    await page.getByRole('heading', { name: `Simulate ${KEY}`, level: 1 }).waitFor();
    expect(page.url()).toBe(`${base}/app/sequences/${KEY}/simulate`);
    // The version in force is the default.
    expect(await page.getByLabel('Version').locator('option:checked').innerText()).toMatch(/^Version 1 \(in force\)/);

    // A form error is caught by the shared schema before anything is sent, and shown on its field.
    await page.getByLabel('Horizon (days)').fill('0');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Check the form.' }).waitFor();
    expect(await page.getByLabel('Horizon (days)').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'simulation form with an error');

    await simulateSamples(page, '30');
    // The run takes a few seconds (a fresh time-skipping server): the page says what is going on meanwhile.
    await page.getByRole('status').filter({ hasText: 'Simulating 3 sample leads in compressed time…' }).waitFor();
    await page.getByRole('heading', { name: `Result: ${KEY} version 1` }).waitFor({ timeout: 120_000 });
    expect(await page.getByText('Simulating 3 sample leads').count()).toBe(0);

    // The summary row and the assumptions in words.
    const summary = page.getByRole('table', { name: 'Summary of the run' });
    expect(await summary.locator('tbody td').first().innerText()).toBe('3');
    expect(await page.getByRole('heading', { name: 'What the simulation assumes' }).count()).toBe(1);

    // The Almaty lead: every send in Almaty's send hours (quiet 21:00–08:00), shown in Almaty time.
    const almaty = cardOf(page, 'Asia/Almaty');
    expect(await almaty.getAttribute('open')).not.toBeNull();
    await almaty.getByRole('table', { name: /Timeline of Sample \d+ · Asia\/Almaty, times in Asia\/Almaty/ }).waitFor();
    const sends = await sendsOf(almaty);
    expect(sends.map((s) => s.step)).toEqual(['welcome', 'tips', 'offer']);
    for (const send of sends) {
      const there = local(send.at, 'Asia/Almaty');
      // Why: the simulator applies the send policy in the lead's zone, and the page shows that zone's clock.
      expect(there.hour).toBeGreaterThanOrEqual(8);
      expect(there.hour).toBeLessThan(21);
      expect(send.shown).toContain(there.hhmm);
    }
    // The assumed click takes the journey straight to the offer: the cool-down (the no-click path) never runs.
    expect(await almaty.locator('tbody tr[data-type="step.event"]').count()).toBeGreaterThan(0);
    expect(await almaty.locator('tbody td code', { hasText: 'cool-down' }).count()).toBe(0);
    // The other zones have their own clocks on the same run.
    for (const zone of ['Europe/Helsinki', 'America/New_York']) {
      for (const send of await sendsOf(cardOf(page, zone))) expect(local(send.at, zone).hour).toBeGreaterThanOrEqual(8);
    }
    await expectAccessible(page, 'simulation result');
    await screenshots(page, 'simulation-result');

    // The draft: a send window Mon–Fri 09:00–17:00 (saved as the editor saves it), simulated from the editor.
    const saved = await page.evaluate(
      async ({ key, definition }) => {
        const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
        const res = await fetch(`/sequences/${key}/draft`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
          body: JSON.stringify({ definition, baseVersion: 1 }),
        });
        return res.status;
      },
      {
        key: KEY,
        definition: {
          ...DEMO_SEQUENCE,
          settings: { ...DEMO_SEQUENCE.settings, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } },
        },
      },
    );
    expect(saved).toBe(200);
    await page.goto(`${base}/app/sequences/${KEY}/edit`);
    await page.getByRole('link', { name: 'Simulate', exact: true }).click();
    await page.getByRole('heading', { name: `Simulate ${KEY}`, level: 1 }).waitFor();
    expect(page.url()).toBe(`${base}/app/sequences/${KEY}/simulate?draft=1`);
    await page.getByText('your draft', { exact: true }).waitFor();
    await simulateSamples(page, '30');
    await page.getByRole('heading', { name: `Result: ${KEY} (your draft)` }).waitFor({ timeout: 120_000 });
    const draftSends = await sendsOf(cardOf(page, 'Asia/Almaty'));
    expect(draftSends.map((s) => s.step)).toEqual(['welcome', 'tips', 'offer']);
    for (const send of draftSends) {
      const there = local(send.at, 'Asia/Almaty');
      // Why: the draft's send window, in the lead's zone, is what the simulated sends obey.
      expect(there.hour).toBeGreaterThanOrEqual(9);
      expect(there.hour).toBeLessThan(17);
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(there.weekday);
    }
    await expectAccessible(page, 'simulation of a draft');
    expect(problemsOf(page)).toEqual([]);
  });

  test('a marketer simulates chosen leads and a saved lead view; an empty view is explained in words', async () => {
    const { base } = stack;
    const page = await stack.newPage();
    await signIn(page, base, MARKETING, `/app/sequences/${KEY}/simulate`);
    // A view saved on the leads page of this browser (localStorage), beside the built-in ones.
    await page.evaluate(
      ([key, value]) =>
        (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(key, value),
      ['nurture.console.leadViews.v1', JSON.stringify([{ name: 'Finnish leads', query: 'q=paivi' }])] as const,
    );
    await page.reload();
    await page.getByRole('heading', { name: `Simulate ${KEY}`, level: 1 }).waitFor();

    // Chosen leads: found by name, added as chips, one removed again.
    await page.getByRole('radio', { name: /^Chosen leads/ }).check();
    await page.getByLabel('Find a lead').fill('aigul');
    await page.getByRole('button', { name: /^Add .*aigul@example\.kz/ }).click();
    await page.getByLabel('Find a lead').fill('paivi');
    await page.getByRole('button', { name: /^Add .*paivi@example\.fi/ }).click();
    const chips = page.getByRole('list', { name: 'Chosen leads' });
    expect(await chips.getByRole('listitem').count()).toBe(2);
    await chips.getByRole('button', { name: /^Remove .*paivi@example\.fi/ }).click();
    expect(await chips.getByRole('listitem').count()).toBe(1);
    await expectAccessible(page, 'simulation with chosen leads');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByRole('heading', { name: `Result: ${KEY} version 1` }).waitFor({ timeout: 120_000 });
    // Why: a real lead is simulated in its own stored zone (Aigül lives in Almaty), not the browser's.
    const aigul = cardOf(page, 'aigul@example.kz');
    expect(await aigul.locator('summary').innerText()).toContain('Asia/Almaty');
    for (const send of await sendsOf(aigul)) expect(local(send.at, 'Asia/Almaty').hour).toBeGreaterThanOrEqual(8);

    // A built-in view that matches nobody: the API's reason, in words, not a blank page.
    await page.getByRole('radio', { name: /^A saved lead view/ }).check();
    await page.getByLabel('Saved lead view', { exact: true }).selectOption('Unassigned');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'The lead view matches no lead' }).waitFor();

    // The view saved in this browser.
    await page.getByLabel('Saved lead view', { exact: true }).selectOption('Finnish leads');
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByRole('heading', { name: `Result: ${KEY} version 1` }).waitFor({ timeout: 120_000 });
    await cardOf(page, 'paivi@example.fi').waitFor();
    expect(await page.locator('details.simulation-card').count()).toBe(1);
    await expectAccessible(page, 'simulation of a saved view');
    expect(problemsOf(page)).toEqual([]);
  });

  test('a sales rep cannot open the simulation', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.base, SALES, `/app/sequences/${KEY}/simulate`);
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
  });
});
