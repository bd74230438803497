import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyLayout, type LayoutStore } from './layout';
import { ElectronNotifier } from './notifier';
import { FakeBrowserWindow, FakeNotification, resetFake } from './testing/fake-electron';
import { WindowManager } from './window-manager';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());

describe('ElectronNotifier', () => {
  beforeEach(() => resetFake());

  it('shows a notification and routes its click to the view with params', () => {
    const openView = vi.fn();
    const notifier = new ElectronNotifier({ openView });
    notifier.notify({ title: 'ACME +12%', body: 'Unusual volume', severity: 'warn', view: 'market', params: { symbol: 'ACME' } });
    const note = FakeNotification.instances[0]!;
    expect(note.options).toMatchObject({ title: 'ACME +12%', body: 'Unusual volume', urgency: 'normal' });
    expect(note.show).toHaveBeenCalled();
    expect(openView).not.toHaveBeenCalled();
    note.emit('click', {});
    expect(openView).toHaveBeenCalledWith('market', { symbol: 'ACME' });
    expect(notifier.liveCount()).toBe(0);
  });

  it('does nothing on click when the notification names no view', () => {
    const openView = vi.fn();
    new ElectronNotifier({ openView }).notify({ title: 't', body: 'b', severity: 'info' });
    FakeNotification.instances[0]!.emit('click', {});
    expect(openView).not.toHaveBeenCalled();
  });

  it('keeps critical notifications on screen and info ones quiet', () => {
    const notifier = new ElectronNotifier({ openView: vi.fn() });
    notifier.notify({ title: 'Kill switch engaged', body: '', severity: 'critical' });
    notifier.notify({ title: 'Data refreshed', body: '', severity: 'info' });
    expect(FakeNotification.instances[0]!.options).toMatchObject({ urgency: 'critical', timeoutType: 'never' });
    expect(FakeNotification.instances[1]!.options).toMatchObject({ urgency: 'low', silent: true });
    expect(notifier.liveCount()).toBe(2);
    FakeNotification.instances[0]!.emit('close', {});
    expect(notifier.liveCount()).toBe(1);
  });

  it('is a no-op where notifications are unsupported', () => {
    FakeNotification.supported = false;
    new ElectronNotifier({ openView: vi.fn() }).notify({ title: 't', body: 'b', severity: 'warn' });
    expect(FakeNotification.instances).toHaveLength(0);
  });

  describe('bursts', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());
    const card = (id: string) => ({ title: 'New trade card', body: `BUY 10 ${id}`, severity: 'info' as const, view: 'approvals', params: { card: id } });

    it('shows the first three of a burst per view and folds the rest into one summary that opens the view', () => {
      const openView = vi.fn();
      const notifier = new ElectronNotifier({ openView });
      for (let i = 1; i <= 5; i++) notifier.notify(card(`C-${i}`));
      notifier.notify({ title: 'Filled', body: 'BUY 10 C-1', severity: 'warn', view: 'approvals', params: { card: 'C-1' } });
      notifier.notify({ title: 'ACME +12%', body: 'move', severity: 'warn', view: 'market', params: { symbol: 'ACME' } });
      expect(FakeNotification.instances.map((n) => n.options['title'])).toEqual(['New trade card', 'New trade card', 'New trade card', 'ACME +12%']);
      vi.advanceTimersByTime(2_999);
      expect(FakeNotification.instances).toHaveLength(4);
      vi.advanceTimersByTime(1);
      const summary = FakeNotification.instances[4]!;
      expect(summary.options).toMatchObject({ title: '3 more notifications', body: 'New trade card ×2 · Filled ×1', urgency: 'normal' });
      summary.emit('click', {});
      expect(openView).toHaveBeenCalledWith('approvals', {});
      // A new burst starts afresh.
      notifier.notify(card('C-6'));
      expect(FakeNotification.instances[5]!.options['title']).toBe('New trade card');
    });

    it('never holds back a critical notification', () => {
      const notifier = new ElectronNotifier({ openView: vi.fn() });
      for (let i = 1; i <= 4; i++) notifier.notify(card(`C-${i}`));
      notifier.notify({ title: 'Trading halted', body: 'halted from the tray menu', severity: 'critical', view: 'approvals' });
      expect(FakeNotification.instances.map((n) => n.options['title'])).toEqual(['New trade card', 'New trade card', 'New trade card', 'Trading halted']);
    });

    it('shows a single held notification as itself, card and all', () => {
      const openView = vi.fn();
      const notifier = new ElectronNotifier({ openView, burst: { windowMs: 1_000, max: 1 } });
      notifier.notify(card('C-1'));
      notifier.notify(card('C-2'));
      expect(FakeNotification.instances).toHaveLength(1);
      vi.advanceTimersByTime(1_000);
      expect(FakeNotification.instances).toHaveLength(2);
      FakeNotification.instances[1]!.emit('click', {});
      expect(openView).toHaveBeenCalledWith('approvals', { card: 'C-2' });
    });
  });

  describe('trading notifications (new cards, fills) with the real window manager', () => {
    const memoryStore = (): LayoutStore => {
      let layout = emptyLayout();
      return { get: () => structuredClone(layout), set: (l) => (layout = structuredClone(l)) };
    };
    const location = { file: '/app/out/renderer/index.html' };

    it('a click opens the approvals window on the card (?view=approvals&card=<id>), and a second click focuses it', () => {
      const wm = new WindowManager({ store: memoryStore(), location, preloadPath: '/app/out/preload/index.js', saveDelayMs: 60_000 });
      const notifier = new ElectronNotifier({ openView: (view, params) => wm.open(view, params) });
      // What the trading desk sends for a new card and for its fill.
      notifier.notify({ title: 'New trade card', body: 'BUY 100 ACME · catalyst_swing · from manual', severity: 'info', view: 'approvals', params: { card: 'C-20261120-0A1B2C' } });
      notifier.notify({ title: 'Filled', body: 'BUY 100 ACME @ 12.34', severity: 'info', view: 'approvals', params: { card: 'C-20261120-0A1B2C' } });
      FakeNotification.instances[0]!.emit('click', {});
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      const win = FakeBrowserWindow.instances[0]!;
      expect(win.loadFile).toHaveBeenCalledWith(location.file, { query: { card: 'C-20261120-0A1B2C', view: 'approvals' } });
      expect(win.options['title']).toBe('Kestrel — Approvals');

      FakeNotification.instances[1]!.emit('click', {});
      expect(FakeBrowserWindow.instances).toHaveLength(1);
      expect(win.focus).toHaveBeenCalled();
      expect(notifier.liveCount()).toBe(0);
      wm.beginQuit();
    });
  });
});
