// Builds with electron-vite when out/ is missing or older than any source file, so `npm run serve` and
// `npm start` always run what is in src/ without paying for a rebuild every time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newestMtime(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export function buildIfStale({ quiet = false } = {}) {
  const outputs = ['out/main/server.js', 'out/main/index.js', 'out/preload/index.js', 'out/renderer/index.html'].map((p) => join(root, p));
  const inputs = ['src', 'package.json', 'electron.vite.config.ts'].map((p) => join(root, p));
  const built = outputs.every((p) => existsSync(p)) ? Math.min(...outputs.map((p) => statSync(p).mtimeMs)) : 0;
  const source = Math.max(...inputs.map(newestMtime));
  if (built > source) return;
  if (!quiet) console.error('kestrel: building (electron-vite build)…');
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
  const result = spawnSync(bin, ['build'], { cwd: root, stdio: quiet ? 'pipe' : ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) {
    if (quiet && result.stderr) process.stderr.write(result.stderr);
    console.error('kestrel: the build failed; see the messages above.');
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildIfStale();
