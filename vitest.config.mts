import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      // `server-only` throws outside Next's react-server bundles; unit tests run server code directly.
      'server-only': fileURLToPath(new URL('./lib/server-only-shim.ts', import.meta.url)),
    },
  },
  test: {
    environment: 'node',
    include: ['{app,components,lib,db,scripts}/**/*.test.{ts,tsx}'],
    pool: 'forks',
    // One throwaway PostgreSQL cluster for the run (issue 17), its URL given to tests by inject('pgUrl').
    globalSetup: ['./scripts/vitest-pg-setup.mjs'],
  },
});
