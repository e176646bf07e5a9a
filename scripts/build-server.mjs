// Bundles server.ts (and the lib/ code it imports) into dist/server.cjs, and the delivery thread. npm packages stay
// external; `server-only` is replaced by an empty module because this bundle is server code by
// definition and Next's bundler, which normally resolves it, is not involved.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const serverOnlyShim = {
  name: 'server-only-shim',
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: path.join(root, 'lib/server-only-shim.ts') }));
  },
};

await build({
  // The delivery worker runs on its own thread, from its own file (lib/delivery/thread-host.ts).
  entryPoints: {
    server: path.join(root, 'server.ts'),
    'delivery-thread': path.join(root, 'lib/delivery/thread.ts'),
  },
  outdir: path.join(root, 'dist'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: true,
  tsconfig: path.join(root, 'tsconfig.json'),
  plugins: [serverOnlyShim],
  logLevel: 'warning',
});
console.log('built dist/server.cjs and dist/delivery-thread.cjs');
