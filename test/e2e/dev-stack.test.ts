/**
 * The README's first command, as a new user runs it: `npm run dev` brings everything up
 * (Temporal dev server, PGlite, SMTP capture, worker, API, demo seed), /health is all green,
 * the demo emails reach the dev mailbox, the demo workflows are in Temporal, and Ctrl-C
 * stops it all cleanly. Then: bad configuration is one clear line, not a stack trace.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection, Client } from '@temporalio/client';

const ROOT = path.resolve(__dirname, '../..');
/** What `npm run dev` runs: Node with tsx's loader, no wrapper process between the signal and the stack. */
const DEV = [process.execPath, ['--import', 'tsx', 'scripts/dev.ts']] as const;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; output so far:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output:\n${output}`));
    });
  });
}

const baseEnv = (overrides: Record<string, string>) => {
  // Quiet hours off: the demo leads live in several zones, and this test expects their welcome now.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', QUIET_HOURS: 'off' };
  delete env.DATABASE_URL; // the embedded defaults are what this test is about
  delete env.TEMPORAL_ADDRESS;
  delete env.SMTP_URL;
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  return { ...env, ...overrides };
};

describe('npm run dev', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-dev-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('brings the whole system up on embedded defaults, runs the demo journeys, and stops cleanly on Ctrl-C', async () => {
    const [api, smtp, temporal, ui] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const child = spawn(DEV[0], [...DEV[1]], {
      cwd: ROOT,
      env: baseEnv({
        DATA_DIR: dataDir,
        API_PORT: String(api),
        SMTP_CAPTURE_PORT: String(smtp),
        TEMPORAL_DEV_PORT: String(temporal),
        TEMPORAL_UI_PORT: String(ui),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const output = await waitForOutput(child, /nurture-engine is up in/, 90_000);
      expect(output).toContain(`http://127.0.0.1:${api}/dev/mailbox`);

      const health = await (await fetch(`http://127.0.0.1:${api}/health`)).json();
      expect(health).toMatchObject({
        status: 'ok',
        checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, smtp: { status: 'ok' } },
      });

      // The four demo journeys' welcome emails reach the dev mailbox.
      let items: { subject: string }[] = [];
      for (let i = 0; i < 50 && items.length < 4; i++) {
        items = ((await (await fetch(`http://127.0.0.1:${api}/dev/mailbox/messages`)).json()) as { items: { subject: string }[] }).items;
        if (items.length < 4) await new Promise((r) => setTimeout(r, 200));
      }
      expect(items.map((m) => m.subject).sort()).toEqual([
        'Welcome, Päivi — your guide to a faster sales cycle',
        'Welcome, Ġorġ — your guide to a faster sales cycle',
        'Welcome, Айгүл — your guide to a faster sales cycle',
        'Welcome, Արամ — your guide to a faster sales cycle',
      ]);
      const page = await (await fetch(`http://127.0.0.1:${api}/dev/mailbox`)).text();
      expect(page).toContain('Welcome, Արամ');

      // The Temporal server (and so its Web UI) lists the demo journeys, findable by the registered
      // search attributes as in the Web UI's search box (visibility lags a little: poll).
      const connection = await Connection.connect({ address: `127.0.0.1:${temporal}` });
      const query = 'WorkflowType = "journeyWorkflow" AND NurtureSequenceKey = "demo-nurture" AND NurtureStatus = "running"';
      let ids: string[] = [];
      for (let i = 0; i < 50 && ids.length < 4; i++) {
        ids = [];
        for await (const wf of new Client({ connection }).workflow.list({ query })) ids.push(wf.workflowId);
        if (ids.length < 4) await new Promise((r) => setTimeout(r, 200));
      }
      await connection.close();
      expect(ids).toHaveLength(4);
      expect(ids.every((id) => id.startsWith('journey/demo-nurture/'))).toBe(true);

      // The demo sequence is published and reachable with the printed dev key.
      const sequences = (await (
        await fetch(`http://127.0.0.1:${api}/sequences`, { headers: { authorization: 'Bearer dev-marketing-key' } })
      ).json()) as { items: { key: string }[] };
      // Beside the demo: the built-in journeys, editable like any sequence.
      expect(sequences.items.map((q) => q.key).sort()).toEqual([
        'cross-sell',
        'deferred-demand',
        'demo-nurture',
        'nurture',
        'referral',
        'sales-follow-up',
        'win-back',
      ]);
      expect((await fetch(`http://127.0.0.1:${ui}/`)).status).toBe(200);

      // Sales' entry point on the running system: capture a hot lead (routed to the demo's top-tier
      // rep), start the follow-up cadence, see the rep's task and the 1:1 email; then win it.
      const sales = { authorization: 'Bearer dev-sales-key', 'content-type': 'application/json' };
      const post = async (url: string, body: unknown) =>
        fetch(`http://127.0.0.1:${api}${url}`, { method: 'POST', headers: sales, body: JSON.stringify(body) });
      const captured = await post('/leads', {
        email: 'liisa@example.fi',
        firstName: 'Liisa',
        company: 'Koski Oy',
        purchaseTimeframe: 'NOW',
        source: 'PHONE',
      });
      const lead = (await captured.json()) as { id: string; ownerEmail: string; status: string };
      expect([captured.status, lead.ownerEmail, lead.status]).toEqual([201, 'rep@nurture.localhost', 'SQL']);
      expect((await post(`/leads/${lead.id}/follow-ups`, {})).status).toBe(202);
      let tasks: { title: string }[] = [];
      for (let i = 0; i < 50 && tasks.length === 0; i++) {
        tasks = (
          (await (await fetch(`http://127.0.0.1:${api}/tasks?assignee=rep@nurture.localhost`, { headers: sales })).json()) as {
            items: { title: string }[];
          }
        ).items;
        if (tasks.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(tasks.map((t) => t.title)).toEqual(['First call: qualify need, budget and timeframe']);
      let followUp: { from: string } | undefined;
      for (let i = 0; i < 50 && !followUp; i++) {
        const all = (
          (await (await fetch(`http://127.0.0.1:${api}/dev/mailbox/messages`)).json()) as { items: { subject: string; from: string }[] }
        ).items;
        followUp = all.find((m) => m.subject === 'Following up, Liisa');
        if (!followUp) await new Promise((r) => setTimeout(r, 200));
      }
      expect(followUp?.from).toBe('"Demo Rep" <rep@nurture.localhost>');
      const won = await post(`/leads/${lead.id}/convert`, { purchase: { sku: 'CRM-PRO', amountCents: 7900, orderId: 'demo-1' } });
      expect(won.status).toBe(201);
      const kpis = (await (await fetch(`http://127.0.0.1:${api}/kpis/sources`, { headers: sales })).json()) as {
        items: { source: string; customers: number }[];
      };
      expect(kpis.items).toContainEqual(expect.objectContaining({ source: 'PHONE', customers: 1 }));
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  }, 120_000);

  it.each([
    [
      'a bad DATABASE_URL',
      { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/nope' },
      /^✘ Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/nope: connection refused/,
    ],
    ['a malformed SMTP_URL', { SMTP_URL: 'http://mail.example.com' }, /^✘ Invalid configuration\n {2}- SMTP_URL: must be a URL like smtp:/],
    ['an unreachable SMTP relay', { SMTP_URL: 'smtp://127.0.0.1:1' }, /^✘ Cannot reach SMTP relay 127\.0\.0\.1:1: .*ECONNREFUSED/],
    [
      'an unreachable Temporal',
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
      /^✘ Cannot reach Temporal at 127\.0\.0\.1:1 .*Check TEMPORAL_ADDRESS\.$/m,
    ],
  ])(
    'fails with one clear line on %s, not a stack trace',
    async (_what, overrides, expected) => {
      const [api, smtp] = await Promise.all([freePort(), freePort()]);
      const result = spawnSync(DEV[0], [...DEV[1]], {
        cwd: ROOT,
        env: baseEnv({
          DATA_DIR: path.join(dataDir, 'bad'),
          API_PORT: String(api),
          SMTP_CAPTURE_PORT: String(smtp),
          LOG_LEVEL: 'silent',
          ...overrides,
        }),
        encoding: 'utf8',
        timeout: 60_000,
      });
      // Our own output is exactly one ✘ line (the embedded Temporal server may log its own lines).
      const ours = result.stderr.split('\n').filter((l) => l.startsWith('✘') || l.startsWith('  - '));
      expect({ status: result.status, signal: result.signal, ours: ours.join('\n') }).toEqual({
        status: 1,
        signal: null,
        ours: expect.stringMatching(expected),
      });
      expect(ours.filter((l) => l.startsWith('✘'))).toHaveLength(1);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    },
    70_000,
  );
});
