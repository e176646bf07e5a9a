import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

import { layerConfigs } from './eslint.layers.mjs';

const ENV_ONLY_IN_CONFIG = {
  selector:
    "MemberExpression[object.name='process'][property.name='env']:not(MemberExpression[property.name='NODE_ENV'] > MemberExpression.object)",
  message: 'Read configuration through config() (lib/config.ts), which checks every variable at start.',
};
// lib/data's …Sync functions are transaction bodies (docs/architecture.md, "The data layer's contract"):
// outside lib/data only the delivery worker's claim and record may compose them (exempt below).
const SYNC_ONLY_IN_TRANSACTIONS = {
  selector: 'ImportDeclaration[source.value=/^@.lib.data./] > ImportSpecifier[imported.name=/Sync$/]',
  message:
    "lib/data's …Sync functions run inside a transaction body only; call the async function of the same name without Sync.",
};

// Issue 17: lib/data runs on both engines through lib/data/engine.ts (awaited drizzle queries, db(),
// withTransaction). The synchronous SQLite connection (getDb) and drizzle's SQLite-only
// .get()/.all()/.run() stay out of it (every module of lib/data runs, and is tested, on both engines).
// A hot path's SQLite prepared statement
// (preparedStatement) runs inside withSqliteClient, beside its PostgreSQL twin, in one function per need.
const ENGINE_NEUTRAL_DATA = [
  {
    selector: "ImportDeclaration[source.value='@/db'] > ImportSpecifier[imported.name='getDb']",
    message: 'lib/data runs on both engines: use db() and withTransaction from ./engine.',
  },
  {
    // A SQLite-only function's own prepared statement (`fooStatement().all()`) is not drizzle's builder.
    selector:
      'CallExpression[callee.property.name=/^(get|all|run)$/][arguments.length=0]:not([callee.object.callee.name=/Statement$/])',
    message:
      "SQLite-only: await the query instead (and .limit(1) for one row), as PostgreSQL's builder has no .get()/.all()/.run().",
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // A missed `await` on lib/data (async since issue 17) must not come back: type-aware rules for every
  // TypeScript file, tests and e2e included (a floating promise there hides a failure). Event handlers
  // in JSX may return a promise (React ignores it): checksVoidReturn stays on everywhere else.
  {
    files: ['**/*.{ts,tsx,mts}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  // The environment is read in one place, lib/config.ts, which checks every variable at start. Exempt: the
  // harness around the app (e2e/, scripts/, tool configs), which starts it with an environment; tests and
  // their helpers, which set variables for the code under test; and NODE_ENV, which Next replaces at build
  // time. The same files call lib/data through its async functions (tests may set up the database with
  // …Sync ones).
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    ignores: [
      'lib/config.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test-helpers.ts',
      'e2e/**',
      'scripts/**',
      '*.config.{ts,mts,js,mjs}',
    ],
    rules: { 'no-restricted-syntax': ['error', ENV_ONLY_IN_CONFIG, SYNC_ONLY_IN_TRANSACTIONS] },
  },
  // The delivery worker's claim and record are one transaction each, built from lib/data's …Sync functions:
  // one commit per batch and no await per event (lib/delivery/worker.ts).
  {
    files: ['lib/delivery/worker.ts', 'lib/delivery/send.ts', 'lib/delivery/batch.ts'],
    rules: { 'no-restricted-syntax': ['error', ENV_ONLY_IN_CONFIG] },
  },
  {
    files: ['lib/data/**/*.ts'],
    // engine.ts and connection.ts are where the engines' own connections are opened and used;
    // copy-to-postgres.ts (db:copy) reads a SQLite file of its own, read-only, beside the console's engine.
    ignores: [
      '**/*.test.ts',
      'lib/data/test-helpers.ts',
      'lib/data/engine.ts',
      'lib/data/connection.ts',
      'lib/data/copy-to-postgres.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ENV_ONLY_IN_CONFIG, ...ENGINE_NEUTRAL_DATA] },
  },
  // CommonJS modules of the harness are CommonJS because an ES module would break where they are loaded
  // (scripts/nginx.cjs: Playwright compiles what the end-to-end suite imports to CommonJS).
  {
    files: ['scripts/**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // Import boundaries between the house's layers (eslint.layers.mjs, docs/architecture.md "Folder map").
  ...layerConfigs(),
  globalIgnores([
    '.next/**',
    'dist/**',
    'data/**',
    'test-results/**',
    'test-results-pg/**',
    'playwright-report/**',
    '.ci-out/**',
    'next-env.d.ts',
    'db/migrations/**',
    'db/migrations-pg/**',
  ]),
]);
