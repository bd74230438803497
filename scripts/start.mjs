// `npm start`: the desktop app where Electron can run; otherwise browser mode, saying so and printing the URL.
// Force browser mode with KESTREL_BROWSER=1 (or `npm start -- --browser`).
import { spawn, spawnSync } from 'node:child_process';
import { ENGINE_V8_FLAGS } from './engine-flags.mjs';
import { join } from 'node:path';
import { buildIfStale, root } from './build-if-stale.mjs';

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser') || process.env.KESTREL_BROWSER === '1';
const serveArgs = args.filter((a) => a !== '--browser');

function electronBinary() {
  if (forceBrowser) return { ok: false, why: 'browser mode requested' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { ok: false, why: 'no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  // require('electron') resolves the binary and downloads it on first use; do it in a child so a failed
  // download (no network) cannot take this process down.
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.status === 0 && probe.stdout) return { ok: true, path: probe.stdout };
  const reason = (probe.stderr || probe.error?.message || 'unknown error').trim().split('\n').find((l) => /Error|error/.test(l)) ?? 'the Electron binary is not installed';
  return { ok: false, why: reason };
}

const electron = electronBinary();
buildIfStale();
if (electron.ok) {
  console.log('kestrel: starting the desktop app');
  const child = spawn(electron.path, [`--js-flags=${ENGINE_V8_FLAGS.join(' ')}`, root], { stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`kestrel: Electron cannot run here (${electron.why}); starting browser mode instead.`);
  console.log('kestrel: open the URL below in a browser (Chrome, Edge, Firefox, Safari).');
  const child = spawn(process.execPath, [...ENGINE_V8_FLAGS, join(root, 'scripts', 'serve.mjs'), ...serveArgs], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}
