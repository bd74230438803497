import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VIEWS } from '../../shared/views';
import { FakeTray, resetFake } from './testing/fake-electron';
import { buildTrayTemplate, clockFromEvent, createTray, type TrayActions } from './tray';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());

const actions = () => ({
  openView: vi.fn<TrayActions['openView']>(),
  setPaused: vi.fn<TrayActions['setPaused']>(),
  quit: vi.fn<TrayActions['quit']>(),
});
const click = (item: MenuItemConstructorOptions | undefined): void =>
  (item!.click as unknown as () => void)();
const byId = (t: MenuItemConstructorOptions[], id: string) => t.find((i) => i.id === id);

describe('buildTrayTemplate', () => {
  it('lists every view, Pause/Resume and Quit', () => {
    const t = buildTrayTemplate({ clock: { paused: false, mode: 'simulated' } }, actions());
    expect(t.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      ...VIEWS.map((v) => `Open ${v.title}`),
      'Pause simulation',
      'Quit Kestrel',
    ]);
  });

  it('opens a view, quits', () => {
    const a = actions();
    const t = buildTrayTemplate({ clock: null }, a);
    click(byId(t, 'open:market'));
    expect(a.openView).toHaveBeenCalledWith('market');
    click(byId(t, 'quit'));
    expect(a.quit).toHaveBeenCalled();
  });

  it('pauses a running simulation and resumes a paused one', () => {
    const a = actions();
    const running = byId(buildTrayTemplate({ clock: { paused: false, mode: 'simulated' } }, a), 'clock:toggle')!;
    expect(running).toMatchObject({ label: 'Pause simulation', enabled: true });
    click(running);
    expect(a.setPaused).toHaveBeenLastCalledWith(true);
    const paused = byId(buildTrayTemplate({ clock: { paused: true, mode: 'simulated' } }, a), 'clock:toggle')!;
    expect(paused.label).toBe('Resume simulation');
    click(paused);
    expect(a.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('disables Pause while the clock is unknown or live', () => {
    expect(byId(buildTrayTemplate({ clock: null }, actions()), 'clock:toggle')!.enabled).toBe(false);
    const live = buildTrayTemplate({ clock: { paused: false, mode: 'system' } }, actions());
    expect(byId(live, 'clock:toggle')!.enabled).toBe(false);
  });
});

describe('clockFromEvent', () => {
  it('reads clock.changed frames and ignores anything else', () => {
    const ev = (topic: string, data: unknown) => JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic, data } });
    expect(clockFromEvent(ev('clock.changed', { paused: true, mode: 'simulated', now: 1 }))).toEqual({ paused: true, mode: 'simulated' });
    expect(clockFromEvent(ev('quotes.updated', { paused: true, mode: 'simulated' }))).toBeNull();
    expect(clockFromEvent(ev('clock.changed', { paused: 'yes' }))).toBeNull();
    expect(clockFromEvent('{not json')).toBeNull();
  });
});

describe('createTray', () => {
  beforeEach(() => resetFake());

  function fakeEngine() {
    let send: ((frame: string) => void) | null = null;
    const connection = {
      request: vi.fn(async (raw: string) => JSON.stringify({ jsonrpc: '2.0', id: JSON.parse(raw).id, result: { topics: ['clock.changed'] } })),
      close: vi.fn(),
    };
    const engine = {
      connect: vi.fn((client: { transport: string; send(frame: string): void }) => {
        send = client.send;
        return connection as never;
      }),
      call: vi.fn(async (method: string, params?: { paused?: boolean }) =>
        method === 'clock.set' ? { paused: params?.paused ?? false, mode: 'simulated' } : { paused: false, mode: 'simulated' },
      ),
    };
    return { engine, connection, push: (frame: string) => send!(frame) };
  }
  const toggleLabel = (tray: FakeTray) =>
    (tray.menu!.template as MenuItemConstructorOptions[]).find((i) => i.id === 'clock:toggle')!.label;

  it('subscribes to clock.changed over an internal connection and rebuilds the menu on each change', async () => {
    const { engine, connection, push } = fakeEngine();
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn() });
    expect(engine.connect).toHaveBeenCalledWith(expect.objectContaining({ transport: 'internal', label: 'tray' }));
    expect(JSON.parse(connection.request.mock.calls[0]![0] as string)).toMatchObject({
      method: 'events.subscribe',
      params: { topics: ['clock.changed'] },
    });
    await vi.waitFor(() => expect(kt.state().clock).not.toBeNull());
    const tray = FakeTray.instances[0]!;
    expect(toggleLabel(tray)).toBe('Pause simulation');
    push(JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic: 'clock.changed', data: { paused: true, mode: 'simulated' } } }));
    expect(toggleLabel(tray)).toBe('Resume simulation');
    expect(tray.tooltip).toMatch(/paused/);
    kt.dispose();
    expect(connection.close).toHaveBeenCalled();
    expect(tray.destroyed).toBe(true);
  });

  it('Pause calls clock.set {paused:true} and shows the answer', async () => {
    const { engine } = fakeEngine();
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn() });
    await vi.waitFor(() => expect(kt.state().clock).not.toBeNull());
    const tray = FakeTray.instances[0]!;
    click((tray.menu!.template as MenuItemConstructorOptions[]).find((i) => i.id === 'clock:toggle'));
    expect(engine.call).toHaveBeenCalledWith('clock.set', { paused: true });
    await vi.waitFor(() => expect(toggleLabel(tray)).toBe('Resume simulation'));
  });
});
