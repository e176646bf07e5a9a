import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

import { layerConfigs } from './eslint.layers.mjs';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The environment is read in one place, lib/config.ts, which checks every variable at start. Exempt: the
  // harness around the app (e2e/, scripts/, tool configs), which starts it with an environment; tests, which
  // set variables for the code under test; and NODE_ENV, which Next replaces at build time.
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    ignores: [
      'lib/config.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      'e2e/**',
      'scripts/**',
      '*.config.{ts,mts,js,mjs}',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "MemberExpression[object.name='process'][property.name='env']:not(MemberExpression[property.name='NODE_ENV'] > MemberExpression.object)",
          message:
            'Read configuration through config() (lib/config.ts), which checks every variable at start.',
        },
      ],
    },
  },
  // Import boundaries between the house's layers (eslint.layers.mjs, docs/architecture.md "Folder map").
  ...layerConfigs(),
  globalIgnores([
    '.next/**',
    'dist/**',
    'data/**',
    'test-results/**',
    'playwright-report/**',
    '.ci-out/**',
    'next-env.d.ts',
    'db/migrations/**',
    'db/migrations-pg/**',
  ]),
]);
