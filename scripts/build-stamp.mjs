// A fingerprint of everything the production build depends on, so `npm start` rebuilds exactly
// when a source changed (a fresh clone has no stamp and always builds once).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const INPUTS = [
  'app',
  'components',
  'lib',
  'db',
  'public',
  'server.ts',
  'next.config.js',
  'postcss.config.mjs',
  'tsconfig.json',
  'package-lock.json',
];
const SKIP = /(^|\/)(node_modules|\.next|__fixtures__)(\/|$)|\.test\.tsx?$/;

function walk(rel, out) {
  let stat;
  try {
    stat = fs.statSync(rel);
  } catch {
    return;
  }
  if (SKIP.test(rel)) return;
  if (stat.isDirectory()) {
    for (const name of fs.readdirSync(rel).sort()) walk(path.join(rel, name), out);
  } else {
    out.push(`${rel}\0${stat.size}\0${Math.trunc(stat.mtimeMs)}`);
  }
}

export function sourceStamp(root) {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const entries = [];
    for (const input of INPUTS) walk(input, entries);
    return createHash('sha256').update(entries.join('\n')).digest('hex');
  } finally {
    process.chdir(cwd);
  }
}

export const STAMP_FILE = '.next/source-stamp';
