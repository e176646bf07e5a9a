// `npm run db:copy -- --to postgres://…`: moves a SQLite console's data into an empty PostgreSQL database
// (issue 17; README, "Moving a console to PostgreSQL"). The copy is TypeScript (lib/data/copy-to-postgres.ts):
// it is bundled with esbuild, a dependency, as the server is, so it runs on a fresh clone after `npm ci`
// without a TypeScript runner, then run from dist/.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { bundleForNode, root } from './bundle-node.mjs';

// The migrations are found from the working directory, as at `npm start`.
process.chdir(root);
await bundleForNode({ 'db-copy': 'scripts/db-copy-cli.ts' });
await import(pathToFileURL(path.join(root, 'dist/db-copy.cjs')).href);
