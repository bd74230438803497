/**
 * The Electron composition root (src/main/index.ts) with a fake engine: what it creates, in which order, and
 * how it quits.
 */
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from './ipc-bridge';
import { ElectronNotifier } from './notifier';
import { fake, FakeBrowserWindow, FakeTray } from './testing/fake-electron';
import { emptyLayout } from './layout';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());
vi.mock('./layout-store', () => {
  let layout = emptyLayout();
  return { createLayoutStore: () => ({ get: () => layout, set: (l: typeof layout) => (layout = l) }) };
});

const engine = vi.hoisted(() => {
  let resolveStop: () => void = () => undefined;
  return {
    start: vi.fn(async () => undefined),
    stop: vi.fn(() => new Promise<void>((r) => (resolveStop = r))),
    finishStop: () => resolveStop(),
    connect: vi.fn(() => ({ request: vi.fn(async () => null), close: vi.fn() })),
    call: vi.fn(async () => ({ paused: false, mode: 'simulated' })),
    version: 'test',
  };
});
const createEngine = vi.hoisted(() => vi.fn((_config: Record<string, unknown>) => engine));
vi.mock('../core', () => ({ createEngine }));

describe('Electron composition root', () => {
  // One test for import and start: vitest clears mock calls between tests, and the module is imported once.
  it('takes the lock and registers handlers at import, then starts everything once ready', async () => {
    await import('../index');
    expect(fake.app.enableSandbox).toHaveBeenCalled();
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalled();
    for (const e of ['before-quit', 'activate', 'window-all-closed', 'second-instance']) {
      expect(fake.app.listenerCount(e)).toBe(1);
    }

    // when ready: engine (electron host, userData/data, notifier) → start → bridge → tray → market window
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    expect(createEngine).toHaveBeenCalledTimes(1);
    const config = createEngine.mock.calls[0]![0];
    expect(config).toMatchObject({ host: 'electron', dataDir: '/tmp/kestrel-test-userdata/data' });
    expect(config['notifier']).toBeInstanceOf(ElectronNotifier);
    expect(engine.start).toHaveBeenCalledTimes(1);
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([CHANNELS.invoke, CHANNELS.openView, CHANNELS.savePdf].sort());
    expect(FakeTray.instances).toHaveLength(1);
    expect(engine.connect).toHaveBeenCalledWith(expect.objectContaining({ transport: 'internal', label: 'tray' }));
    expect(FakeBrowserWindow.instances[0]!.loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[\\/]index\.html$/), {
      query: { view: 'market' },
    });
  });

  it('quits cleanly: prevents the first quit, awaits engine.stop(), then exits', async () => {
    const first = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', first);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(engine.stop).toHaveBeenCalledTimes(1);
    expect(FakeTray.instances[0]!.destroyed).toBe(true);
    const again = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', again);
    expect(again.preventDefault).toHaveBeenCalled();
    expect(engine.stop).toHaveBeenCalledTimes(1);
    expect(fake.app.exit).not.toHaveBeenCalled();
    engine.finishStop();
    await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(0));
  });
});
