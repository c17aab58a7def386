import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTemporalBinary } from '../../lib/temporal/find-temporal-binary';

function fakeExecutable(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, '#!/bin/sh\n', { mode: 0o755 });
  return file;
}

describe('findTemporalBinary', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'temporal-find-'));
  const toolsDir = path.join(root, 'tools');
  const fromTools = fakeExecutable(path.join(toolsDir, 'venv', 'bin'), 'temporal');
  const fromPath = fakeExecutable(path.join(root, 'bin'), 'temporal');
  const fromEnv = fakeExecutable(path.join(root, 'custom'), 'my-temporal');

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prefers the env var, then PATH, then the project tools folder', () => {
    expect(findTemporalBinary('cli', { env: { TEMPORAL_CLI_PATH: fromEnv, PATH: path.dirname(fromPath) }, toolsDir })).toEqual({
      path: fromEnv,
      source: 'env',
    });
    expect(findTemporalBinary('cli', { env: { PATH: path.dirname(fromPath) }, toolsDir })).toEqual({ path: fromPath, source: 'PATH' });
    expect(findTemporalBinary('cli', { env: { PATH: '' }, toolsDir })).toEqual({ path: fromTools, source: 'tools' });
  });

  it('returns nothing when no binary exists, so the caller can fall back to the SDK download', () => {
    expect(findTemporalBinary('testServer', { env: { PATH: '' }, toolsDir })).toBeUndefined();
  });

  it('says clearly when the env var points at nothing, instead of silently using another binary', () => {
    expect(() => findTemporalBinary('testServer', { env: { TEMPORAL_TEST_SERVER_PATH: '/nope/temporal-test-server' }, toolsDir })).toThrow(
      'TEMPORAL_TEST_SERVER_PATH=/nope/temporal-test-server is not an executable file',
    );
  });
});
