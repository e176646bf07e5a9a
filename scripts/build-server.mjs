// Bundles server.ts (and the lib/ code it imports) into dist/server.cjs, and the delivery thread.
import { bundleForNode } from './bundle-node.mjs';

await bundleForNode({
  server: 'server.ts',
  // The delivery worker runs on its own thread, from its own file (lib/delivery/thread-host.ts).
  'delivery-thread': 'lib/delivery/thread.ts',
});
console.log('built dist/server.cjs and dist/delivery-thread.cjs');
