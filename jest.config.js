/**
 * Four projects, each test file in exactly one: unit (pure, fast), integration (real database,
 * Temporal and SMTP capture per suite), e2e (the dev stack, chaos, and the replay of recorded
 * workflow histories) and browser (the built console in Debian Chromium, through the real API).
 * `npm test` runs them all; `npm test -- --selectProjects browser` one of them.
 */
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
    // ESM-only dependencies that Node 20 loads with require(esm) but Jest's module system cannot.
    '^.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie|intl-messageformat|@formatjs/[^/]+)/)'],
  setupFiles: ['<rootDir>/test/setup-file.ts'],
  // The console's alias (web/tsconfig.json), for unit tests of its pure logic.
  moduleNameMapper: { '^@domain/(.*)$': '<rootDir>/domain/$1', '^@journey/(.*)$': '<rootDir>/journey/$1' },
};

/** @type {import('jest').Config} */
module.exports = {
  // Once per run, whichever projects run: the Temporal binaries and the workflow bundle.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // A run-wide setting (Jest ignores it per project); the browser suite raises its own.
  testTimeout: 60_000,
  // Each integration suite runs its own Temporal server and database: two at a time on 2 cores.
  maxWorkers: 2,
  verbose: true,
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.test.ts'] },
    { ...shared, displayName: 'integration', roots: ['<rootDir>/test/integration'], testMatch: ['**/*.test.ts'] },
    { ...shared, displayName: 'e2e', roots: ['<rootDir>/test/e2e', '<rootDir>/test/replay'], testMatch: ['**/*.test.ts'] },
    {
      ...shared,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.test.ts'],
      // Builds the console once (Vite, in a child process, into a temp folder) before the browser suites start.
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      // Node's, plus a report of the open pages when a test fails (CI keeps only the log).
      testEnvironment: '<rootDir>/test/browser/environment.ts',
    },
  ],
};
