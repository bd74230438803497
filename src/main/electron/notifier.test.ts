import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ElectronNotifier } from './notifier';
import { FakeNotification, resetFake } from './testing/fake-electron';

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
});
