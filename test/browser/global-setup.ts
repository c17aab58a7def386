/**
 * Once per run of the browser project: build the console (Vite, in a child process) into a
 * temporary folder that the suites' API serves, so a test never depends on (or overwrites) the
 * working tree's web/dist.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildConsoleIfStale } from '../../web/scripts/console-dist';
import { hasChromium, SKIP_MESSAGE } from './chromium';

export default async function browserGlobalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[browser setup] ${line}\n`);
  if (!hasChromium()) {
    log(SKIP_MESSAGE);
    return;
  }
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-console-'));
  const built = await buildConsoleIfStale({ dist, force: true });
  if (built.outcome !== 'built') throw new Error(`The console did not build:\n${built.output ?? ''}`);
  process.env.NURTURE_TEST_CONSOLE_DIST = dist;
  log(`console built in ${built.ms} ms into ${dist}`);
}
