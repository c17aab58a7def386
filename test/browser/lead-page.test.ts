/**
 * The lead page's actions and the lead list's overdue view in a real browser: Debian Chromium
 * (playwright-core) against the real API (buildServer with a database, the Temporal dev server, a
 * worker and SMTP capture), serving the console built once by ./global-setup.ts. A sales rep logs
 * a call, sends one template, enrols the lead in the demo sequence and pauses, resumes and exits
 * the journey, seeing each state; the "Overdue follow-ups" view lists a lead whose task is past
 * due. axe-core checks every state (no serious or critical violations); screenshots at desktop
 * and phone widths go to test/browser/screenshots/ (gitignored).
 */
import type { Page } from 'playwright-core';
import type { TApp } from '../../api/server';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import type { TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { hasChromium } from './chromium';
import {
  browserTest as test,
  expectAccessible,
  problemsOf,
  screenshots,
  signIn as signInAt,
  startConsoleStack,
  type TConsoleStack,
} from './harness';

const SALES = { email: 'rep@nurture.localhost', name: 'Demo Rep' } as const;
const DAY = 86_400_000;

jest.setTimeout(180_000);

describe('the lead page and the overdue view in Chromium', () => {
  let stack: TConsoleStack;
  let db: TTestDatabase;
  let app: TApp;
  let base: string;
  let mail: TConsoleStack['mail'];
  const adminHeaders = { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` };

  async function capture(body: Record<string, unknown>): Promise<string> {
    const res = await app.inject({ method: 'POST', url: '/leads', headers: adminHeaders, payload: body });
    expect(res.statusCode).toBe(201);
    return (res.json() as { id: string }).id;
  }
  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('browser-lead');
    ({ db, app, base, mail } = stack);
  });

  afterAll(() => stack?.stop());

  // ---- helpers ----

  const newPage = (): Promise<Page> => stack.newPage();
  const signIn = (page: Page, next: string): Promise<void> => signInAt(page, base, SALES.email, next);

  // ---- tests ----

  test('sales: logs a call and a note, sends one template, enrols in the demo sequence, pauses, resumes and exits the journey', async () => {
    const leadId = await capture({
      email: 'aino@example.fi',
      firstName: 'Aino',
      lastName: 'Mäkelä',
      company: 'Järvi Oy',
      locale: 'fi',
      timeZone: 'Europe/Helsinki',
      source: 'WEBINAR',
      purchaseTimeframe: 'MONTHS',
      ownerEmail: SALES.email,
      ownerName: SALES.name,
    });
    const page = await newPage();
    await signIn(page, `/app/leads/${leadId}`);
    await page.getByRole('heading', { name: 'Aino Mäkelä', level: 1 }).waitFor();
    // Scored to MQL on capture, the lead is already in the built-in nurture journey: its state, in words.
    const journeys = page.getByRole('region', { name: 'Journeys', exact: true });
    await journeys
      .getByRole('row')
      .filter({ hasText: 'nurture v1' })
      .getByText(/^Waiting for 7 days; next step /)
      .waitFor({ timeout: 30_000 });
    // The score with its reasons: warm (MONTHS) 25 + has a company 5 = 30, past MQL at 25.
    const card = page.getByRole('region', { name: 'Lead card' });
    await card.getByText('Why this score').click();
    await card.getByText('Fit: Warm +25').waitFor();
    await card.getByText('Fit: Has company +5').waitFor();
    await card.getByText('MQL at 25, SQL at 60.').waitFor();
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'lead page');
    await screenshots(page, 'lead-page-actions');

    // ---- Log a call: empty is refused inline; then logged, and on the timeline with who logged it.
    const log = page.getByRole('region', { name: 'Log a call or note' });
    await log.getByRole('button', { name: 'Log call' }).click();
    await log.getByText('Write what was said or done').waitFor();
    expect(await log.getByLabel('What was said').getAttribute('aria-invalid')).toBe('true');
    await log.getByLabel('How did the call go? (optional)').selectOption('reached');
    await log.getByLabel('What was said').fill('Spoke to Aino: budget approved in June.\nDemo next Tuesday.');
    await log.getByRole('button', { name: 'Log call' }).click();
    await log.getByText('Call logged (Reached): it is on the timeline.').waitFor();
    // The result takes the focus (so it is announced); the next keyboard steps start after that.
    await page.waitForFunction("document.activeElement?.textContent?.includes('Call logged') === true");
    const timeline = page.getByRole('region', { name: 'Timeline' });
    const callEntry = timeline.getByRole('listitem').filter({ hasText: 'Spoke to Aino: budget approved in June.' });
    await callEntry.waitFor();
    expect(await callEntry.textContent()).toMatch(/Call · Reached · by Demo Rep.*Demo next Tuesday\./);

    // A note, from the keyboard alone: choose "A note", type, submit with Enter on the button.
    await log.getByLabel('A note').focus();
    await page.keyboard.press('Space');
    await log.getByLabel('Note', { exact: true }).focus();
    await page.keyboard.type('Prefers email in Finnish.');
    // The button is disabled while the call's mutation still refreshes the page's queries.
    await page.waitForFunction("[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Log note' && !b.disabled)");
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''")).toBe('Log note');
    await page.keyboard.press('Enter');
    await log.getByText('Note logged: it is on the timeline.').waitFor();
    await timeline.getByRole('listitem').filter({ hasText: 'Prefers email in Finnish.' }).waitFor();
    const events = await db.prisma.leadEvent.findMany({
      where: { leadId, type: { in: ['call.logged', 'note.logged'] } },
      orderBy: { occurredAt: 'asc' },
    });
    expect(events.map((e) => [e.type, (e.data as { by: { kind: string; name: string } }).by])).toEqual([
      ['call.logged', expect.objectContaining({ kind: 'session', name: 'Demo Rep' })],
      ['note.logged', expect.objectContaining({ kind: 'session', name: 'Demo Rep' })],
    ]);
    await expectAccessible(page, 'lead page (call and note logged)');

    // ---- Send one template: a malformed key is refused inline, an unknown one with the API's message.
    const actions = page.getByRole('region', { name: 'Actions' });
    await actions.getByRole('button', { name: 'Send one email…' }).click();
    await actions.getByLabel('Template key').fill('Not A Key');
    await actions.getByRole('button', { name: 'Send', exact: true }).click();
    await actions.getByText('Must be 2–63 lower-case letters, digits or dashes').waitFor();
    await actions.getByLabel('Template key').fill('no-such-template');
    await actions.getByRole('button', { name: 'Send', exact: true }).click();
    await actions.getByRole('alert').filter({ hasText: 'Template no-such-template does not exist' }).waitFor();
    await expectAccessible(page, 'lead page (send form with an error)');
    await screenshots(page, 'lead-page-send-error');
    await actions.getByLabel('Template key').fill('demo-tips');
    await actions.getByRole('button', { name: 'Send', exact: true }).click();
    await actions.getByText(/Sending demo-tips to aino@example\.fi: the send is under way/).waitFor();
    await mail.capture.waitFor((m) => m.envelopeTo.includes('aino@example.fi') && m.subject.startsWith('Aino, three ways'));

    // ---- Enrol in the demo sequence.
    await actions.getByRole('button', { name: 'Enrol in a sequence…' }).click();
    await actions.getByRole('button', { name: 'Enrol', exact: true }).click();
    await actions.getByText('Pick the sequence to enrol the lead in').waitFor();
    await actions.getByLabel('Sequence', { exact: true }).selectOption('demo-nurture');
    await actions.getByRole('button', { name: 'Enrol', exact: true }).click();
    await actions.getByText('Enrolled in Demo: cold lead nurture: the journey starts now.').waitFor();

    // The journey's live state, in words: welcome sent, now waiting two days for the tips.
    const demoRows = () => page.getByRole('row').filter({ has: page.getByRole('cell', { name: /^demo-nurture v\d+$/ }) });
    const row = demoRows();
    await row.getByText(/^Waiting for 2 days; next step /).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'lead page (journey waiting)');
    await screenshots(page, 'lead-page-journey');

    // Pause: the button waits for the workflow, then the state says paused and Resume replaces Pause.
    await row.getByRole('button', { name: 'Pause' }).click();
    await journeys.getByText('Paused demo-nurture: it stays where it is until resumed.').waitFor();
    await row.getByText('Paused at step “wait-tips” (wait)').waitFor();
    await expectAccessible(page, 'lead page (journey paused)');
    await screenshots(page, 'lead-page-journey-paused');

    // Resume: waiting again, the same deadline.
    await row.getByRole('button', { name: 'Resume' }).click();
    await journeys.getByText(/^Resumed demo-nurture: waiting for 2 days; next step /).waitFor();
    await row.getByText(/^Waiting for 2 days/).waitFor();

    // Exit asks a reason (refused empty), then the journey ends with it.
    await row.getByRole('button', { name: 'Exit…' }).click();
    const exitForm = journeys.getByRole('form', { name: 'Exit demo-nurture' });
    await exitForm.getByRole('button', { name: 'Exit journey' }).click();
    await exitForm.getByText('Say why the journey should end').waitFor();
    await expectAccessible(page, 'lead page (exit form)');
    await screenshots(page, 'lead-page-journey-exit-form');
    await exitForm.getByLabel('Reason for ending the journey').fill('Talking to sales directly');
    await exitForm.getByRole('button', { name: 'Exit journey' }).click();
    await journeys.getByText('Exited demo-nurture: Talking to sales directly.').waitFor({ timeout: 30_000 });
    await row.getByText('Exited', { exact: true }).waitFor();
    await row.getByText('Talking to sales directly', { exact: true }).waitFor();
    expect(await row.getByRole('button').count()).toBe(0);
    const enrollment = await db.prisma.enrollment.findFirstOrThrow({ where: { leadId, sequence: { key: 'demo-nurture' } } });
    expect(enrollment).toMatchObject({ status: 'EXITED', exitReason: 'Talking to sales directly' });
    await expectAccessible(page, 'lead page (journey exited)');
    await screenshots(page, 'lead-page-journey-exited');

    // The API's refusal is shown too: pausing a journey that ended elsewhere (here: by the API, behind the page's back).
    const second = await app.inject({
      method: 'POST',
      url: '/sequences/demo-nurture/enrollments',
      headers: adminHeaders,
      payload: { leadIds: [leadId] },
    });
    expect(second.json()).toMatchObject({ results: [{ outcome: 'enrolled' }] });
    await page.reload();
    // The timeline has the journey's own record of what was done.
    await timeline.getByText('journey.paused').first().waitFor();
    await timeline.getByText('journey.exited').first().waitFor();
    const fresh = demoRows().filter({ has: page.getByRole('button', { name: 'Pause' }) });
    await fresh.getByText(/^Waiting for 2 days/).waitFor({ timeout: 30_000 });
    const { enrollmentId } = (second.json() as { results: Array<{ enrollmentId: string }> }).results[0]!;
    expect(
      (await app.inject({ method: 'POST', url: `/journeys/${enrollmentId}/exit`, headers: adminHeaders, payload: { reason: 'x' } }))
        .statusCode,
    ).toBe(202);
    await eventually(
      'the second journey ended',
      async () => (await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollmentId } })).status === 'EXITED',
    );
    await fresh.getByRole('button', { name: 'Pause' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /has already ended \(exited: x\)/ })
      .waitFor();
    expect(problemsOf(page)).toEqual([]);
  });

  test('the "Overdue follow-ups" view lists leads with a task past due; created-from/to filter the list', async () => {
    const overdueId = await capture({ email: 'tuuli@example.fi', firstName: 'Tuuli', lastName: 'Overdue', ownerEmail: SALES.email });
    const upcomingId = await capture({ email: 'kaisa@example.fi', firstName: 'Kaisa', lastName: 'Upcoming', ownerEmail: SALES.email });
    const task = (leadId: string, dueAt: Date, key: string) =>
      db.prisma.task.create({
        data: { idempotencyKey: key, leadId, kind: 'call', title: 'Call back', assigneeEmail: SALES.email, dueAt },
      });
    await task(overdueId, new Date(Date.now() - DAY), 'browser-overdue');
    await task(upcomingId, new Date(Date.now() + DAY), 'browser-upcoming');

    const page = await newPage();
    await signIn(page, '/app/leads');
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: 'Overdue follow-ups' }).click();
    await page.waitForURL(/hasOverdueTasks=true/);
    await page
      .getByRole('status')
      .filter({ hasText: /^Showing 1 of 1 lead$/ })
      .waitFor();
    await page.getByRole('link', { name: 'Tuuli Overdue' }).waitFor();
    expect(await page.getByRole('link', { name: 'Kaisa Upcoming' }).count()).toBe(0);
    expect(await page.getByLabel('Has overdue tasks').inputValue()).toBe('true');
    expect(
      await page
        .getByRole('navigation', { name: 'Saved views' })
        .getByRole('link', { name: 'Overdue follow-ups' })
        .getAttribute('aria-current'),
    ).toBe('true');
    await expectAccessible(page, 'leads (overdue view)');
    await screenshots(page, 'leads-overdue');

    // Created from/to: applied on leaving the field; a "to" before the "from" is said, not sent.
    await page.goto(`${base}/app/leads`);
    await page.locator('summary', { hasText: 'Filters' }).click();
    // Calendar days in the browser's zone (Europe/Helsinki here), as the list shows dates.
    const helsinkiDay = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki' }).format(ms);
    const today = helsinkiDay(Date.now());
    const tomorrow = helsinkiDay(Date.now() + DAY);
    const created = page.getByRole('group', { name: 'Created' });
    await created.getByLabel('From').fill(tomorrow);
    await created.getByLabel('From').press('Enter');
    await page.waitForURL(new RegExp(`createdFrom=${tomorrow}`));
    await page.getByRole('status').filter({ hasText: 'No leads match' }).waitFor();
    await created.getByLabel('To').fill(today);
    await created.getByLabel('To').press('Enter');
    await created.getByText('The “to” date must not be before the “from” date').waitFor();
    expect(page.url()).not.toContain('createdTo=');
    await created.getByLabel('From').fill(today);
    await created.getByLabel('To').press('Enter');
    await page.waitForURL(new RegExp(`createdFrom=${today}&createdTo=${today}`));
    await page.getByRole('link', { name: 'Tuuli Overdue' }).waitFor();
    await expectAccessible(page, 'leads (created range)');
    await screenshots(page, 'leads-created-range');
    expect(problemsOf(page)).toEqual([]);
  });
});
