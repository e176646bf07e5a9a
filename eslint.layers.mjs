// The house's layers (docs/architecture.md, "Folder map"), as ESLint rules: every folder is a layer that
// may import only the layers listed for it, and no two layers may import each other both ways (checked
// when this file loads, so a cycle written into the table fails `npm run lint` too).
//
// Imports are checked by their specifier with @typescript-eslint/no-restricted-imports: `import type` can
// be allowed where a layer may see another's types only (screens read lib/data's views), which
// import/no-restricted-paths cannot tell apart. A layer leaves its folder through `@/`, never `../`, so
// the specifier always names where it goes. Tests (*.test.ts, test-helpers.ts) are exempt: they set up
// the database and drive whole paths.
import fs from 'node:fs';

const libFiles = fs.readdirSync(new URL('./lib', import.meta.url), { withFileTypes: true });
const LIB_FOLDERS = libFiles.filter((e) => e.isDirectory()).map((e) => e.name);
/** lib/*.ts: small leaves every layer may use (config, errors, log, roles...), and the start-up sequence. */
const LIB_LEAVES = libFiles
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.includes('.test.'))
  .map((e) => e.name.replace(/\.tsx?$/, ''))
  .filter((name) => name !== 'bootstrap');

/** The validation modules lib/salesmanago owns: they are part of it, so it can be lifted out with them. */
const SALESMANAGO_SCHEMAS = ['event', 'snippet'];

/** Each layer: the files it is made of, and how an import names it. */
const LAYERS = {
  app: { files: ['app/**'], specifier: '^@/app(/|$)' },
  components: { files: ['components/**'], specifier: '^@/components(/|$)' },
  server: { files: ['server.ts'], specifier: '^@/server$' },
  bootstrap: { files: ['lib/bootstrap.ts'], specifier: '^@/lib/bootstrap$' },
  leaves: { files: LIB_LEAVES.map((n) => `lib/${n}.ts`), specifier: `^@/lib/(${LIB_LEAVES.join('|')})$` },
  db: { files: ['db/**'], ignores: ['db/enums.ts'], specifier: '^@/db(/(?!enums$).*)?$' },
  'db/enums': { files: ['db/enums.ts'], specifier: '^@/db/enums$' },
  ...Object.fromEntries(
    LIB_FOLDERS.map((folder) => [
      `lib/${folder}`,
      { files: [`lib/${folder}/**`], specifier: `^@/lib/${folder}/` },
    ]),
  ),
};
const schemas = SALESMANAGO_SCHEMAS.join('|');
LAYERS['lib/salesmanago'].files.push(...SALESMANAGO_SCHEMAS.map((n) => `lib/validations/${n}.ts`));
LAYERS['lib/salesmanago'].specifier = `^@/lib/salesmanago/|^@/lib/validations/(${schemas})$`;
LAYERS['lib/validations'].ignores = SALESMANAGO_SCHEMAS.map((n) => `lib/validations/${n}.ts`);
LAYERS['lib/validations'].specifier = `^@/lib/validations/(?!(${schemas})$)`;

const ALL = '*';
/**
 * Who may import whom. `types` lists layers whose types only may be imported (`import type`).
 * Every layer may import itself; `leaves` and `db/enums` are listed where they are allowed.
 */
const BASE = ['leaves', 'db/enums'];
const MAY_IMPORT = {
  server: {
    runtime: [
      ...BASE,
      'bootstrap',
      'lib/api',
      'lib/collector',
      'lib/data',
      'lib/delivery',
      'lib/http',
      'lib/jobs',
      'lib/notifications',
      'lib/sandbox',
    ],
  },
  bootstrap: { runtime: [...BASE, 'lib/data', 'lib/integrations'] },
  app: { runtime: [ALL], not: ['server', 'bootstrap', 'db'], types: ['db'] },
  components: {
    runtime: [...BASE, 'lib/incidents', 'lib/queries', 'lib/salesmanago', 'lib/validations'],
    types: ['lib/data', 'lib/backfill', 'lib/delivery', 'lib/integrations', 'lib/notifications'],
  },
  'lib/queries': {
    runtime: [...BASE, 'lib/salesmanago', 'lib/validations'],
    types: ['lib/data', 'lib/backfill', 'lib/delivery', 'lib/integrations', 'lib/notifications'],
  },
  'lib/api': { runtime: [...BASE, 'lib/auth', 'lib/http', 'lib/validations'] },
  'lib/jobs': {
    runtime: [
      ...BASE,
      'lib/backfill',
      'lib/data',
      'lib/delivery',
      'lib/incidents',
      'lib/integrations',
      'lib/notifications',
      'lib/validations',
    ],
  },
  'lib/collector': {
    runtime: [...BASE, 'lib/data', 'lib/delivery', 'lib/http', 'lib/salesmanago', 'lib/validations'],
  },
  'lib/backfill': { runtime: [...BASE, 'lib/data', 'lib/salesmanago', 'lib/validations'] },
  'lib/integrations': { runtime: [...BASE, 'lib/data', 'lib/net', 'lib/salesmanago', 'lib/validations'] },
  'lib/notifications': { runtime: [...BASE, 'lib/data', 'lib/net', 'lib/salesmanago', 'lib/validations'] },
  'lib/delivery': {
    runtime: [...BASE, 'lib/data', 'lib/incidents', 'lib/salesmanago', 'lib/sandbox', 'lib/validations'],
  },
  'lib/auth': { runtime: [...BASE, 'lib/data', 'lib/validations'] },
  'lib/data': {
    runtime: [...BASE, 'db', 'lib/incidents', 'lib/salesmanago', 'lib/sandbox', 'lib/validations'],
  },
  // The incident rules and their words: pure, so the data layer, the worker and the screens share them.
  'lib/incidents': { runtime: [...BASE, 'lib/salesmanago', 'lib/validations'] },
  'lib/sandbox': { runtime: [...BASE, 'lib/http', 'lib/salesmanago', 'lib/validations'] },
  'lib/validations': { runtime: [...BASE, 'lib/salesmanago'] },
  'lib/net': { runtime: BASE },
  'lib/http': { runtime: BASE },
  'lib/salesmanago': { runtime: [] },
  leaves: { runtime: BASE },
  db: { runtime: ['db/enums'] },
  'db/enums': { runtime: [] },
};

function allowed(from) {
  const rule = MAY_IMPORT[from];
  if (!rule)
    throw new Error(`eslint.layers.mjs: ${from} has no entry in MAY_IMPORT; say what it may import.`);
  const runtime = rule.runtime.includes(ALL)
    ? Object.keys(LAYERS).filter((l) => !rule.not?.includes(l))
    : rule.runtime;
  return { runtime: new Set([from, ...runtime]), types: new Set(rule.types ?? []) };
}

/** Pairs of layers that may import each other both ways (types included): there must be none. */
function twoWayPairs() {
  const pairs = [];
  const names = Object.keys(LAYERS);
  for (const a of names)
    for (const b of names) {
      if (a >= b) continue;
      const ab = allowed(a);
      const ba = allowed(b);
      if ((ab.runtime.has(b) || ab.types.has(b)) && (ba.runtime.has(a) || ba.types.has(a)))
        pairs.push([a, b]);
    }
  return pairs;
}
const cycles = twoWayPairs();
if (cycles.length)
  throw new Error(
    `eslint.layers.mjs: these layers may import each other both ways: ${cycles.map((p) => p.join(' <-> ')).join(', ')}`,
  );

/** How far up `../` may climb from a file at this depth below its layer's folder without leaving it. */
const climbOut = (depth) => ({
  regex: `^(\\.\\./){${depth},}`,
  message: 'Leave your folder through @/, so the layer rules see where the import goes.',
});
const TESTS = ['**/*.test.ts', '**/*.test.tsx', '**/test-helpers.ts'];

function restrictions(layer) {
  const { runtime, types } = allowed(layer);
  const patterns = [];
  for (const [other, { specifier }] of Object.entries(LAYERS)) {
    if (runtime.has(other)) continue;
    const onlyTypes = types.has(other);
    patterns.push({
      regex: specifier,
      allowTypeImports: onlyTypes,
      message: `${layer} may not import ${other}${onlyTypes ? ' (only with import type)' : ''}: see the folder map in docs/architecture.md.`,
    });
  }
  if (layer === 'lib/salesmanago') {
    // The domain, liftable as a package: zod, acorn and Node's built-ins, and no network.
    patterns.push(
      {
        regex: '^(?!zod$|acorn$|node:|\\.|@/)',
        message: 'lib/salesmanago imports only zod, acorn and node: built-ins.',
      },
      {
        regex: '^node:(http|https|http2|net|tls|dgram|dns)$',
        message: 'lib/salesmanago makes no network calls: its caller passes fetch in.',
      },
    );
  }
  return patterns;
}

/** Flat-config entries: one per layer, and per folder depth where the `../` rule needs one. */
export function layerConfigs() {
  const configs = [];
  const entry = (layer, files, ignores, extra) => ({
    files,
    ignores: [...ignores, ...TESTS],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...restrictions(layer), ...extra] }],
    },
  });
  for (const [layer, { files, ignores = [] }] of Object.entries(LAYERS)) {
    if (layer === 'app') {
      // Screens nest freely and climb within app/; they only may not reach another top folder by `../`.
      configs.push(
        entry(layer, files, ignores, [
          { regex: '^\\.\\.?/(.*/)?(lib|db|components)/', message: climbOut(1).message },
        ]),
      );
    } else if (layer.startsWith('lib/')) {
      const [folder, ...more] = files;
      const base = folder.replace('/**', '');
      // Any depth first (so a deeper folder is never unchecked), then exact depths, which win.
      configs.push(entry(layer, [`${base}/**/*.{ts,tsx}`], ignores, [climbOut(4)]));
      for (const depth of [1, 2, 3]) {
        configs.push(
          entry(layer, [`${base}/${'*/'.repeat(depth - 1)}*.{ts,tsx}`], ignores, [climbOut(depth)]),
        );
      }
      if (more.length) configs.push(entry(layer, more, ignores, [climbOut(1)]));
    } else {
      configs.push(entry(layer, files, ignores, [climbOut(layer === 'components' ? 2 : 1)]));
    }
  }
  configs.push({
    files: LAYERS['lib/salesmanago'].files,
    ignores: TESTS,
    rules: {
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource'].map((name) => ({
          name,
          message: 'lib/salesmanago makes no network calls: its caller passes fetch in.',
        })),
      ],
    },
  });
  return configs;
}
