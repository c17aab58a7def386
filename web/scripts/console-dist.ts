/**
 * Where the built console lives and whether it is up to date: read by the API (to serve it) and
 * by `npm run dev` (to rebuild it when web/src changed). No Vite here: building is build.ts's.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const WEB_ROOT = path.resolve(__dirname, '..');
export const WEB_DIST = path.join(WEB_ROOT, 'dist');
export const BUILD_SCRIPT = path.join(__dirname, 'build.ts');

/** What the console is built from: a change to any of these makes web/dist stale. */
const SOURCES = [path.join(WEB_ROOT, 'src'), path.join(WEB_ROOT, 'index.html'), BUILD_SCRIPT, path.resolve(WEB_ROOT, '../domain')];

function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Why web/dist must be (re)built, or undefined when it is up to date. */
export function staleReason(dist = WEB_DIST): string | undefined {
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return `${path.relative(process.cwd(), dist) || dist} is missing`;
  const built = fs.statSync(index).mtimeMs;
  return SOURCES.some((source) => newestMtime(source) > built) ? 'web/src changed since the last build' : undefined;
}

export type TConsoleBuild = { outcome: 'up-to-date' | 'built' | 'failed'; reason?: string; output?: string; ms: number };

/**
 * Builds the console in a child process (`tsx web/scripts/build.ts`: Vite is ESM-only and its
 * build is better kept out of a long-lived process) when web/dist is missing or stale. Never
 * throws: a failed build is reported (with Vite's output) and the API serves a page saying so.
 */
export function buildConsoleIfStale(options: { dist?: string; force?: boolean } = {}): Promise<TConsoleBuild> {
  const started = Date.now();
  const reason = options.force ? 'a build was asked for' : staleReason(options.dist);
  if (!reason) return Promise.resolve({ outcome: 'up-to-date', ms: 0 });
  const args = [require.resolve('tsx/cli'), BUILD_SCRIPT, ...(options.dist ? ['--out-dir', options.dist] : [])];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, {
      cwd: path.resolve(WEB_ROOT, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error) => resolve({ outcome: 'failed', reason, output: error.message, ms: Date.now() - started }));
    child.on('close', (code) =>
      resolve({ outcome: code === 0 ? 'built' : 'failed', reason, output: output.trim(), ms: Date.now() - started }),
    );
  });
}
