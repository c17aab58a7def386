/**
 * The `nurture` command as npm installs it: package.json "bin" names a plain CommonJS file that
 * runs with `node` alone (no tsx on the command line), from any directory and through a symlink
 * (how npm links bins into node_modules/.bin), on whatever Node runs the tests (CI: 20 and 24).
 * `npm run nurture` still works too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/nurture.js');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };

/** Runs with this process's node (not the one on PATH), outside the repository. */
const nurture = (file: string, args: string[], cwd = os.tmpdir()) =>
  spawnSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, NODE_OPTIONS: '' } });

describe('the nurture bin', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-bin-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is a plain JavaScript file with a node shebang, and package.json points at it', () => {
    expect(pkg.bin.nurture).toBe('bin/nurture.js');
    const source = fs.readFileSync(BIN, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(fs.statSync(BIN).mode & 0o111).not.toBe(0); // executable
  });

  it('prints its usage for --help and exits 0, from any directory', () => {
    const result = nurture(BIN, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^usage: nurture sequences <validate\|publish> \[--api\] <file\.json\|file\.yaml>\.\.\.\n +nurture leads import <file\.csv>/,
    );
    // No arguments is a usage error.
    expect(nurture(BIN, [])).toMatchObject({ status: 2, stdout: expect.stringMatching(/^usage: nurture/) });
  });

  it('runs the TypeScript CLI through a symlink, as npm links it into node_modules/.bin', () => {
    const link = path.join(dir, 'nurture');
    fs.symlinkSync(BIN, link);
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ key: 'x', name: 'x', steps: [{ id: 'w', type: 'wait', wait: { until: 'soon' } }] }));

    const result = nurture(link, ['sequences', 'validate', 'bad.json'], dir);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('✘ bad.json: 1 problem(s)\n  steps[0].wait.until: must be an ISO date-time with offset');
  });

  it('still runs as `npm run nurture`', () => {
    const result = spawnSync('npm', ['run', '--silent', 'nurture', '--', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: nurture sequences/);
  });
});
