/**
 * A marketer's configuration journey in a real browser: Debian Chromium (playwright-core) against
 * the real API (database, Temporal dev server, worker, SMTP capture) serving the console built by
 * ./global-setup.ts. In the template studio they edit the welcome email, meet an unknown variable
 * as an inline error on its line, fix it, preview it for an English sample, add a Finnish variant
 * and preview that for a Finnish sample and for a real Finnish lead found by search, send
 * themselves a test (found in the captured mail), read the plain-text part and save; then edit a
 * scoring rule (the shared schema catching a bad threshold first), add and remove a suppression,
 * and create a trigger and switch it off. A sales rep sees the scoring and products read-only and
 * cannot reach the studio. axe-core checks every page (no serious or critical violations).
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import { hasChromium, SCREENSHOT_DIR } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, screenshots, signIn, startConsoleStack, type TConsoleStack } from './harness';

const MARKETING = 'marketing@nurture.localhost';
/** The email preview: a sandboxed frame where no script runs, so axe cannot enter it (its content is the email's, checked as MJML). */
const PREVIEW_FRAME = { exclude: ['.preview-frame'] };
const SALES = 'rep@nurture.localhost';

jest.setTimeout(240_000);

describe('the marketing studio pages in Chromium', () => {
  let stack: TConsoleStack;

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('browser-studio');
  });
  afterAll(() => stack?.stop());

  const editor = (page: Page) => page.getByRole('textbox', { name: 'MJML' });
  const preview = (page: Page) => page.frameLocator('iframe[title^="Email preview"]');
  const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  /** Replaces the editor's text (CodeMirror takes it as typed input, so its change listener runs). */
  async function setSource(page: Page, mjml: string): Promise<void> {
    await editor(page).fill(mjml);
  }

  test('a marketer edits a template, previews it in two languages, sends a test, and configures scoring, suppressions and triggers', async () => {
    const { app, base, mail } = stack;
    // A Finnish lead to preview as (found by the studio's lead search).
    const lead = await app.inject({
      method: 'POST',
      url: '/leads',
      headers: { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` },
      payload: { email: 'sanna.koivu@example.fi', firstName: 'Sanna', lastName: 'Koivu', locale: 'fi', timeZone: 'Europe/Helsinki' },
    });
    expect(lead.statusCode).toBe(201);

    const page = await stack.newPage();
    await signIn(page, base, MARKETING, '/app/templates');
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await expectAccessible(page, 'templates list');
    // A new template starts from a valid draft and is saved as version 1.
    await page.getByLabel('Key').fill('Spring offer');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('The key must be 2–63 lower-case letters, digits or dashes').waitFor();
    await page.getByLabel('Key').fill('spring-offer');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByText('new template, not saved yet').waitFor();
    await preview(page).getByText('Hello Alex,').waitFor();
    await page.getByRole('button', { name: 'Save version 1' }).click();
    await page.getByText('Saved as version 1.').waitFor();
    await page.waitForURL(/\/app\/templates\/spring-offer$/);
    await nav(page, 'Templates');
    await page.getByRole('link', { name: 'Welcome to the nurture programme' }).click();
    await page.getByRole('heading', { name: 'Welcome to the nurture programme', level: 1 }).waitFor();
    await editor(page).waitFor();
    // The demo template renders for the default English sample.
    await preview(page).getByText('Hello Alex,').waitFor();

    // An unknown variable: the API's message, inline under the editor, on its line; the preview waits.
    const original = await editor(page).textContent();
    expect(original).toContain('{{lead.email}}');
    const source = (await stack.db.prisma.emailTemplate.findFirstOrThrow({ where: { key: 'welcome' }, orderBy: { version: 'desc' } })).mjml;
    const line = source.split('\n').findIndex((l) => l.includes('{{lead.email}}')) + 1;
    await setSource(
      page,
      source.replace('{{lead.email}}', '{{lead.mail}}').replace('Thank you for your interest.', 'Thanks for dropping by.'),
    );
    const problems = page.getByRole('list', { name: 'Problems' });
    await problems.getByText(/unknown variable \{\{lead\.mail\}\} \(known: lead\.firstName/).waitFor();
    expect(await problems.textContent()).toContain(`Line ${line}:`);
    await expect(editor(page).getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('The preview waits until the problems in the source are fixed.').waitFor();
    await expectAccessible(page, 'template studio with a problem', PREVIEW_FRAME);

    // Fixed: the problem goes, the preview comes back with the edit.
    await setSource(page, source.replace('Thank you for your interest.', 'Thanks for dropping by.'));
    await problems.waitFor({ state: 'detached' });
    await preview(page).getByText('Thanks for dropping by.').waitFor();
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Saved as version 2.').waitFor();

    // A Finnish variant, copied from the default, edited and previewed for a Finnish sample.
    await page.getByRole('button', { name: 'Add a language' }).click();
    await page.getByLabel('Language', { exact: true }).fill('fi');
    await page.getByRole('button', { name: 'Create the variant' }).click();
    await page.waitForURL(/\/app\/templates\/welcome-fi$/);
    await page.getByRole('navigation', { name: 'Languages of this template' }).getByRole('link', { name: 'fi' }).waitFor();
    await editor(page).waitFor();
    const fi = source
      .replace('Hello {{lead.firstName}},', 'Hei {{lead.firstName}},')
      .replace('Thank you for your interest.', 'Kiitos mielenkiinnostasi.');
    await setSource(page, fi);
    await page.getByLabel('Subject').fill('Tervetuloa, {{lead.firstName}}');
    await page.getByLabel('Language of the sample').selectOption('fi');
    await preview(page).getByText('Hei Aino,').waitFor();
    expect(await page.getByTestId('preview-subject').textContent()).toBe('Tervetuloa, Aino');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Saved as version 2.').waitFor();

    // Preview as a real lead, found by search: their name, their address.
    await page.getByRole('radio', { name: 'A lead' }).check();
    await page.getByLabel('Find a lead').fill('Koivu');
    await page.getByRole('button', { name: /Sanna Koivu · sanna\.koivu@example\.fi · fi/ }).click();
    await preview(page).getByText('Hei Sanna,').waitFor();
    await page.getByText('Sanna Koivu <sanna.koivu@example.fi>').waitFor();

    // The plain-text part, and the phone width.
    await page.getByText('Plain-text part').click();
    await expect(page.getByLabel('Plain-text part').textContent()).resolves.toContain('Hei Sanna,');
    await page.getByRole('radio', { name: /Mobile/ }).check();
    await expect(page.locator('iframe[title="Email preview, mobile width"]').getAttribute('width')).resolves.toBe('375');

    // Send me a test: it arrives at the marketer's own address.
    await page.getByRole('button', { name: 'Send me a test' }).click();
    await page.getByText(`Test sent to ${MARKETING}: “[Test] Tervetuloa, Sanna”.`).waitFor();
    const sent = await mail.capture.waitFor((m) => m.subject === '[Test] Tervetuloa, Sanna' && m.envelopeTo.includes(MARKETING));
    expect(sent.text).toContain('Hei Sanna,');
    await expectAccessible(page, 'template studio (fi variant, lead preview)', PREVIEW_FRAME);
    await screenshots(page, 'template-studio', PREVIEW_FRAME);
    await page.locator('.preview-frame').screenshot({ path: path.join(SCREENSHOT_DIR, 'template-preview-mobile.png') });

    // Back on the default: the English sample still reads English, and a Finnish sample is pointed to the variant.
    await page.getByRole('navigation', { name: 'Languages of this template' }).getByRole('link', { name: 'Default' }).click();
    await page.waitForURL(/\/app\/templates\/welcome$/);
    await preview(page).getByText('Hello Alex,').waitFor();
    await page.getByLabel('Language of the sample').selectOption('fi');
    await page.getByText(/People writing fi receive/).waitFor();

    // Scoring: a bad threshold is caught by the shared schema; a changed rule is published.
    await nav(page, 'Scoring');
    await page.getByRole('heading', { name: 'Lead scoring', level: 1 }).waitFor();
    const warm = page.getByRole('group', { name: 'Fit rule warm' });
    await warm.getByLabel('Points').fill('30');
    await page.getByLabel('SQL at (points)').fill('10');
    await page.getByRole('button', { name: 'Publish the scoring model' }).click();
    await page.getByText('Mql must be below sql').waitFor();
    await expectAccessible(page, 'scoring with an error');
    await page.getByLabel('SQL at (points)').fill('60');
    await page.getByRole('button', { name: 'Publish the scoring model' }).click();
    await page.getByText('Published version 1.').waitFor();
    const model = await stack.db.prisma.scoringModel.findFirstOrThrow({ orderBy: { version: 'desc' } });
    expect((model.definition as { fit: { id: string; points: number }[] }).fit.find((r) => r.id === 'warm')?.points).toBe(30);

    // Suppressions: add one, find it, remove it with a reason (a modal dialog).
    await nav(page, 'Suppressions');
    await page.getByRole('heading', { name: 'Suppression list', level: 1 }).waitFor();
    await page.getByLabel('Email address').fill('Blocked.Person@Example.org');
    await page.getByRole('button', { name: 'Add to the list' }).click();
    await page.getByText('Added blocked.person@example.org (marketing).').waitFor();
    await page.getByLabel('Search addresses').fill('blocked');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('1 entry containing “blocked”; showing 1.').waitFor();
    await expectAccessible(page, 'suppressions');
    await page.getByRole('button', { name: 'Remove blocked.person@example.org (marketing)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove blocked.person@example.org?' });
    await dialog.getByLabel('Why may it be emailed again?').fill('Added by mistake in the browser test');
    await expectAccessible(page, 'suppression removal dialog');
    await dialog.getByRole('button', { name: 'Remove from the list' }).click();
    await page.getByText('Removed blocked.person@example.org (marketing) from the suppression list.').waitFor();
    await page.getByText('No address contains “blocked”.').waitFor();

    // Triggers: webinar leads into the demo sequence; then switched off.
    await nav(page, 'Triggers');
    await page.getByRole('heading', { name: 'Triggers', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'New trigger' }).click();
    const form = page.getByRole('form', { name: 'New trigger' });
    await form.getByLabel('Key').fill('webinar-nurture');
    await form.getByLabel('When').selectOption('lead.created');
    await form.getByLabel('Enrol in the sequence').selectOption('demo-nurture');
    await form.getByLabel('Kind').selectOption('field');
    await form.getByLabel('Field').fill('source');
    await form.getByLabel('Value').fill('WEBINAR');
    await expectAccessible(page, 'trigger form');
    await form.getByRole('button', { name: 'Create trigger' }).click();
    await page.getByText('Created webinar-nurture.').waitFor();
    const row = page.getByRole('row').filter({ hasText: 'webinar-nurture' });
    await row.getByText('source is WEBINAR').waitFor();
    await row.getByRole('button', { name: 'Switch off webinar-nurture' }).click();
    await page.getByText('webinar-nurture is off.').waitFor();
    const trigger = await stack.db.prisma.journeyTrigger.findUniqueOrThrow({ where: { key: 'webinar-nurture' } });
    expect([trigger.event, trigger.sequenceKey, trigger.active, trigger.condition]).toEqual([
      'lead.created',
      'demo-nurture',
      false,
      { type: 'field', field: 'source', op: 'eq', value: 'WEBINAR' },
    ]);
    await expectAccessible(page, 'triggers');
    expect(problemsOf(page)).toEqual([]);
  });

  test('a sales rep sees scoring and products read-only and cannot reach the template studio', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.base, SALES, '/app/scoring');
    await page.getByRole('heading', { name: 'Lead scoring', level: 1 }).waitFor();
    await page.getByText(/Marketing and admins can change it\./).waitFor();
    expect(await page.getByRole('button', { name: 'Publish the scoring model' }).count()).toBe(0);
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).not.toContain('Templates');
    expect(links).not.toContain('Suppressions');
    await nav(page, 'Products');
    await page.getByRole('heading', { name: 'Products', level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Add a product' }).count()).toBe(0);
    await expectAccessible(page, 'products (sales)');
    await page.goto(`${stack.base}/app/templates/welcome`);
    await page.getByRole('heading', { name: 'Not available to your role', level: 1 }).waitFor();
    expect(problemsOf(page)).toEqual([]);
  });
});
