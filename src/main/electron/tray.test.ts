import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { VIEWS } from '../../shared/views';
import { FakeTray, resetFake } from './testing/fake-electron';
import { buildTrayTemplate, clockFromEvent, createTray, TRAY_HALT_REASON, tradingFromEvent, trayTooltip, type TrayActions } from './tray';

const showMessageBox = vi.hoisted(() => vi.fn(async (_options: Record<string, unknown>) => ({ response: 0 })));
vi.mock('electron', async () => {
  const mod = (await import('./testing/fake-electron')).electronModule();
  const dialog = { ...(mod['dialog'] as object), showMessageBox };
  return { ...mod, dialog, default: { ...(mod['default'] as object), dialog } };
});

const actions = () => ({
  openView: vi.fn<TrayActions['openView']>(),
  setPaused: vi.fn<TrayActions['setPaused']>(),
  halt: vi.fn<TrayActions['halt']>(),
  resume: vi.fn<TrayActions['resume']>(),
  quit: vi.fn<TrayActions['quit']>(),
});
const running = { halted: false, pendingCards: 3 };
const click = (item: MenuItemConstructorOptions | undefined): void =>
  (item!.click as unknown as () => void)();
const byId = (t: MenuItemConstructorOptions[], id: string) => t.find((i) => i.id === id);

describe('buildTrayTemplate', () => {
  it('lists every view (Approvals with its pending count), Halt trading, Pause/Resume and Quit', () => {
    const t = buildTrayTemplate({ clock: { paused: false, mode: 'simulated' }, trading: running }, actions());
    expect(t.filter((i) => i.type !== 'separator').map((i) => i.label)).toEqual([
      ...VIEWS.map((v) => (v.id === 'approvals' ? 'Approvals (3 pending)' : `Open ${v.title}`)),
      'Halt trading…',
      'Pause simulation',
      'Quit Kestrel',
    ]);
  });

  it('opens a view, opens the approvals, quits', () => {
    const a = actions();
    const t = buildTrayTemplate({ clock: null, trading: null }, a);
    click(byId(t, 'open:market'));
    expect(a.openView).toHaveBeenCalledWith('market');
    expect(byId(t, 'open:approvals')!.label).toBe('Approvals');
    click(byId(t, 'open:approvals'));
    expect(a.openView).toHaveBeenLastCalledWith('approvals');
    click(byId(t, 'quit'));
    expect(a.quit).toHaveBeenCalled();
  });

  it('pauses a running simulation and resumes a paused one', () => {
    const a = actions();
    const running = byId(buildTrayTemplate({ clock: { paused: false, mode: 'simulated' }, trading: null }, a), 'clock:toggle')!;
    expect(running).toMatchObject({ label: 'Pause simulation', enabled: true });
    click(running);
    expect(a.setPaused).toHaveBeenLastCalledWith(true);
    const paused = byId(buildTrayTemplate({ clock: { paused: true, mode: 'simulated' }, trading: null }, a), 'clock:toggle')!;
    expect(paused.label).toBe('Resume simulation');
    click(paused);
    expect(a.setPaused).toHaveBeenLastCalledWith(false);
  });

  it('disables Pause while the clock is unknown or live', () => {
    expect(byId(buildTrayTemplate({ clock: null, trading: null }, actions()), 'clock:toggle')!.enabled).toBe(false);
    const live = buildTrayTemplate({ clock: { paused: false, mode: 'system' }, trading: null }, actions());
    expect(byId(live, 'clock:toggle')!.enabled).toBe(false);
  });

  it('halts running trading and resumes halted trading; before the status is known it offers only the halt', () => {
    const a = actions();
    const halt = byId(buildTrayTemplate({ clock: null, trading: running }, a), 'trading:toggle')!;
    expect(halt.label).toBe('Halt trading…');
    click(halt);
    expect(a.halt).toHaveBeenCalledTimes(1);
    expect(a.resume).not.toHaveBeenCalled();
    const resume = byId(buildTrayTemplate({ clock: null, trading: { halted: true, pendingCards: 0 } }, a), 'trading:toggle')!;
    expect(resume.label).toBe('Resume trading');
    click(resume);
    expect(a.resume).toHaveBeenCalledTimes(1);
    expect(a.halt).toHaveBeenCalledTimes(1);
    const unknown = byId(buildTrayTemplate({ clock: null, trading: null }, a), 'trading:toggle')!;
    expect(unknown.label).toBe('Halt trading…');
    expect(unknown.enabled).not.toBe(false);
    click(unknown);
    expect(a.halt).toHaveBeenCalledTimes(2);
  });
});

describe('trayTooltip', () => {
  it('shows the pending count, a halt and a pause', () => {
    expect(trayTooltip({ clock: null, trading: null })).toBe('Kestrel');
    expect(trayTooltip({ clock: { paused: false, mode: 'simulated' }, trading: running })).toBe('Kestrel — 3 pending');
    expect(trayTooltip({ clock: { paused: false, mode: 'simulated' }, trading: { halted: false, pendingCards: 0 } })).toBe('Kestrel — 0 pending');
    expect(trayTooltip({ clock: { paused: true, mode: 'simulated' }, trading: { halted: true, pendingCards: 1200 } })).toBe(
      'Kestrel — 1,200 pending · trading halted · simulation paused',
    );
    expect(trayTooltip({ clock: { paused: true, mode: 'simulated' }, trading: null })).toBe('Kestrel — simulation paused');
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

describe('tradingFromEvent', () => {
  it('reads trading.statusChanged frames and ignores anything else', () => {
    const ev = (topic: string, data: unknown) => JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic, data } });
    const status = { halted: true, reason: 'r', since: 1, by: 'x', pendingCards: 4, openOrders: 2, broker: 'paper' };
    expect(tradingFromEvent(ev('trading.statusChanged', status))).toEqual({ halted: true, pendingCards: 4 });
    expect(tradingFromEvent(ev('clock.changed', status))).toBeNull();
    expect(tradingFromEvent(ev('trading.statusChanged', { halted: 'no', pendingCards: 4 }))).toBeNull();
    expect(tradingFromEvent(ev('trading.statusChanged', { halted: false }))).toBeNull();
    expect(tradingFromEvent('{not json')).toBeNull();
  });
});

describe('createTray', () => {
  beforeEach(() => {
    resetFake();
    showMessageBox.mockClear();
  });

  const status = (halted: boolean, pendingCards: number) => ({ halted, reason: halted ? TRAY_HALT_REASON : null, since: 1, by: 'x', pendingCards, openOrders: 0, broker: 'paper' });

  function fakeEngine() {
    let send: ((frame: string) => void) | null = null;
    const connection = {
      request: vi.fn(async (raw: string) => {
        const { id, method, params } = JSON.parse(raw) as { id: number; method: string; params: { topics?: string[] } };
        const result =
          method === 'events.subscribe' ? { topics: params.topics } : method === 'trading.halt' ? status(true, 2) : method === 'trading.resume' ? status(false, 2) : null;
        return JSON.stringify(result === null ? { jsonrpc: '2.0', id, error: { code: -32601, message: 'unknown' } } : { jsonrpc: '2.0', id, result });
      }),
      close: vi.fn(),
    };
    const engine = {
      connect: vi.fn((client: { transport: string; send(frame: string): void }) => {
        send = client.send;
        return connection as never;
      }),
      call: vi.fn(async (method: string, params?: { paused?: boolean }) =>
        method === 'clock.set'
          ? { paused: params?.paused ?? false, mode: 'simulated' }
          : method === 'trading.status'
            ? status(false, 2)
            : { paused: false, mode: 'simulated' },
      ),
    };
    const requests = () => connection.request.mock.calls.map((c) => JSON.parse(c[0] as string) as { method: string; params: unknown });
    return { engine, connection, requests, push: (frame: string) => send!(frame) };
  }
  const item = (tray: FakeTray, id: string) => (tray.menu!.template as MenuItemConstructorOptions[]).find((i) => i.id === id)!;
  const toggleLabel = (tray: FakeTray) => item(tray, 'clock:toggle').label;
  const event = (topic: string, data: unknown) => JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic, data } });

  it('subscribes to clock.changed over an internal connection and rebuilds the menu on each change', async () => {
    const { engine, connection, push } = fakeEngine();
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn() });
    expect(engine.connect).toHaveBeenCalledWith(expect.objectContaining({ transport: 'internal', label: 'tray' }));
    expect(JSON.parse(connection.request.mock.calls[0]![0] as string)).toMatchObject({
      method: 'events.subscribe',
      params: { topics: ['clock.changed', 'trading.statusChanged'] },
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

  it('shows the pending count from trading.status, follows trading.statusChanged, and opens the approvals', async () => {
    const { engine, push } = fakeEngine();
    const openView = vi.fn();
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView, quit: vi.fn() });
    await vi.waitFor(() => expect(kt.state().trading).toEqual({ halted: false, pendingCards: 2 }));
    const tray = FakeTray.instances[0]!;
    expect(tray.tooltip).toBe('Kestrel — 2 pending');
    expect(item(tray, 'open:approvals').label).toBe('Approvals (2 pending)');
    push(event('trading.statusChanged', status(false, 5)));
    expect(tray.tooltip).toBe('Kestrel — 5 pending');
    expect(item(tray, 'open:approvals').label).toBe('Approvals (5 pending)');
    click(item(tray, 'open:approvals'));
    expect(openView).toHaveBeenCalledWith('approvals');
    push(event('trading.statusChanged', status(true, 5)));
    expect(tray.tooltip).toBe('Kestrel — 5 pending · trading halted');
    expect(item(tray, 'trading:toggle').label).toBe('Resume trading');
    kt.dispose();
  });

  it('Halt trading… asks first, then halts over the tray connection with the tray reason', async () => {
    const { engine, requests } = fakeEngine();
    const confirmHalt = vi.fn(async () => true);
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn(), confirmHalt });
    await vi.waitFor(() => expect(kt.state().trading).not.toBeNull());
    const tray = FakeTray.instances[0]!;
    click(item(tray, 'trading:toggle'));
    expect(confirmHalt).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(item(tray, 'trading:toggle').label).toBe('Resume trading'));
    expect(requests().filter((r) => r.method === 'trading.halt')).toEqual([expect.objectContaining({ params: { reason: 'halted from the tray menu' } })]);
    expect(engine.call).not.toHaveBeenCalledWith('trading.halt', expect.anything());
    expect(tray.tooltip).toMatch(/trading halted/);

    // Resume asks nothing.
    click(item(tray, 'trading:toggle'));
    await vi.waitFor(() => expect(item(tray, 'trading:toggle').label).toBe('Halt trading…'));
    expect(confirmHalt).toHaveBeenCalledTimes(1);
    expect(requests().filter((r) => r.method === 'trading.resume')).toEqual([expect.objectContaining({ params: {} })]);
  });

  it('does not halt when the confirmation is declined', async () => {
    const { engine, requests } = fakeEngine();
    const confirmHalt = vi.fn(async () => false);
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn(), confirmHalt });
    await vi.waitFor(() => expect(kt.state().trading).not.toBeNull());
    click(item(FakeTray.instances[0]!, 'trading:toggle'));
    await vi.waitFor(() => expect(confirmHalt).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 10));
    expect(requests().map((r) => r.method)).toEqual(['events.subscribe']);
    expect(kt.state().trading!.halted).toBe(false);
  });

  it('asks with a native warning dialog by default', async () => {
    const { engine, requests } = fakeEngine();
    showMessageBox.mockResolvedValueOnce({ response: 1 }); // Cancel
    const kt = createTray({ engine: engine as never, iconPath: '/r/tray.png', openView: vi.fn(), quit: vi.fn() });
    await vi.waitFor(() => expect(kt.state().trading).not.toBeNull());
    const tray = FakeTray.instances[0]!;
    click(item(tray, 'trading:toggle'));
    await vi.waitFor(() => expect(showMessageBox).toHaveBeenCalledTimes(1));
    expect(showMessageBox.mock.calls[0]![0]).toMatchObject({ type: 'warning', buttons: ['Halt trading', 'Cancel'], cancelId: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(requests().some((r) => r.method === 'trading.halt')).toBe(false);
    click(item(tray, 'trading:toggle')); // this time: Halt trading
    await vi.waitFor(() => expect(kt.state().trading!.halted).toBe(true));
  });
});
