/**
 * The console's CSV import wizard in a real browser: Debian Chromium (playwright-core) against
 * the real API (buildServer with a database, the Temporal dev server, a worker and SMTP capture),
 * serving the console built once by ./global-setup.ts (set up by ./harness.ts). Every step is
 * checked with axe-core (no serious or critical violations) and photographed at desktop and
 * phone widths into test/browser/screenshots/ (gitignored).
 */
import fs from 'node:fs';
import type { Page, Request } from 'playwright-core';
import type { TTestDatabase } from '../helpers/database';
import { hasChromium } from './chromium';
import {
  browserTest as test,
  expectAccessible,
  problemsOf,
  screenshots,
  signIn,
  startConsoleStack,
  type TConsoleStack,
  type TViewport,
} from './harness';

const SALES = { email: 'rep@nurture.localhost' };

/**
 * What Excel writes on a Finnish Windows: semicolons, CRLF, Windows-1252 (ä = 0xE4, ö = 0xF6).
 * Row 3 has a source nobody knows (kept, with a warning), row 4 a bad email (an error), row 5 a
 * source the user maps by hand ("Verkkosivu" → Web form).
 */
const FINNISH_CSV = [
  'Sähköposti;Etunimi;Lähde;Ostoaikataulu',
  'maija.virtanen@example.fi;Maija;Messut;6 kuukautta',
  'jussi.jarvinen@example.fi;Jussi;Kummitusjuna;heti',
  'ei-sahkopostia;Pekka;Messut;',
  'olli.ostaja@example.fi;Ölli;Verkkosivu;Ei aikataulua',
  '',
].join('\r\n');
/** Latin-1 is Windows-1252 for every character above (none is in 0x80–0x9F). */
const windows1252 = (text: string) => Buffer.from(text, 'latin1');

jest.setTimeout(120_000);

describe('the console’s CSV import wizard in Chromium', () => {
  let stack: TConsoleStack;
  let db: TTestDatabase;
  let base: string;

  beforeAll(async () => {
    if (!hasChromium()) return;
    stack = await startConsoleStack('browser-import');
    ({ db, base } = stack);
  });

  afterAll(() => stack?.stop());

  // ---- helpers ----

  const newPage = (viewport?: TViewport): Promise<Page> => stack.newPage(viewport);
  const signInAsSales = (page: Page): Promise<void> => signIn(page, base, SALES.email);

  async function openImport(page: Page): Promise<void> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Import leads', level: 1 }).waitFor();
  }
  /** The id of the focused element (browser-side expressions are strings: this project's types are Node's). */
  const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");

  const checkLine = (page: Page) => page.getByRole('region', { name: 'Check', exact: true }).getByRole('status');

  // ---- tests ----

  test('sales: a Finnish Windows-1252 file with semicolons is previewed, mapped, imported, and its issues downloaded', async () => {
    const page = await newPage();
    await signInAsSales(page);
    await openImport(page);
    await expectAccessible(page, 'import: choose the file');
    await screenshots(page, 'import-wizard-1-file');

    // The file input is reachable from the keyboard.
    const fileInput = page.getByLabel('CSV file');
    for (let i = 0; i < 20 && (await page.evaluate<string | null>("document.activeElement?.getAttribute('type') ?? null")) !== 'file'; i++)
      await page.keyboard.press('Tab');
    expect(await page.evaluate<string | null>("document.activeElement?.getAttribute('type') ?? null")).toBe('file');

    const previews: Request[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/leads/imports/preview')) previews.push(r);
    });
    await fileInput.setInputFiles({ name: 'messut.csv', mimeType: 'text/csv', buffer: windows1252(FINNISH_CSV) });

    // Step 2: focus moves to its heading; how the server read the file.
    const step2 = page.getByRole('heading', { name: 'Check and map', level: 2 });
    await step2.waitFor();
    expect(await focusedId(page)).toBe('import-step-2');
    const facts = page.getByRole('region', { name: 'How the file reads' });
    await facts.getByText(/^Windows-1252/).waitFor();
    await facts.getByText('Semicolon ( ; )').waitFor();
    await facts.getByText('4 lead rows').waitFor();
    // The request carried the file's bytes as base64, untouched: the server did the decoding.
    const firstBody = JSON.parse(previews[0]?.postData() ?? '{}') as { csvBase64: string; fileName: string };
    expect(Buffer.from(firstBody.csvBase64, 'base64').equals(windows1252(FINNISH_CSV))).toBe(true);
    expect(firstBody.fileName).toBe('messut.csv');
    const firstRows = page.getByRole('region', { name: 'First rows of the file' });
    await firstRows.getByRole('columnheader', { name: 'Sähköposti' }).waitFor();
    await firstRows.getByRole('cell', { name: 'Ölli' }).waitFor();

    // Columns: pre-filled from the Finnish headers.
    expect(await page.getByLabel('Sähköposti', { exact: true }).inputValue()).toBe('email');
    expect(await page.getByLabel('Etunimi', { exact: true }).inputValue()).toBe('firstName');
    expect(await page.getByLabel('Lähde', { exact: true }).inputValue()).toBe('source');
    expect(await page.getByLabel('Ostoaikataulu', { exact: true }).inputValue()).toBe('purchaseTimeframe');
    // Values: suggestions for the known words, none for the unknown ones.
    const sources = page.getByRole('group', { name: '“Lähde” → Source' });
    expect(await sources.getByLabel('“Messut”').inputValue()).toBe('TRADE_SHOW');
    await sources.getByText('2 rows').waitFor();
    expect(await sources.getByLabel('“Kummitusjuna”').inputValue()).toBe('');
    expect(await sources.getByLabel('“Verkkosivu”').inputValue()).toBe('');
    const timeframes = page.getByRole('group', { name: '“Ostoaikataulu” → Purchase timeframe' });
    expect(await timeframes.getByLabel('“6 kuukautta”').inputValue()).toBe('MONTHS');
    expect(await timeframes.getByLabel('“Ei aikataulua”').inputValue()).toBe('NONE');
    // The dry run: the bad email is an error, both unknown sources warnings.
    await checkLine(page)
      .filter({ hasText: 'Dry run of all 4 rows: 1 error (not imported), 2 warnings (imported, a field left empty).' })
      .waitFor();
    await expectAccessible(page, 'import: check and map');
    await screenshots(page, 'import-wizard-2-map');

    // One value mapped by hand: the check is asked again (debounced) with it, and has one warning less.
    const before = previews.length;
    await sources.getByLabel('“Verkkosivu”').selectOption('WEB_FORM');
    await checkLine(page)
      .filter({ hasText: 'Dry run of all 4 rows: 1 error (not imported), 1 warning (imported, a field left empty).' })
      .waitFor();
    expect(previews.length).toBe(before + 1);
    const sentMapping = (JSON.parse(previews.at(-1)?.postData() ?? '{}') as { mapping: unknown }).mapping;
    expect(sentMapping).toEqual({ values: { source: { Verkkosivu: 'WEB_FORM' } }, onInvalidOptional: 'empty_and_warn' });
    const check = page.getByRole('region', { name: 'Problems the dry run found' });
    await check.getByRole('row').filter({ hasText: 'Kummitusjuna' }).filter({ hasText: 'Warning' }).waitFor();
    await check.getByRole('row').filter({ hasText: 'ei-sahkopostia' }).filter({ hasText: 'not a valid email address' }).waitFor();
    expect(await check.getByText('Verkkosivu').count()).toBe(0);
    // The default for unusable optional values: keep the row, warn.
    expect(await page.getByRole('radio', { name: /Keep the row, leave the field empty and warn/ }).isChecked()).toBe(true);

    // Step 3: the import runs; the progress bar reaches 100 %.
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('heading', { name: 'Import', exact: true, level: 2 }).waitFor();
    expect(await focusedId(page)).toBe('import-step-3');
    const progress = page.getByRole('progressbar', { name: 'Import progress of messut.csv' });
    await progress.waitFor();
    await page.locator('[role=progressbar][aria-valuenow="100"]').waitFor({ timeout: 30_000 });
    await page.getByText('Finished: 4 of 4 rows · 3 new · 0 merged · 1 failed · 1 with warnings').waitFor();
    const counts = Object.fromEntries(
      await page
        .locator('.counts .count')
        .evaluateAll((tiles) => tiles.map((t) => [t.querySelector('dt')?.textContent ?? '', t.querySelector('dd')?.textContent ?? ''])),
    ) as Record<string, string>;
    expect(counts).toEqual({ Created: '3', Merged: '0', Failed: '1', Warned: '1' });

    const errors = page.getByRole('region', { name: 'Rows not imported' });
    const errorRow = errors.getByRole('row').filter({ hasText: 'ei-sahkopostia' });
    expect((await errorRow.getByRole('cell').allTextContents()).map((t) => t.trim())).toEqual([
      '4',
      'Sähköposti',
      'ei-sahkopostia',
      '"ei-sahkopostia" is not a valid email address',
    ]);
    const warnings = page.getByRole('region', { name: 'Rows imported with warnings' });
    const warningRow = warnings.getByRole('row').filter({ hasText: 'Kummitusjuna' });
    const warningCells = (await warningRow.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect(warningCells.slice(0, 3)).toEqual(['3', 'Lähde', 'Kummitusjuna']);
    expect(warningCells[3]).toMatch(/"Kummitusjuna" is not a known source .*the field was left empty/);

    // The rows landed as mapped: the unknown source left empty (row kept), the hand-mapped one set.
    const leads = await db.prisma.lead.findMany({
      where: { email: { in: ['maija.virtanen@example.fi', 'jussi.jarvinen@example.fi', 'olli.ostaja@example.fi'] } },
      orderBy: { email: 'asc' },
    });
    expect(leads.map((l) => [l.email, l.firstName, l.source, l.purchaseTimeframe])).toEqual([
      ['jussi.jarvinen@example.fi', 'Jussi', null, 'NOW'],
      ['maija.virtanen@example.fi', 'Maija', 'TRADE_SHOW', 'MONTHS'],
      ['olli.ostaja@example.fi', 'Ölli', 'WEB_FORM', 'NONE'],
    ]);
    expect(await db.prisma.lead.count({ where: { email: 'ei-sahkopostia' } })).toBe(0);

    await expectAccessible(page, 'import: done');
    await screenshots(page, 'import-wizard-3-done');

    // The issues as CSV: clicking the link downloads the file; the same URL's answer (with this
    // session's cookie) is an attachment, UTF-8 with a BOM, with the same bytes.
    const link = page.getByRole('link', { name: 'Download issues (CSV)' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/leads\/imports\/[0-9a-f-]{36}\/issues\.csv$/);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const response = await page.request.get(`${base}${href}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^text\/csv/);
    expect(response.headers()['content-disposition']).toMatch(/^attachment;/);
    expect(Buffer.from(await response.body()).equals(fs.readFileSync(await download.path()))).toBe(true);
    const csv = await response.text();
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,kind,column,value,email,message');
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('3,'))).toMatch(/^3,warning,Lähde,Kummitusjuna,jussi\.jarvinen@example\.fi,/);
    expect(lines.find((l) => l.startsWith('4,'))).toMatch(/^4,error,Sähköposti,ei-sahkopostia,ei-sahkopostia,/);
    expect(problemsOf(page)).toEqual([]);
  });

  test('bad input gets a clear message, never a blank page: empty, too large, blank, no email column (dropped)', async () => {
    const page = await newPage();
    await signInAsSales(page);
    await openImport(page);
    const fileInput = page.getByLabel('CSV file');
    const previews: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/leads/imports/preview')) previews.push(r.url());
    });

    // An empty file and one over 20 MB never leave the browser.
    await fileInput.setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) });
    await page.getByRole('alert').filter({ hasText: '“empty.csv” is empty: a CSV needs a header row and one lead per row.' }).waitFor();
    expect(await fileInput.getAttribute('aria-invalid')).toBe('true');
    await fileInput.setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(21 * 1024 * 1024, 0x61) });
    await page
      .getByRole('alert')
      .filter({ hasText: '“huge.csv” is 21.0 MB; one import takes at most 20 MB. Split it into smaller files.' })
      .waitFor();
    await expectAccessible(page, 'import: file too large');
    await screenshots(page, 'import-wizard-too-large');
    expect(previews).toEqual([]);

    // Only blank lines: the server's own message.
    await fileInput.setInputFiles({ name: 'blank.csv', mimeType: 'text/csv', buffer: Buffer.from('  \r\n\r\n') });
    await page.getByRole('alert').filter({ hasText: 'The CSV is empty: it needs a header row and one lead per row' }).waitFor();

    // No column of addresses (this file dropped on the zone, not chosen): said at once, naming the
    // columns the file has; the import is not sent.
    const noEmail = 'Etunimi;Yritys;Puhelin\nMaija;Oy Esimerkki Ab;+358 40 123 4567\nJussi;Tmi Järvinen;\n';
    const dataTransfer = await page.evaluateHandle(
      `(() => { const dt = new DataTransfer(); dt.items.add(new File([${JSON.stringify(noEmail)}], 'no-email.csv', { type: 'text/csv' })); return dt; })()`,
    );
    await page.locator('.dropzone').dispatchEvent('dragenter', { dataTransfer });
    expect(await page.locator('.dropzone').getAttribute('class')).toContain('dropzone--over');
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    await page.getByRole('heading', { name: 'Check and map', level: 2 }).waitFor();
    const missing = page
      .getByRole('alert')
      .filter({ hasText: 'No column holds email addresses. The file’s columns are: “Etunimi”, “Yritys”, “Puhelin”.' });
    await missing.waitFor();
    await checkLine(page).filter({ hasText: 'Not checked yet: map the required columns first.' }).waitFor();
    const imports: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/leads/imports')) imports.push(r.url());
    });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Nothing was imported: no column is mapped to email. Choose it under Columns.' })
      .waitFor();
    // Focus goes to the first column's choice, where the fix is made.
    expect(await focusedId(page)).toBe(await page.getByLabel('Etunimi', { exact: true }).getAttribute('id'));
    expect(imports).toEqual([]);
    await expectAccessible(page, 'import: no email column');
    await screenshots(page, 'import-wizard-no-email');

    // Two columns chosen for one field: said on the column, before the server would refuse it.
    await page.getByLabel('Yritys', { exact: true }).selectOption('lastName');
    await page.getByLabel('Puhelin', { exact: true }).selectOption('lastName');
    await page.getByText('“Yritys” is already mapped to Last name: choose one column for it, or ignore the other').waitFor();
    expect(await page.getByLabel('Puhelin', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    // Back to the first step, for another file.
    await page.getByRole('button', { name: 'Choose another file' }).click();
    await page.getByRole('heading', { name: 'Choose the file', level: 2 }).waitFor();
    expect(await focusedId(page)).toBe('import-step-1');
    expect(problemsOf(page)).toEqual([]);
  });
});
