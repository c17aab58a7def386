/**
 * The web console in a real browser: Debian Chromium (playwright-core) against the real API
 * (buildServer, as the integration suites build it: a database, the Temporal dev server, a worker,
 * SMTP capture) serving the console built once by ./global-setup.ts. Every page is checked with
 * axe-core (no serious or critical violations) and photographed at desktop and phone widths
 * into test/browser/screenshots/ (gitignored).
 */
import type { Page } from 'playwright-core';
import type { TApp } from '../../api/server';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import { createUser } from '../../domain/users/create-user';
import { DEV_USER_PASSWORD } from '../../domain/users/dev-users';
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
  type TViewport,
} from './harness';

const USERS = {
  admin: {
    email: 'admin@nurture.localhost',
    name: 'Dev Admin',
    role: 'admin',
    nav: [
      'My tasks',
      'Leads',
      'Import',
      'Sequences',
      'Templates',
      'Triggers',
      'Scoring',
      'Products',
      'Suppressions',
      'Dashboards',
      'Webhooks',
    ],
  },
  marketing: {
    email: 'marketing@nurture.localhost',
    name: 'Dev Marketing',
    role: 'marketing',
    nav: ['Leads', 'Sequences', 'Templates', 'Triggers', 'Scoring', 'Products', 'Suppressions', 'Dashboards'],
  },
  sales: {
    email: 'rep@nurture.localhost',
    name: 'Demo Rep',
    role: 'sales',
    nav: ['My tasks', 'Leads', 'Import', 'Scoring', 'Products', 'Dashboards'],
  },
} as const;
type TWho = keyof typeof USERS;

jest.setTimeout(120_000);

describe('the web console in Chromium', () => {
  let stack: TConsoleStack;
  let db: TTestDatabase;
  let app: TApp;
  let base: string;
  const adminHeaders = { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` };

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('browser');
    ({ db, app, base } = stack);
    // The lead the sales story is about, owned by the demo rep.
    const created = await app.inject({
      method: 'POST',
      url: '/leads',
      headers: adminHeaders,
      payload: {
        email: 'aramazd@example.am',
        firstName: 'Արամազդ',
        lastName: 'Պետրոսյան',
        company: 'Վան Տեխ',
        locale: 'hy',
        timeZone: 'Asia/Yerevan',
        source: 'WEBINAR',
        purchaseTimeframe: 'NOW',
        ownerEmail: USERS.sales.email,
        ownerName: USERS.sales.name,
      },
    });
    expect(created.statusCode).toBe(201);
  });

  afterAll(() => stack?.stop());

  // ---- helpers ----

  const newPage = (viewport?: TViewport): Promise<Page> => stack.newPage(viewport);
  const signIn = (page: Page, who: TWho, next = ''): Promise<void> => signInAt(page, base, USERS[who].email, next || '/');

  const navLabels = async (page: Page) =>
    (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) => t.trim());

  // ---- tests ----

  test('signs in as each role: the header names the person and role; the navigation is the role’s', async () => {
    for (const who of ['admin', 'marketing', 'sales'] as const) {
      const page = await newPage();
      await signIn(page, who);
      const header = page.getByRole('banner');
      await header.getByText(USERS[who].name).waitFor();
      expect(await header.textContent()).toContain(USERS[who].role);
      expect(await navLabels(page)).toEqual(USERS[who].nav);
      // Marketing starts on the leads; sales and admin on their tasks.
      await page.waitForURL(who === 'marketing' ? /\/app\/leads$/ : /\/app\/tasks$/);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectAccessible(page, `${who} start page`);
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You have signed out.').waitFor();
      // Signed out means signed out: the API now refuses the old cookie's calls.
      const status = await page.evaluate(async () => (await fetch('/auth/session')).status);
      expect(status).toBe(401);
      expect(problemsOf(page)).toEqual([]);
    }
  });

  test('a wrong password is said inline; repeated ones lock the account with the rate-limit message', async () => {
    const page = await newPage();
    await page.goto(`${base}/app/sign-in`);
    await expectAccessible(page, 'sign-in');
    await screenshots(page, 'sign-in');
    // Empty form: each field says what it needs, without a round trip.
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your email address').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Email').fill(USERS.sales.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Wrong email or password');
    await expectAccessible(page, 'sign-in with an error');
    await screenshots(page, 'sign-in-wrong-password');

    // A throwaway account, locked after 5 failures: the 6th attempt gets the 429's message.
    await createUser(
      { prisma: db.prisma },
      { email: 'locked@nurture.localhost', name: 'Locked', role: 'SALES', password: DEV_USER_PASSWORD },
    );
    await page.getByLabel('Email').fill('locked@nurture.localhost');
    for (let attempt = 1; attempt <= 6; attempt++) {
      await page.getByLabel('Password').fill(`wrong ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.waitForFunction("!document.querySelector('button[type=submit]')?.hasAttribute('disabled')");
    }
    await page.getByText('Too many sign-in attempts; try again in 15 minutes').waitFor();
    expect(problemsOf(page)).toEqual([]);
  });

  test('sales: finds a lead by part of an Armenian name, starts the follow-up, completes the task, converts the lead', async () => {
    const page = await newPage();
    await signIn(page, 'sales');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Leads' }).click();
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('Արամ');
    // Debounced: the URL takes the query, then the list shows both Արամ and Արամազդ.
    await page.waitForURL(/q=/);
    const row = page.getByRole('link', { name: 'Արամազդ Պետրոսյան' });
    await row.waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /Showing 2 of 2 leads/ })
      .waitFor();
    await expectAccessible(page, 'lead list (search)');
    await screenshots(page, 'lead-list-search');

    await row.click();
    await page.getByRole('heading', { name: 'Արամազդ Պետրոսյան', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Journeys' }).waitFor();
    await expectAccessible(page, 'lead page');
    await screenshots(page, 'lead-page');

    await page.getByRole('button', { name: 'Start follow-up' }).click();
    await page.getByText(`Follow-up started: tasks and emails come from ${USERS.sales.email}.`).waitFor();
    // The journey appears on the lead page once the cadence runs.
    await page.getByRole('cell', { name: /sales-follow-up/ }).waitFor();

    // The cadence's first task is the rep's (the journey creates it): complete it in place on My tasks.
    const lead = await db.prisma.lead.findUniqueOrThrow({ where: { email: 'aramazd@example.am' } });
    await eventually('the cadence’s first task', async () => (await db.prisma.task.count({ where: { leadId: lead.id } })) === 1);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tasks' }).click();
    const task = page.getByRole('article', { name: 'First call: qualify need, budget and timeframe' });
    await task.filter({ hasText: 'Արամազդ Պետրոսյան' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'my tasks');
    await screenshots(page, 'my-tasks');
    await task.getByRole('button', { name: /Complete…/ }).click();
    // Submitting without a result is refused inline (the shared zod schema's message).
    await task.getByRole('button', { name: 'Complete task' }).click();
    await task.getByText('say what happened').waitFor();
    await task.getByLabel('Outcome').selectOption('meeting_booked');
    await task.getByLabel('What happened').fill('Demo booked for Thursday');
    await expectAccessible(page, 'my tasks (completing)');
    await screenshots(page, 'my-tasks-complete-form');
    await task.getByRole('button', { name: 'Complete task' }).click();
    await page.getByText('Completed “First call: qualify need, budget and timeframe”: Demo booked for Thursday').waitFor();
    await task.waitFor({ state: 'detached' });

    // Back to the lead: convert with the first purchase.
    await page.goBack();
    await page.getByRole('heading', { name: 'Արամազդ Պետրոսյան', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Convert to customer…' }).click();
    await page.getByLabel('First purchase').selectOption('CRM-PRO');
    expect(await page.getByLabel('Amount').inputValue()).toBe('79.00');
    await page.getByLabel('Order id (optional)').fill('A-1001');
    await expectAccessible(page, 'lead page (convert form)');
    await screenshots(page, 'lead-convert-form');
    await page.getByRole('button', { name: 'Convert', exact: true }).click();
    await page.getByText(/Converted: Արամազդ Պետրոսյան is a customer with a first purchase of CRM-PRO/).waitFor();
    await page.getByRole('heading', { name: 'Customer card' }).waitFor();
    await page.getByText('CRM-PRO', { exact: false }).first().waitFor();
    await expectAccessible(page, 'lead page (customer)');
    await screenshots(page, 'lead-customer');

    // The lifecycle history says it.
    const history = page.getByRole('region', { name: 'Lifecycle history' });
    await history.getByText('Customer').waitFor();
    expect(problemsOf(page)).toEqual([]);
  });

  test('sales cannot reach publishing: no Sequences link, the page says so, the API refuses', async () => {
    const page = await newPage();
    await signIn(page, 'sales');
    expect(await navLabels(page)).not.toContain('Sequences');
    await page.goto(`${base}/app/sequences`);
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    await expectAccessible(page, 'not allowed');
    await screenshots(page, 'not-allowed');
    // Even with the session's own CSRF token, publishing is refused.
    const answer = await page.evaluate(async () => {
      const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
      const res = await fetch('/sequences', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ key: 'sales-try', name: 'x', steps: [{ id: 'e', type: 'exit' }] }),
      });
      return { status: res.status, body: (await res.json()) as { error: { message: string } } };
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.message).toMatch(/sales user cannot POST \/sequences/);
  });

  test('the lead list and the task list work from the keyboard alone', async () => {
    // A fresh task for the rep: a follow-up on another demo lead.
    const lead = await db.prisma.lead.findUniqueOrThrow({ where: { email: 'paivi@example.fi' } });
    const started = await app.inject({ method: 'POST', url: `/leads/${lead.id}/follow-ups`, headers: adminHeaders });
    expect(started.statusCode).toBe(202);
    await eventually(
      'the cadence’s first task',
      async () => (await db.prisma.task.count({ where: { leadId: lead.id, status: 'OPEN' } })) === 1,
    );
    const page = await newPage();
    await signIn(page, 'sales');
    // (Browser-side expressions are strings: this project's types are Node's, not the DOM's.)
    const focused = () => page.evaluate<string>("document.activeElement?.textContent?.trim() ?? ''");
    const active = (expression: string) => page.evaluate<string | boolean | null>(`document.activeElement?.${expression} ?? null`);

    // On a fresh load: the skip link first, then into the page.
    await page.goto(`${base}/app/tasks`);
    await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await active('id')).toBe('main');

    // Tasks: Tab to the task's "Complete…" button, open it, type, submit, all by keyboard.
    await page.getByRole('article', { name: 'First call: qualify need, budget and timeframe' }).filter({ hasText: 'Päivi' }).waitFor();
    for (let i = 0; i < 30 && !(await focused()).startsWith('Complete…'); i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^Complete…/);
    await page.keyboard.press('Enter');
    // The result field has focus at once.
    await page.waitForFunction("document.activeElement?.tagName === 'TEXTAREA'");
    await page.keyboard.type('Left a voicemail');
    await page.keyboard.press('Tab'); // Complete task
    expect(await focused()).toBe('Complete task');
    await page.keyboard.press('Enter');
    await page.getByText(/Completed “First call: qualify need, budget and timeframe”: Left a voicemail/).waitFor();

    // Lead list: reach it from the navigation, search, move through rows with the arrows, open one.
    await page.goto(`${base}/app/tasks`);
    await page.getByRole('heading', { name: 'My tasks', level: 1 }).waitFor();
    for (let i = 0; i < 10 && (await focused()) !== 'Leads'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    for (let i = 0; i < 20 && (await active("getAttribute('type')")) !== 'search'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('example');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=example/);
    // The search's own results, not the list from before it (rows may move when they arrive).
    await page
      .getByRole('status')
      .filter({ hasText: /^Showing \d+ of \d+ leads$/ })
      .waitFor();
    // Tab onwards until the first row's link, then ArrowDown to the second.
    for (let i = 0; i < 40 && !(await active("hasAttribute('data-row-link')")); i++) await page.keyboard.press('Tab');
    const first = await focused();
    await page.keyboard.press('ArrowDown');
    const second = await focused();
    expect(second).not.toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(first);
    await page.keyboard.press('Enter');
    // First the address (Enter followed the link), then the page (the lead's own heading).
    await page.waitForURL(/\/app\/leads\/[^/?]+$/);
    await page.getByRole('heading', { name: first, level: 1 }).waitFor();
    expect(problemsOf(page)).toEqual([]);
  });

  test('an expired session shows the expiry screen, and signing in again returns to the page', async () => {
    const page = await newPage();
    await signIn(page, 'marketing');
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    const user = await db.prisma.user.findUniqueOrThrow({ where: { email: USERS.marketing.email } });
    await db.prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });

    // The next data request answers 401: the console says so instead of breaking.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sequences' }).click();
    await page.getByRole('heading', { name: 'Your session has expired' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'You have been signed out' }).waitFor();
    await expectAccessible(page, 'session expired');
    await screenshots(page, 'session-expired');

    await page.getByRole('button', { name: 'Sign in again' }).click();
    await page.waitForURL(/\/app\/sign-in\?next=%2Fapp%2Fsequences/);
    await page.getByLabel('Email').fill(USERS.marketing.email);
    await page.getByLabel('Password').fill(DEV_USER_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Sequences', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Sales follow-up cadence' }).waitFor();
    expect(problemsOf(page)).toEqual([]);
  });

  test('every page passes axe and is photographed at desktop and phone widths (as admin)', async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    const pages: [string, string, string][] = [
      ['tasks', '/app/tasks', 'My tasks'],
      ['leads', '/app/leads', 'Leads'],
      ['leads-filtered', '/app/leads?status=NEW,MQL&heat=HOT&owner=none', 'Leads'],
      ['import', '/app/import', 'Import leads'],
      ['sequences', '/app/sequences', 'Sequences'],
      ['not-found', '/app/nowhere', 'Page not found'],
    ];
    for (const [name, url, heading] of pages) {
      await page.goto(`${base}${url}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectAccessible(page, name);
      await screenshots(page, name);
    }
    // The lead list's filters open, and a saved view is kept.
    await page.goto(`${base}/app/leads?heat=HOT`);
    await page.getByRole('button', { name: 'Save this view…' }).click();
    await page.getByLabel('View name').fill('Hot ones');
    await page.getByRole('button', { name: 'Save view' }).click();
    await page.getByRole('navigation', { name: 'Saved views' }).getByRole('link', { name: 'Hot ones' }).waitFor();
    await page.reload();
    expect(await page.getByRole('link', { name: 'Hot ones' }).getAttribute('aria-current')).toBe('true');
    await expectAccessible(page, 'leads with a saved view');
    await screenshots(page, 'leads-saved-view');
    // An import, with its progress and per-row errors.
    await page.goto(`${base}/app/import`);
    await page.getByLabel('CSV file').setInputFiles({
      name: 'fair.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('email,firstName,company\nanahit@example.am,Անահիտ,Ձոր\nnot-an-email,Broken,\n'),
    });
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByText(/Finished: 2 of 2 rows · 1 new · 0 merged · 1 failed/).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'import done');
    await screenshots(page, 'import-done');
    expect(problemsOf(page)).toEqual([]);
  });
});
