/**
 * What every browser suite stands on: the real API (buildServer as the integration suites build
 * it: a database, the Temporal dev server, a worker, SMTP capture) serving the console built once
 * by ./global-setup.ts, with the dev stack's data (built-in journeys, reps, demo sequence, dev
 * users); Debian Chromium pages that fail on any script error or CSP refusal; axe-core; and
 * screenshots at desktop and phone widths into test/browser/screenshots/ (gitignored).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';
import type { TPageReporter } from './environment';
import { buildServer, type TApiDeps, type TApp } from '../../api/server';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { RateLimiter } from '../../lib/security/rate-limit';
import { createLoginLimiters } from '../../domain/users/sessions';
import { DEV_USER_PASSWORD } from '../../domain/users/dev-users';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { seedDemo } from '../../domain/demo/seed-demo';
import type { TRunningWorker } from '../../worker/start-worker';
import { activityConfigFromEnv } from '../../activities';
import { createSimulator } from '../../worker/simulation/simulate-journeys';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';
import { hasChromium, launchChromium, SCREENSHOT_DIR, SKIP_MESSAGE } from './chromium';

export const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
export type TViewport = keyof typeof VIEWPORTS;

/** `it` where Chromium is installed; elsewhere every test is reported as skipped, with the reason in its name. */
export const browserTest: (name: string, fn: () => Promise<void>) => void = hasChromium()
  ? (name, fn) => it(name, fn)
  : (name, fn) => it.skip(`${name} (${SKIP_MESSAGE})`, fn);

export type TConsoleStack = {
  env: TestWorkflowEnvironment;
  db: TTestDatabase;
  mail: Awaited<ReturnType<typeof createTestMail>>;
  worker: TRunningWorker;
  app: TApp;
  browser: Browser;
  /** http://127.0.0.1:<port> */
  base: string;
  taskQueue: string;
  /** A fresh browser context and page, closed by stop(). */
  newPage(viewport?: TViewport): Promise<Page>;
  stop(): Promise<void>;
};

/** `envOverrides`: settings that differ from TEST_ENV for the API, the worker and the simulator, e.g. { QUIET_HOURS: '21:00-08:00' }. */
export async function startConsoleStack(
  queueName: string,
  options: { envOverrides?: Partial<typeof TEST_ENV> } = {},
): Promise<TConsoleStack> {
  const dist = process.env.NURTURE_TEST_CONSOLE_DIST;
  if (!dist) throw new Error('NURTURE_TEST_CONSOLE_DIST is unset: run the browser project (its global setup builds the console)');
  const [env, db, mail, browser] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail(), launchChromium()]);
  const taskQueue = uniqueTaskQueue(queueName);
  const templates = new TemplateCache();
  const { envOverrides } = options;
  const worker = await createTestWorker({
    env,
    prisma: db.prisma,
    mailer: mail.mailer,
    taskQueue,
    templates,
    temporal: env.client,
    envOverrides,
  });
  const apiEnv = { ...TEST_ENV, ...envOverrides, TEMPORAL_TASK_QUEUE: taskQueue };
  const deps: TApiDeps & { loginLimiters: ReturnType<typeof createLoginLimiters> } = {
    env: apiEnv,
    prisma: db.prisma,
    temporal: env.client,
    mailer: mail.mailer,
    templates,
    health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    consoleDist: dist,
    // Every sign-in of a suite comes from 127.0.0.1: lift the per-IP limit (the per-account lock stays).
    loginLimiters: { ...createLoginLimiters(), byIp: new RateLimiter({ max: 10_000, windowMs: 60_000 }) },
  };
  // POST /sequences/simulate on the run's prebuilt workflow bundle (no webpack per suite).
  const bundle = workflowBundle();
  if (bundle) {
    const simulator = createSimulator({ prisma: db.prisma, config: activityConfigFromEnv(apiEnv), workflowBundle: bundle });
    deps.runSimulation = (plan) => simulator.run(plan);
  }
  const app = await buildServer(deps);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The dev stack's data: built-in journeys, reps, products, the demo sequence, the dev users and demo leads.
  await installBuiltins(db.prisma);
  await seedDemo({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false, devApiKeys: true });
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const contexts: BrowserContext[] = [];
  return {
    env,
    db,
    mail,
    worker,
    app,
    browser,
    base,
    taskQueue,
    async newPage(viewport = 'desktop') {
      const context = await browser.newContext({ viewport: VIEWPORTS[viewport], locale: 'en-GB', timezoneId: 'Europe/Helsinki' });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      // A script error or a CSP refusal is a failure, not a blank page nobody looks at.
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
      });
      (page as Page & { problems: string[] }).problems = problems;
      // For the failure report (environment.ts): the answers that said no, and which pages are open.
      const refusals: string[] = [];
      const note = (line: string) => refusals.push(line) > 10 && refusals.shift();
      page.on('response', (r) => r.status() >= 400 && note(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
      page.on('requestfailed', (r) => note(`failed ${r.method()} ${new URL(r.url()).pathname}: ${r.failure()?.errorText ?? ''}`));
      openPages.set(page, refusals);
      page.on('close', () => openPages.delete(page));
      return page;
    },
    async stop() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await worker.stop();
      await Promise.all([env.teardown(), db.cleanup(), mail.close()]);
    },
  };
}

/** Every open page of this test file, with its last refused or failed requests. */
const openPages = new Map<Page, string[]>();
(globalThis as TPageReporter).__describeOpenPages = async () =>
  (await Promise.all([...openPages].map(([page, refusals]) => describePage(page, refusals)))).join('\n');

/** What a page shows now, in a few lines (it may be mid-navigation: 3 s at most). */
async function describePage(page: Page, refusals: readonly string[]): Promise<string> {
  // A string, evaluated in the page (this project's types are Node's, not the DOM's).
  const script = `(() => {
    const text = (e) => (e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 120);
    return {
      headings: [...document.querySelectorAll('h1')].map(text),
      statuses: [...document.querySelectorAll('[role=status], [role=alert]')].map(text).filter(Boolean),
      focus: document.activeElement ? document.activeElement.tagName.toLowerCase() + ' ' + text(document.activeElement) : '',
    };
  })()`;
  const seen = await Promise.race([
    page.evaluate<{ headings: string[]; statuses: string[]; focus: string }>(script).catch(() => null),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
  ]);
  return [
    `  page ${page.url()}`,
    seen
      ? `    h1: ${JSON.stringify(seen.headings)}; status: ${JSON.stringify(seen.statuses)}; focus: ${seen.focus}`
      : '    (the page did not answer within 3 s)',
    `    refused or failed requests: ${refusals.length ? refusals.join('; ') : 'none'}`,
  ].join('\n');
}

/** The script errors and CSP refusals a page met (see newPage). */
export const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

/** Opens `base + next` (the sign-in page, then `next`) and signs in as a dev user. */
export async function signIn(page: Page, base: string, email: string, next = '/'): Promise<void> {
  await page.goto(`${base}${next}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(DEV_USER_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * axe-core on the page as it is: no serious or critical violations (WCAG 2.1 A/AA and best practices).
 * `exclude`: selectors axe skips, e.g. a sandboxed email preview frame (no scripts may run in it,
 * so axe cannot be injected and would wait forever; its content is the email's, not the console's).
 */
export async function expectAccessible(page: Page, label: string, options: { exclude?: readonly string[] } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad).toEqual([]);
}

/** Photographs the page at desktop width and again at phone width, where axe checks it too (the layout changes). */
export async function screenshots(page: Page, name: string, options: { exclude?: readonly string[] } = {}): Promise<void> {
  await page.setViewportSize(VIEWPORTS.desktop);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(VIEWPORTS.phone);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-phone.png`), fullPage: true });
  await expectAccessible(page, `${name} (phone)`, options);
  await page.setViewportSize(VIEWPORTS.desktop);
}
