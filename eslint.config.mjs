// One lint setup for the whole repo: typescript-eslint (type-aware), Prettier for formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import { builtinModules } from 'node:module';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'generated/',
      '.data/',
      '.tools/',
      'coverage/',
      'bench/out/',
      '**/*.js',
      '**/*.mjs',
      // The built console and the API types generated from the OpenAPI document (npm run web:client).
      'web/dist/',
      'web/src/api/schema.d.ts',
      'test/browser/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      'no-console': 'off',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox (as temporalio/samples-typescript
    // enforces): no Node built-ins, and activities only as types (proxyActivities<typeof …>).
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...builtinModules
              .flatMap((m) => [m, `node:${m}`])
              .map((name) => ({ name, message: 'Workflow code is sandboxed: do I/O in an activity.' })),
          ],
          patterns: [
            {
              group: ['**/activities', '**/activities/**', '**/lib/**', '**/domain/**', '**/api/**', '**/worker/**', '**/generated/**'],
              allowTypeImports: true,
              message: 'Workflows import the journey language, the contract, and activities and app code as types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The journey language (schema, step engine, time and holiday rules) is pure: the workflow, the
    // API, the simulator and the browser run the very same code. No I/O, no Temporal, no app code.
    files: ['journey/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules
            .flatMap((m) => [m, `node:${m}`])
            .map((name) => ({ name, message: 'The journey language is pure: no Node built-ins.' })),
          patterns: [
            {
              group: ['@temporalio/*', '@prisma/*', 'pino', 'nodemailer'],
              message: 'The journey language is pure: no Temporal, database or I/O.',
            },
            {
              group: [
                '**/workflows/**',
                '**/activities/**',
                '**/lib/**',
                '**/domain/**',
                '**/api/**',
                '**/worker/**',
                '**/contract/**',
                '**/generated/**',
              ],
              message: 'The journey language imports nothing of the app: everyone imports it.',
            },
          ],
        },
      ],
    },
  },
  {
    // Signals, queries, ids and workflow signatures: the only part of a workflow the rest of the
    // app may import. Pure: the SDK's name holders, the journey language, activity types.
    files: ['contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'The contract is pure.' })),
          patterns: [
            { group: ['@temporalio/*', '!@temporalio/workflow'], message: 'The contract uses only @temporalio/workflow name holders.' },
            { group: ['**/workflows/**', '**/lib/**', '**/domain/**', '**/api/**', '**/worker/**'], message: 'The contract is a leaf.' },
            { group: ['**/activities', '**/activities/**'], allowTypeImports: true, message: 'The contract imports activity types only.' },
          ],
        },
      ],
    },
  },
  {
    // Nothing outside the worker imports workflow code: use contract/ (ids, signals, queries,
    // workflow type names and signatures). The worker bundles workflows/ by path; replay tests
    // load histories against it.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['workflows/**', 'worker/**', 'test/replay/**', 'journey/**', 'contract/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/workflows', '**/workflows/**', '!**/workflows/activity-options', '!**/workflows/patches'],
              message: 'Import the workflow contract (contract/*), not workflow code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes call domain functions, which take the Prisma client in their deps object: a route
    // may pass `deps.prisma` along, but never queries it (`deps.prisma.lead…`, `prisma.lead…`).
    files: ['api/routes/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.property.name='prisma']",
          message: 'Routes call domain functions, not Prisma (ARCHITECTURE: folders are the architecture)',
        },
        {
          selector: "MemberExpression[object.name='prisma']",
          message: 'Routes call domain functions, not Prisma (ARCHITECTURE: folders are the architecture)',
        },
      ],
    },
  },
  prettier,
);
