// `npm start`: builds when the sources changed since the last build, then runs the custom server
// (which applies migrations and prepares the sandbox before it listens).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { sourceStamp, STAMP_FILE } from './build-stamp.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
process.env.NEXT_TELEMETRY_DISABLED ??= '1';

const stamp = sourceStamp(root);
const built =
  fs.existsSync('.next/BUILD_ID') &&
  fs.existsSync('dist/server.cjs') &&
  fs.existsSync(STAMP_FILE) &&
  fs.readFileSync(STAMP_FILE, 'utf8') === stamp;

if (!built || process.argv.includes('--rebuild')) {
  console.log('[console] building (first start or sources changed)…');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) {
    console.error('[console] the build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(STAMP_FILE, stamp);
}

process.env.NODE_ENV = 'production';
await import(pathToFileURL(path.join(root, 'dist/server.cjs')).href);
