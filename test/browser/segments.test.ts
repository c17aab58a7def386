/**
 * Segments (issue 12) in a real browser: a marketer filters the lead list by a tag, opens
 * "Enrol these leads…", picks a published sequence, reads the count preview, confirms, and
 * follows the background enrolment to completion. axe-core checks the dialog in each state.
 */
import { hasChromium } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, signIn, startConsoleStack, type TConsoleStack } from './harness';

const MARKETING = 'marketing@nurture.localhost';

jest.setTimeout(180_000);

describe('segments in Chromium', () => {
  let stack: TConsoleStack;

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('segments');
    await stack.db.prisma.lead.createMany({
      data: Array.from({ length: 7 }, (_, i) => ({ email: `fair-${i}@example.fi`, firstName: `Fair${i}`, tags: ['fair-2026'] })),
    });
  });
  afterAll(() => stack?.stop());

  test('a marketer enrols the leads of a tag view, with a count preview and progress', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.base, MARKETING, '/app/leads');
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();

    // Filter by the tag: the list (and the URL) show the seven leads.
    await page.getByText(/^Filters/).click();
    await page.getByLabel('Tag', { exact: true }).fill('fair-2026');
    await page.getByLabel('Tag', { exact: true }).press('Enter');
    await page.waitForURL(/tag=fair-2026/);
    await page.getByText('Showing 7 of 7 leads').waitFor();

    await page.getByRole('button', { name: 'Enrol these leads…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Enrol the leads of this view in a sequence' });
    await dialog.waitFor();
    const sequence = dialog.getByLabel('Sequence', { exact: true });
    const demo = (await sequence.locator('option').allInnerTexts()).find((o) => o.includes('demo-nurture'));
    expect(demo).toBeDefined();
    await sequence.selectOption({ label: demo! });
    await dialog.getByText('7 leads match this view; none is already active in it.').waitFor();
    await expectAccessible(page, 'segment preview');

    await dialog.getByRole('button', { name: 'Enrol 7 leads' }).click();
    await dialog.getByText('Done: 7 leads enrolled, 0 skipped (already active, unsubscribed or gone).').waitFor({ timeout: 60_000 });
    // The progress bar ends full.
    const bar = dialog.getByRole('progressbar', { name: 'Progress' });
    await expect(bar.getAttribute('value')).resolves.toBe('7');
    await expect(bar.getAttribute('max')).resolves.toBe('7');
    await expectAccessible(page, 'segment enrolment done');
    expect(await stack.db.prisma.enrollment.count({ where: { lead: { tags: { has: 'fair-2026' } }, status: 'ACTIVE' } })).toBe(7);

    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Enrol these leads…' }).evaluate((el) => el.matches(':focus'))).resolves.toBe(true);
    expect(problemsOf(page)).toEqual([]);
  });
});
