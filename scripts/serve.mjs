// `npm run serve -- [options]`: builds if needed, then runs the browser-mode host (out/main/server.js) in this
// process, so its SIGINT/SIGTERM handling is the one that runs.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`kestrel: Node ${process.versions.node} is too old; Kestrel needs Node >= 22.12 (Node 24 LTS recommended).`);
  process.exit(1);
}
buildIfStale();
createRequire(import.meta.url)(join(root, 'out', 'main', 'server.js'));
