// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineContext } from '../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../store/index';
import { statusFixture } from '../store/trading-fixtures';
import { FakeEngineClient } from '../test/fake-engine-client';
import { KillSwitchButton, KillSwitchDialog, PendingBadge } from './KillSwitch';

function setup(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['trading.halt'] = (p) => statusFixture({ halted: true, reason: (p as { reason: string }).reason, since: Date.parse('2026-11-20T15:00:00Z') });
  c.handlers['trading.resume'] = () => statusFixture();
  render(
    <EngineContext.Provider value={c}>
      <PendingBadge onOpen={() => undefined} />
      <KillSwitchButton />
      <KillSwitchDialog />
    </EngineContext.Provider>,
  );
  return c;
}
const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

beforeEach(() => {
  resetKestrelStore();
  useKestrelStore.setState({ connection: 'open', tradingStatus: statusFixture({ pendingCards: 3 }) });
});
afterEach(cleanup);

describe('kill switch', () => {
  it('halting needs a reason and a confirmation, then shows HALTED with the reason', async () => {
    const c = setup();
    expect(screen.getByTestId('pending-badge').dataset['count']).toBe('3');
    fireEvent.click(screen.getByTestId('kill-switch'));
    const submit = screen.getByTestId('halt-submit') as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('halt-reason'), { target: { value: 'Fed surprise' } });
    expect(submit.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('halt-confirm'));
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await flush();
    expect(c.calls.find((x) => x.method === 'trading.halt')?.params).toEqual({ reason: 'Fed surprise' });
    const ks = screen.getByTestId('kill-switch');
    expect(ks.dataset['halted']).toBe('true');
    expect(ks.textContent).toContain('HALTED — Fed surprise');
    expect(screen.queryByTestId('halt-dialog')).toBeNull();
  });

  it('can also cancel every working order: says how many, protective stops included, and sends cancelWorking', async () => {
    useKestrelStore.setState({ tradingStatus: statusFixture({ pendingCards: 3, openOrders: 4 }) });
    const c = setup();
    fireEvent.click(screen.getByTestId('kill-switch'));
    const dialog = screen.getByTestId('halt-dialog');
    expect(dialog.textContent).toContain('Also cancel all working orders (4)');
    expect(dialog.textContent).toMatch(/stop-loss and take-profit orders protecting positions included/);
    fireEvent.change(screen.getByTestId('halt-reason'), { target: { value: 'flatten' } });
    fireEvent.click(screen.getByTestId('halt-cancel-working'));
    fireEvent.click(screen.getByTestId('halt-confirm'));
    expect(screen.getByTestId('halt-submit').textContent).toBe('HALT AND CANCEL ALL');
    fireEvent.click(screen.getByTestId('halt-submit'));
    await flush();
    expect(c.calls.find((x) => x.method === 'trading.halt')?.params).toEqual({ reason: 'flatten', cancelWorking: true });
  });

  it('follows trading.statusChanged from another window, and resuming asks for confirmation', async () => {
    const c = setup();
    act(() => useKestrelStore.setState({ tradingStatus: statusFixture({ halted: true, reason: 'from window 2' }) }));
    expect(screen.getByTestId('kill-switch').textContent).toContain('from window 2');
    fireEvent.click(screen.getByTestId('resume-trading'));
    expect(screen.getByTestId('resume-dialog').textContent).toContain('from window 2');
    fireEvent.click(screen.getByTestId('resume-confirm'));
    await flush();
    expect(c.calls.some((x) => x.method === 'trading.resume')).toBe(true);
    expect(screen.getByTestId('kill-switch').dataset['halted']).toBe('false');
  });
});
