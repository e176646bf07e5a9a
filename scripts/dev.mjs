// `npm run dev`: bundles the custom server, then runs it with Next in development mode (hot reload
// for app/ and components/; restart this command after changing server.ts).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= '1';
const result = spawnSync('node', ['scripts/build-server.mjs'], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
process.argv.push('--dev');
await import(pathToFileURL(path.join(root, 'dist/server.cjs')).href);
