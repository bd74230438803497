import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, FakeBrowserWindow, resetFake } from './testing/fake-electron';
import { emptyLayout, layoutKey, type LayoutStore, type SavedLayout } from './layout';
import { laptop, monitor } from './testing/displays';
import { WindowManager } from './window-manager';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());


function memoryStore(initial: SavedLayout = emptyLayout()): LayoutStore & { saved: SavedLayout[] } {
  let current = initial;
  const saved: SavedLayout[] = [];
  return {
    saved,
    get: () => structuredClone(current),
    set: (l) => {
      current = structuredClone(l);
      saved.push(current);
    },
  };
}

const location = { file: '/app/out/renderer/index.html' };

describe('WindowManager', () => {
  beforeEach(() => {
    resetFake();
    fake.displays = [laptop, monitor];
    fake.primaryId = 1;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const make = (store = memoryStore()) =>
    new WindowManager({ store, location, preloadPath: '/app/out/preload/index.js', saveDelayMs: 300 });

  it('opens a view in a secure window loading the one renderer with ?view= and params', () => {
    const wm = make();
    wm.open('market', { symbol: 'ACME' });
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.options['webPreferences']).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.loadFile).toHaveBeenCalledWith(location.file, { query: { symbol: 'ACME', view: 'market' } });
    expect(wm.owns(win.webContents as never)).toBe(true);
  });

  it('loads the dev server URL with the same query in development', () => {
    const wm = new WindowManager({
      store: memoryStore(),
      location: { ...location, devUrl: 'http://localhost:5173/' },
      preloadPath: '/p.js',
    });
    wm.open('market', { symbol: 'ACME' });
    expect(FakeBrowserWindow.instances[0]!.loadURL).toHaveBeenCalledWith('http://localhost:5173/?symbol=ACME&view=market');
  });

  it('focuses the existing window for the same view and params instead of opening another', () => {
    const wm = make();
    const a = wm.open('market');
    const b = wm.open('market');
    expect(b).toBe(a);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(FakeBrowserWindow.instances[0]!.focus).toHaveBeenCalled();
    wm.open('market', { symbol: 'ACME' });
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('moves the approvals window to another card (a notification) instead of opening one per card', () => {
    const wm = make();
    const a = wm.open('approvals', { card: 'C-1' }) as unknown as FakeBrowserWindow;
    const b = wm.open('approvals', { card: 'C-2' }) as unknown as FakeBrowserWindow;
    expect(b).toBe(a);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(a.webContents.send).toHaveBeenLastCalledWith('shell:navigate', { card: 'C-2' });
    expect(a.focus).toHaveBeenCalled();
    a.webContents.send.mockClear();
    wm.open('approvals', { card: 'C-2' });
    expect(a.webContents.send).not.toHaveBeenCalled();
    wm.open('approvals');
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('reuses a linked window of the same group for another symbol; unlinked windows per symbol stay separate', () => {
    const wm = make();
    const red = wm.open('options', { symbol: 'IWM', link: 'red' }) as unknown as FakeBrowserWindow;
    expect(wm.open('options', { symbol: 'ABAB', link: 'red' })).toBe(red);
    expect(red.webContents.send).toHaveBeenLastCalledWith('shell:navigate', { symbol: 'ABAB', link: 'red' });
    wm.open('options', { symbol: 'ABAB', link: 'blue' });
    wm.open('options', { symbol: 'ZZZ' });
    expect(FakeBrowserWindow.instances).toHaveLength(3);
  });

  it('refuses an unknown view', () => {
    const wm = make();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(wm.open('no-such-view')).toBeNull();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('opens the default view on a fresh profile, centred on the primary display', () => {
    const wm = make();
    wm.restore();
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadFile).toHaveBeenCalledWith(location.file, { query: { view: 'market' } });
    expect(win.bounds).toEqual({ x: 80, y: 63, width: 1280, height: 800 });
  });

  it('reopens every window of the last session, each on its display or the primary one', () => {
    const store = memoryStore({
      windows: [
        { view: 'market', params: {}, displayId: 2, bounds: { x: 1600, y: 50, width: 1200, height: 900 }, maximized: false },
        { view: 'market', params: { symbol: 'ACME' }, displayId: 7, bounds: { x: 5000, y: 0, width: 800, height: 600 }, maximized: true },
        { view: 'gone-view', params: {}, displayId: 1, bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: false },
      ],
      bounds: {},
    });
    const wm = make(store);
    wm.restore();
    expect(FakeBrowserWindow.instances).toHaveLength(2);
    const [a, b] = FakeBrowserWindow.instances;
    expect(a!.bounds).toEqual({ x: 1600, y: 50, width: 1200, height: 900 });
    expect(b!.bounds).toEqual({ x: 1440 - 800, y: 0 + 25, width: 800, height: 600 });
    b!.emit('ready-to-show');
    expect(b!.maximize).toHaveBeenCalled();
    expect(b!.loadFile).toHaveBeenCalledWith(location.file, { query: { symbol: 'ACME', view: 'market' } });
  });

  it('saves bounds per view and display, debounced while moving', () => {
    const store = memoryStore();
    const wm = make(store);
    const win = wm.open('market') as unknown as FakeBrowserWindow;
    vi.advanceTimersByTime(300);
    const writes = store.saved.length;
    win.setBounds({ x: 1500, y: 10, width: 1000, height: 700 });
    win.setBounds({ x: 1510, y: 20, width: 1000, height: 700 });
    expect(store.saved.length).toBe(writes);
    vi.advanceTimersByTime(300);
    expect(store.saved.length).toBe(writes + 1);
    const last = store.saved.at(-1)!;
    expect(last.windows).toEqual([
      { view: 'market', params: {}, displayId: 2, bounds: { x: 1510, y: 20, width: 1000, height: 700 }, maximized: false },
    ]);
    expect(last.bounds[layoutKey('market', 2)]).toEqual({ x: 1510, y: 20, width: 1000, height: 700 });
  });

  it('drops a closed window from the layout but keeps the last one, so it reopens', () => {
    const store = memoryStore();
    const wm = make(store);
    const a = wm.open('market') as unknown as FakeBrowserWindow;
    const b = wm.open('market', { symbol: 'ACME' }) as unknown as FakeBrowserWindow;
    b.close();
    expect(store.saved.at(-1)!.windows.map((w) => w.params)).toEqual([{}]);
    a.close();
    expect(store.saved.at(-1)!.windows.map((w) => w.params)).toEqual([{}]);
    expect(wm.count()).toBe(0);
  });

  it('keeps every window open at quit in the layout, even as they close', () => {
    const store = memoryStore();
    const wm = make(store);
    const a = wm.open('market') as unknown as FakeBrowserWindow;
    const b = wm.open('market', { symbol: 'ACME' }) as unknown as FakeBrowserWindow;
    wm.beginQuit();
    const atQuit = store.saved.length;
    a.close();
    b.close();
    vi.runAllTimers();
    expect(store.saved.length).toBe(atQuit);
    expect(store.saved.at(-1)!.windows.map((w) => w.params)).toEqual([{}, { symbol: 'ACME' }]);
  });

  it('reopens a view where it was last seen when opened again later', () => {
    const store = memoryStore();
    const wm = make(store);
    const win = wm.open('market') as unknown as FakeBrowserWindow;
    win.setBounds({ x: 2000, y: 100, width: 900, height: 700 });
    win.close();
    wm.open('market');
    expect(FakeBrowserWindow.instances[1]!.bounds).toEqual({ x: 2000, y: 100, width: 900, height: 700 });
  });

  it('does not own webContents of windows it did not create or that are gone', () => {
    const wm = make();
    const win = wm.open('market') as unknown as FakeBrowserWindow;
    const stranger = new FakeBrowserWindow({});
    expect(wm.owns(stranger.webContents as never)).toBe(false);
    win.close();
    expect(wm.owns(win.webContents as never)).toBe(false);
  });
});
