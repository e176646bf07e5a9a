// Bundles TypeScript entry points (and the lib/ code they import) into dist/<name>.cjs for Node: the custom
// server and its delivery thread (build-server.mjs), the db:copy command (db-copy.mjs). npm packages stay
// external; `server-only` is replaced by an empty module because these bundles are server code by
// definition and Next's bundler, which normally resolves it, is not involved.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const serverOnlyShim = {
  name: 'server-only-shim',
  setup(b) {
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: path.join(root, 'lib/server-only-shim.ts') }));
  },
};

/** entryPoints: { outputName: path relative to the repository's root }. */
export async function bundleForNode(entryPoints) {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(entryPoints).map(([name, file]) => [name, path.join(root, file)]),
    ),
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
}
