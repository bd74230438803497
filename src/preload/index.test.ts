import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EngineBridge, ShellBridge } from '../shared/contract/client';
import { CHANNELS } from '../main/electron/ipc-bridge';
import { fake } from '../main/electron/testing/fake-electron';

vi.mock('electron', async () => (await import('../main/electron/testing/fake-electron')).electronModule());

describe('preload', () => {
  let engine: EngineBridge;
  let shell: ShellBridge;
  beforeAll(async () => {
    await import('./index');
    engine = fake.exposed['engine'] as EngineBridge;
    shell = fake.exposed['shell'] as ShellBridge;
  });

  it('exposes exactly window.engine and window.shell, with no ipcRenderer in reach', () => {
    expect(Object.keys(fake.exposed).sort()).toEqual(['engine', 'shell']);
    expect(Object.keys(engine).sort()).toEqual(['invoke', 'on']);
    expect(Object.keys(shell).sort()).toEqual(['onNavigate', 'openView', 'platform', 'savePdf']);
    expect(shell.platform).toBe(process.platform);
  });

  it('invokes over engine:invoke with the raw frame and resolves with the reply', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce('{"jsonrpc":"2.0","id":1,"result":{}}');
    await expect(engine.invoke('{"jsonrpc":"2.0","id":1,"method":"system.health"}')).resolves.toBe(
      '{"jsonrpc":"2.0","id":1,"result":{}}',
    );
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.invoke, '{"jsonrpc":"2.0","id":1,"method":"system.health"}');
    await expect(engine.invoke(42 as unknown as string)).rejects.toThrow(TypeError);
  });

  it('delivers event frames, without the IPC event, until exactly that listener unsubscribes', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = engine.on(a);
    const offB = engine.on(b);
    fake.ipcRenderer.emit(CHANNELS.event, { sender: 'ipcRenderer' }, 'frame-1');
    expect(a).toHaveBeenCalledWith('frame-1');
    expect(a.mock.calls[0]).toHaveLength(1);
    offA();
    offA(); // idempotent, and must not remove b
    fake.ipcRenderer.emit(CHANNELS.event, {}, 'frame-2');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenLastCalledWith('frame-2');
    fake.ipcRenderer.emit(CHANNELS.event, {}, { not: 'a string' });
    expect(b).toHaveBeenCalledTimes(2);
    offB();
    expect(fake.ipcRenderer.listenerCount(CHANNELS.event)).toBe(0);
  });

  it('opens a view over shell:openView', async () => {
    fake.ipcRenderer.invoke.mockResolvedValueOnce(undefined);
    await shell.openView('market', { symbol: 'ACME' });
    expect(fake.ipcRenderer.invoke).toHaveBeenLastCalledWith(CHANNELS.openView, 'market', { symbol: 'ACME' });
  });

  it('hands navigate messages (string params only) to listeners, and unsubscribes exactly', () => {
    const seen: Record<string, string>[] = [];
    const off = shell.onNavigate((p) => seen.push(p));
    fake.ipcRenderer.emit(CHANNELS.navigate, {}, { card: 'C-1', junk: 42 });
    fake.ipcRenderer.emit(CHANNELS.navigate, {}, 'not an object');
    expect(seen).toEqual([{ card: 'C-1' }]);
    off();
    expect(fake.ipcRenderer.listenerCount(CHANNELS.navigate)).toBe(0);
  });
});
