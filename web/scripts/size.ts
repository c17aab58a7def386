/**
 * `npm run web:size`: what the first load of the console costs, gzipped: index.html, the entry
 * chunk and what it imports statically (modulepreload), and the stylesheet: the "shell". The
 * per-page chunks (React.lazy) follow, loaded only when their page opens.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = path.join(__dirname, '../dist');

const gz = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export function shellFiles(dist = DIST): { shell: string[]; lazy: string[] } {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const assets = fs.readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`);
  return { shell: ['index.html', ...refs], lazy: assets.filter((a) => !refs.includes(a) && a.endsWith('.js')) };
}

function main(): void {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    process.stderr.write('web/dist is missing: run `npm run web:build` first\n');
    process.exitCode = 1;
    return;
  }
  const { shell, lazy } = shellFiles();
  let total = 0;
  process.stdout.write('Shell (first load), gzip -9:\n');
  for (const file of shell) {
    const size = gz(path.join(DIST, file));
    total += size;
    process.stdout.write(`  ${file.padEnd(44)} ${kb(size).padStart(9)}\n`);
  }
  process.stdout.write(`  ${'total'.padEnd(44)} ${kb(total).padStart(9)}\n\nPage chunks (loaded on demand):\n`);
  for (const file of lazy.sort()) process.stdout.write(`  ${file.padEnd(44)} ${kb(gz(path.join(DIST, file))).padStart(9)}\n`);
}

if (require.main === module) main();
