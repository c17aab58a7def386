/**
 * Replays every recorded journey history (test/replay/histories/*.history.pb) against the current
 * workflow code. A change that would make running journeys non-deterministic fails here: guard
 * it with patched('<change-id>') instead. Record new fixtures with `npm run fixtures:record -- <patch-id>`; keep the old ones.
 */
import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

const DIR = path.join(__dirname, 'histories');
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.history.pb'))
  .sort();

describe('replay of recorded journey histories', () => {
  it('has fixtures to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s replays deterministically on the current code', async (file) => {
    const history = temporal.api.history.v1.History.decode(fs.readFileSync(path.join(DIR, file)));
    const bundle = workflowBundle();
    await expect(
      Worker.runReplayHistory(bundle ? { workflowBundle: bundle } : { workflowsPath: WORKFLOWS_PATH }, history, file),
    ).resolves.toBeUndefined();
  });
});
