/**
 * The small fault-injection run (`npm run chaos -- --quick`): 100 leads × 3 emails while the
 * worker is SIGKILLed three times, SMTP is down for 5 s, the Temporal dev server restarts and
 * PostgreSQL drops every connection, with 20% of the leads unsubscribing meanwhile. Nothing lost,
 * nothing stuck, nothing after an acknowledged unsubscribe, and no second copy except a resend
 * (same Message-ID) of a message whose worker was killed between SMTP's acceptance and recording it.
 *
 * The worker runs in its own process (that is what gets killed), so this needs PostgreSQL: it
 * runs in the PostgreSQL pass (`npm run test:postgres`, DATABASE_URL set), as CI does.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const withPostgres = process.env.DATABASE_URL ? describe : describe.skip;
if (!process.env.DATABASE_URL) process.stderr.write('chaos.test.ts: skipped without DATABASE_URL (runs in npm run test:postgres)\n');

withPostgres('npm run chaos -- --quick', () => {
  it('delivers every email through worker kills, an SMTP outage, a Temporal restart and dropped database connections', async () => {
    const child = spawn(TSX, ['scripts/chaos.ts', '--quick'], { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const result = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/out/chaos-quick.json'), 'utf8')) as Record<string, unknown>;
    // One assertion with every figure, so a failure shows the whole reckoning (and the log).
    expect({ code, ...result, log: code === 0 ? '' : output }).toMatchObject({
      code: 0,
      ok: true,
      // Extra copies only from the documented crash window (same Message-ID, first copy just before a SIGKILL).
      unexplainedDuplicates: 0,
      lost: 0,
      journeysStuck: 0,
      rowsStillClaimed: 0,
      mailWithoutSentRow: 0,
      deliveredAfterUnsubscribeAck: 0,
      unsubscribed: 20,
      log: '',
    });
    expect((result.faults as unknown[]).length).toBe(6);
    expect(result.workerStarts).toBeGreaterThanOrEqual(4); // started once, restarted after each SIGKILL
  }, 480_000);
});
