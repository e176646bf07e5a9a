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
  ]),
]);
