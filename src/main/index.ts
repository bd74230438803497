/**
 * The Electron composition root. At import it only takes the single-instance lock and registers app event
 * handlers; everything else — engine, IPC bridge, tray, windows — starts in `startApp()` once Electron is ready.
 */
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { createEngine, type Engine } from './core';
import { installIpcBridge, type IpcBridge } from './electron/ipc-bridge';
import { createLayoutStore } from './electron/layout-store';
import { createSafeStorageSecretStore } from './electron/secret-store';
import { ElectronNotifier } from './electron/notifier';
import { rendererLocation } from './electron/renderer-url';
import { installSecurity } from './electron/security';
import { createTray, type KestrelTray } from './electron/tray';
import { WindowManager } from './electron/window-manager';

/** How long quitting waits for engine.stop() (flush, close the database) before exiting anyway. */
const STOP_TIMEOUT_MS = 10_000;

let engine: Engine | null = null;
let windows: WindowManager | null = null;
let bridge: IpcBridge | null = null;
let tray: KestrelTray | null = null;
let started = false;
let quitting = false;

/** A file in resources/, outside the asar archive in a packaged app (native code can't read inside it). */
function resourcePath(name: string): string {
  return join(app.getAppPath(), 'resources', name).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

async function startApp(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('dev.kestrel.app'); // toasts need it on Windows
  const location = rendererLocation({ mainDir: __dirname, packaged: app.isPackaged });
  installSecurity({ location }); // before the first webContents exists

  const wm = new WindowManager({
    store: createLayoutStore(),
    location,
    preloadPath: join(__dirname, '../preload/index.js'),
    iconPath: resourcePath('icon.png'),
  });
  windows = wm;
  const notifier = new ElectronNotifier({ openView: (view, params) => wm.open(view, params), iconPath: resourcePath('icon.png') });

  const eng = createEngine({
    host: 'electron',
    dataDir: join(app.getPath('userData'), 'data'),
    notifier,
    // If the worker cannot start (e.g. from inside an asar archive), the engine builds history in-process.
    historyWorkerScript: join(__dirname, 'history-worker.js'),
    // sectors.yaml and the icons ship unpacked beside the archive (asarUnpack), where fs.watch works too.
    resourcesDir: resourcePath(''),
    // The LLM API key lives in Electron safeStorage (encrypted by the OS keychain), never in the database.
    secrets: createSafeStorageSecretStore({ dir: app.getPath('userData'), onError: (m) => console.warn(m) }),
  });
  engine = eng;
  await eng.start();
  if (quitting) return; // asked to quit while starting: before-quit is already stopping the engine

  bridge = installIpcBridge({ engine: eng, windows: wm, location, exportsDir: join(app.getPath('userData'), 'data', 'exports') });
  tray = createTray({
    engine: eng,
    iconPath: resourcePath('tray.png'),
    openView: (view) => wm.open(view),
    quit: () => app.quit(),
  });
  wm.restore();
  started = true;
}

function registerAppHandlers(): void {
  app.on('second-instance', () => {
    if (started) windows?.focusOrRestore();
  });

  // macOS: clicking the dock icon with no window open brings the layout back.
  app.on('activate', () => {
    if (started && windows && windows.count() === 0) windows.restore();
  });

  // The usual desktop rule: closing the last window quits, except on macOS where the app lives in the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', (event) => {
    // Freeze the layout before the windows start closing, so every open window reopens next time.
    windows?.beginQuit();
    if (quitting) {
      event.preventDefault(); // already stopping; app.exit() follows
      return;
    }
    quitting = true;
    if (!engine) return; // nothing to stop yet: let the quit proceed
    event.preventDefault();
    const eng = engine;
    tray?.dispose();
    bridge?.dispose();
    void stopWithin(eng, STOP_TIMEOUT_MS).finally(() => app.exit(0));
  });

  app
    .whenReady()
    .then(startApp)
    .catch((err: unknown) => {
      console.error('[kestrel] failed to start', err);
      dialog.showErrorBox('Kestrel could not start', err instanceof Error ? err.message : String(err));
      const eng = engine;
      void (eng ? stopWithin(eng, STOP_TIMEOUT_MS) : Promise.resolve()).finally(() => app.exit(1));
    });
}

async function stopWithin(eng: Engine, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`[kestrel] engine.stop() took over ${ms} ms; exiting anyway`);
      resolve();
    }, ms);
  });
  try {
    await Promise.race([eng.stop(), timeout]);
  } catch (err) {
    console.error('[kestrel] engine.stop() failed', err);
  } finally {
    clearTimeout(timer);
  }
}

// Every renderer sandboxed, whatever a window's own options say; must run before 'ready'.
app.enableSandbox();
if (app.requestSingleInstanceLock()) {
  registerAppHandlers();
} else {
  // Another Kestrel owns the profile (and its SQLite file); it gets focused through 'second-instance'.
  app.quit();
}
