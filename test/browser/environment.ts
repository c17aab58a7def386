/**
 * The browser project's Jest environment: Node's, plus a report when a test fails. CI keeps only the
 * log, so a failing test prints what each page it had open showed at that moment (address, headings,
 * status lines, focus, the last answers of 400 and over): enough to tell a slow page from a wrong one.
 * The harness registers the pages (see `describeOpenPages` in harness.ts).
 */
import { TestEnvironment } from 'jest-environment-node';
import type { Circus } from '@jest/types';

export type TPageReporter = { __describeOpenPages?: () => Promise<string> };

export default class BrowserTestEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event): Promise<void> {
    if (event.name !== 'test_fn_failure') return;
    const describe = (this.global as TPageReporter).__describeOpenPages;
    if (!describe) return;
    const report = await describe().catch((e: unknown) => `(the pages could not be described: ${String(e)})`);
    if (report) process.stderr.write(`\n[browser] “${event.test.name}” failed; its open pages then:\n${report}\n`);
  }
}
