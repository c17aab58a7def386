/**
 * A marketer builds a sequence in the visual editor, in Debian Chromium against the real API
 * (database, Temporal dev server, worker, SMTP capture): a new sequence with three emails and a
 * branch (added from the outline, edited in the side panel, one step selected on the canvas by
 * keyboard), a validation error that appears on the step as they type and goes when they fix it,
 * the draft saved by itself and restored by a reload, a round trip through the YAML view, a
 * publish with its diff, a lead enrolled on version 1, an edit (a longer wait, a Finnish variant)
 * published as version 2 while that journey keeps version 1, and the two versions compared in the
 * history. A sales rep cannot open the editor. axe-core checks each state (no serious or critical violations).
 */
import type { Page } from 'playwright-core';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import { hasChromium } from './chromium';
import { browserTest as test, expectAccessible, problemsOf, screenshots, signIn, startConsoleStack, type TConsoleStack } from './harness';

const MARKETING = 'marketing@nurture.localhost';
const SALES = 'rep@nurture.localhost';
const KEY = 'spring-webinar';

jest.setTimeout(300_000);

describe('the visual sequence editor in Chromium', () => {
  let stack: TConsoleStack;

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('browser-sequence-editor');
  });
  afterAll(() => stack?.stop());

  const outline = (page: Page) => page.getByRole('list', { name: 'Steps in order' });
  const panel = (page: Page) => page.getByRole('complementary', { name: 'Selected step' });
  const status = (page: Page) => page.locator('.editor-header [role="status"]');

  /** Adds a step of a type after the selected one (the outline's "New step" control). */
  async function addStep(page: Page, type: string): Promise<void> {
    await page.getByLabel('New step', { exact: true }).selectOption({ label: type });
    await page.getByRole('button', { name: new RegExp(`^Add ${type.toLowerCase()} after step`) }).click();
  }
  const selectInOutline = (page: Page, n: number) =>
    outline(page)
      .getByRole('button', { name: new RegExp(`^${n}\\. `) })
      .click();

  test('a marketer builds, saves, publishes and republishes a sequence while a running journey keeps its version', async () => {
    const { base, app, db } = stack;
    const page = await stack.newPage();
    await signIn(page, base, MARKETING, '/app/sequences');
    await page.getByRole('heading', { name: 'Sequences', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'New sequence' }).click();
    await page.getByLabel('Key', { exact: true }).fill(KEY);
    await page.getByLabel('Name', { exact: true }).fill('Spring webinar');
    await page.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByRole('heading', { name: 'Spring webinar', level: 1 }).waitFor();
    expect(page.url()).toBe(`${base}/app/sequences/${KEY}/edit`);

    // The first email has no template yet: the schema's message, on the step, with the API's path.
    await panel(page).getByRole('heading', { name: 'Step 1: Email' }).waitFor();
    await page.getByRole('list', { name: 'Problems' }).getByText('steps[0].email.template').waitFor();
    await panel(page).getByLabel('Template', { exact: true }).fill('welcome');
    await page.getByRole('list', { name: 'Problems' }).waitFor({ state: 'detached' });

    // Wait, two more emails, then a branch after the wait that skips the second email for clickers.
    await addStep(page, 'Wait');
    await panel(page).getByRole('heading', { name: 'Step 2: Wait' }).waitFor();
    await addStep(page, 'Email');
    await panel(page).getByLabel('Template', { exact: true }).fill('welcome');
    await addStep(page, 'Email');
    await panel(page).getByLabel('Template', { exact: true }).fill('welcome');
    await selectInOutline(page, 2);
    await addStep(page, 'Branch');
    await panel(page).getByRole('heading', { name: 'Step 3: Branch' }).waitFor();
    await panel(page).getByLabel('With the email of step').selectOption('email-1');
    await panel(page).getByLabel('When it holds, go to').selectOption('email-3');
    await expect(outline(page).getByRole('listitem').allTextContents()).resolves.toEqual([
      expect.stringContaining('1. Email email-1'),
      expect.stringContaining('2. Wait wait-1'),
      expect.stringContaining('3. Branch branch-1If clicked (step email-1): step email-3, else the next step'),
      expect.stringContaining('4. Email email-2'),
      expect.stringContaining('5. Email email-3'),
    ]);
    // The canvas draws the branch's two ways as labelled edges.
    await page.locator('.flow-edge-label', { hasText: /^then$/ }).waitFor();
    await page.locator('.flow-edge-label', { hasText: /^else$/ }).waitFor();

    // The wait step, chosen on the canvas with the keyboard; a typo in its duration shows on the step as it is typed.
    const waitNode = page.getByRole('button', { name: /^Step 2, Wait wait-1/ });
    await waitNode.focus();
    await page.keyboard.press('Enter');
    await panel(page).getByRole('heading', { name: 'Step 2: Wait' }).waitFor();
    await panel(page).getByLabel('Duration', { exact: true }).fill('3 dayz');
    const durationError = 'Must be a duration like "3 days", "36 hours", "90 minutes" or "2 weeks"';
    await panel(page).getByText(durationError).waitFor();
    await page.getByRole('button', { name: /^Step 2, Wait wait-1.*1 problem: must be a duration/ }).waitFor();
    await page.getByRole('list', { name: 'Problems' }).getByText('steps[1].wait.duration').waitFor();
    await expect(page.getByRole('button', { name: 'Publish…' }).isDisabled()).resolves.toBe(true);
    await expectAccessible(page, 'sequence editor with a problem');
    await panel(page).getByLabel('Duration', { exact: true }).fill('3 days');
    await panel(page).getByText(durationError).waitFor({ state: 'detached' });
    await expect(page.getByRole('list', { name: 'Problems' }).count()).resolves.toBe(0);

    // Saved by itself a moment after the edit.
    await status(page)
      .getByText(/^Draft saved/)
      .waitFor();

    // Undo and redo from the keyboard: the fixed duration goes (typing into one field is one step back) and returns.
    const duration = panel(page).getByLabel('Duration', { exact: true });
    await page.getByRole('heading', { name: 'Spring webinar', level: 1 }).click();
    await page.keyboard.press('Control+z');
    await expect(duration.inputValue()).resolves.not.toBe('3 days');
    await page.keyboard.press('Control+Shift+z');
    await expect(duration.inputValue()).resolves.toBe('3 days');
    // Back to what the server holds before the undone state was saved: the status says saved again, not
    // "Unsaved changes…" for ever (the redo left no save to wait for). A reload restores the draft.
    await status(page)
      .getByText(/^Draft saved/)
      .waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Spring webinar', level: 1 }).waitFor();
    await expect(outline(page).getByRole('listitem').count()).resolves.toBe(5);
    await selectInOutline(page, 2);
    await expect(panel(page).getByLabel('Duration', { exact: true }).inputValue()).resolves.toBe('3 days');
    await screenshots(page, 'sequence-editor');

    // The YAML view round-trips: renamed in text, the canvas and header follow.
    await page.getByRole('button', { name: 'YAML / JSON' }).click();
    const yaml = page.getByRole('textbox', { name: 'Definition (YAML)' });
    const text = await yaml.inputValue();
    expect(text).toContain('then: email-3');
    await yaml.fill(text.replace('name: Spring webinar', 'name: Spring webinar 2027'));
    await page.getByRole('heading', { name: 'Spring webinar 2027', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Flow', exact: true }).click();
    await outline(page).waitFor();

    // Publish version 1: the preview says what it contains.
    await page.getByRole('button', { name: 'Publish…' }).click();
    const publish = page.getByRole('region', { name: 'Publish version 1' });
    await publish.getByText('Step branch-1 added after wait-1: If clicked (step email-1): step email-3, else the next step').waitFor();
    await publish.getByText('No journeys are running on this sequence.').waitFor();
    await expectAccessible(page, 'publish preview');
    await publish.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Published version 1. New enrollments get it.').waitFor();
    await status(page).getByText('No changes since version 1').waitFor();

    // A lead starts on version 1.
    const headers = { authorization: `Bearer ${DEV_API_KEYS.ADMIN}` };
    const lead = await app.inject({
      method: 'POST',
      url: '/leads',
      headers,
      payload: { email: 'ines.webinar@example.pt', firstName: 'Inês', locale: 'pt' },
    });
    expect(lead.statusCode).toBe(201);
    const leadId = lead.json().id as string;
    const enrolled = await app.inject({ method: 'POST', url: `/sequences/${KEY}/enrollments`, headers, payload: { leadIds: [leadId] } });
    expect(enrolled.json().results).toEqual([expect.objectContaining({ outcome: 'enrolled', version: 1 })]);

    // Version 2: a longer wait. The preview names the change and the journey that keeps version 1.
    await selectInOutline(page, 2);
    await panel(page).getByLabel('Duration', { exact: true }).fill('5 days');
    // … and a Finnish variant of the second email.
    await selectInOutline(page, 4);
    await panel(page).getByRole('button', { name: 'Add locale' }).click();
    await panel(page).getByLabel('Language variants: fi, template').fill('welcome');
    await status(page)
      .getByText(/^Draft saved/)
      .waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    const publish2 = page.getByRole('region', { name: /^Publish version 2/ });
    await publish2.getByText('Step wait-1 changed: wait.duration "3 days" → "5 days"').waitFor();
    await publish2.getByText('Step email-2 changed: email.variants.fi set to "welcome"').waitFor();
    await publish2.getByText('1 journey on version 1: it keeps version 1 to the end.').waitFor();
    await publish2.getByRole('button', { name: 'Publish version 2' }).click();
    await page.getByText('Published version 2. New enrollments get it; 1 journey on version 1 keeps their version.').waitFor();

    // Why: publishing must never move a running journey; the enrollment still points at version 1 and is running.
    const enrollment = await db.prisma.enrollment.findFirstOrThrow({ where: { leadId }, include: { sequenceVersion: true } });
    expect([enrollment.sequenceVersion.version, enrollment.status]).toEqual([1, 'ACTIVE']);
    const journey = await stack.env.client.workflow.getHandle(enrollment.workflowId).describe();
    expect(journey.status.name).toBe('RUNNING');

    // History: version 1 against version 2, in the same words.
    await page.getByRole('button', { name: 'History' }).click();
    await page.getByRole('list', { name: 'Published versions' }).getByText('Version 2', { exact: true }).waitFor();
    const diff = page.getByRole('list', { name: 'Changes from version 1 to version 2' });
    await diff.getByText('Step wait-1 changed: wait.duration "3 days" → "5 days"').waitFor();
    await expectAccessible(page, 'version history');
    expect(problemsOf(page)).toEqual([]);

    // A sales rep cannot open the editor (the API refuses drafts to sales too).
    const rep = await stack.newPage();
    await signIn(rep, base, SALES, `/app/sequences/${KEY}/edit`);
    await rep.getByRole('heading', { name: 'Not available to your role' }).waitFor();
    expect(problemsOf(rep)).toEqual([]);
  });
});
