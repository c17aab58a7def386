/**
 * Building the console. Vite 8 transforms TSX itself (oxc, automatic JSX runtime), so no React
 * plugin is needed (and none installs beside Vite 8 here); without one there is no fast refresh,
 * which a console built once per change does not miss. The config is passed inline (no
 * vite.config file to load). `npm run web:build` runs this file; `npm run dev` (when web/dist is
 * stale) and the browser tests' global setup run it as a child process (Vite is ESM-only and
 * stays out of their processes).
 * `@domain/*` reaches the repo's pure domain modules (zod schemas shared with the API) and
 * `@journey/*` the journey language (the sequence schema the editor validates with); they must
 * not import Node built-ins.
 */
import path from 'node:path';
import type { InlineConfig } from 'vite';
import { WEB_DIST, WEB_ROOT } from './console-dist';

export const consoleViteConfig: InlineConfig = {
  configFile: false,
  root: WEB_ROOT,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  resolve: { alias: { '@domain': path.resolve(WEB_ROOT, '../domain'), '@journey': path.resolve(WEB_ROOT, '../journey') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: WEB_DIST,
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    // Sizes are measured by `npm run web:size` (gzip of the shell), not on every build.
    reportCompressedSize: false,
    rolldownOptions: {
      // TanStack Query marks its hooks "use client" (for React Server Components); meaningless in an SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      // zod and the shared domain schemas (form validation) in one named chunk, loaded with the
      // first page that validates a form, never with the shell.
      output: { codeSplitting: { groups: [{ name: 'schemas', test: /[\\/](node_modules[\\/]zod|domain|journey)[\\/]/ }] } },
    },
  },
};

export async function buildConsole(options: { outDir?: string } = {}): Promise<void> {
  const { build } = await import('vite');
  await build({
    ...consoleViteConfig,
    build: { ...consoleViteConfig.build, ...(options.outDir ? { outDir: options.outDir } : {}) },
  });
}

if (require.main === module) {
  const started = Date.now();
  // `--out-dir <dir>`: somewhere else than web/dist (the browser tests build into a temp folder).
  const at = process.argv.indexOf('--out-dir');
  const outDir = at > 0 ? process.argv[at + 1] : undefined;
  buildConsole(outDir ? { outDir: path.resolve(outDir) } : {}).then(
    () => process.stdout.write(`console built into ${path.relative(process.cwd(), outDir ?? WEB_DIST)} in ${Date.now() - started} ms\n`),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
