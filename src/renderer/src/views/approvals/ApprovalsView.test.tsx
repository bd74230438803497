// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { cardFixture, guardrailsFixture, orderFixture, statusFixture, TRADING_T0 } from '../../store/trading-fixtures';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { clockState } from '../../test/fixtures';
import { ApprovalsView } from './ApprovalsView';

function setup(client = new FakeEngineClient()): FakeEngineClient {
  client.handlers['market.bars'] = () => ({ symbol: 'ABCD', timeframe: '5m', source: 'sim', bars: [] });
  render(
    <EngineContext.Provider value={client}>
      <ApprovalsView />
    </EngineContext.Provider>,
  );
  return client;
}

const key = (k: string, opts: KeyboardEventInit = {}): void => {
  act(() => {
    fireEvent.keyDown(window, { key: k, ...opts });
  });
};
const flush = (): Promise<void> => act(() => new Promise<void>((r) => setTimeout(r, 0)));

beforeEach(() => {
  resetKestrelStore();
  // A paused clock 30 s before the first card expires: its countdown is amber.
  useKestrelStore.setState({
    clock: clockState({ now: TRADING_T0 + 15 * 60_000 - 30_000, paused: true }),
    clockReceivedAt: Date.now(),
    cards: [
      cardFixture({ id: 'c2', symbol: 'WXYZ', createdAt: TRADING_T0 + 1, expiresAt: TRADING_T0 + 60 * 60_000 }),
      cardFixture({ id: 'c1' }),
      cardFixture({ id: 'd1', status: 'rejected', decidedAt: TRADING_T0, statusReason: 'too late' }),
    ],
    tradingStatus: statusFixture(),
  });
});
afterEach(cleanup);

describe('ApprovalsView', () => {
  it('lists the queue newest first, selects the first, and shows decided cards with status chips', () => {
    setup();
    const rows = screen.getAllByTestId('approval-card');
    expect(rows.map((r) => r.dataset['cardId'])).toEqual(['c2', 'c1']);
    expect(useKestrelStore.getState().selectedCardId).toBe('c2');
    expect(rows[1]!.querySelector('[data-testid="countdown"]')?.getAttribute('data-tier')).toBe('amber');
    const decided = screen.getByTestId('decided-card');
    expect(decided.dataset['status']).toBe('rejected');
    expect(within(decided).getByTestId('status-chip').textContent).toBe('REJECTED');
  });

  it('J/K move the selection; A approves the selected card', async () => {
    const c = new FakeEngineClient();
    c.handlers['cards.approve'] = (p) => ({ card: cardFixture({ id: (p as { id: string }).id, status: 'submitted', version: 2 }), order: orderFixture() });
    setup(c);
    key('j');
    expect(useKestrelStore.getState().selectedCardId).toBe('c1');
    key('k');
    key('j');
    key('a');
    await flush();
    expect(c.calls.find((x) => x.method === 'cards.approve')?.params).toEqual({ id: 'c1' });
    expect(screen.getAllByTestId('approval-card').map((r) => r.dataset['cardId'])).toEqual(['c2']);
  });

  it('a halted desk refusal (4003) shows the halt reason on the card', async () => {
    const c = new FakeEngineClient();
    c.handlers['cards.approve'] = () => {
      throw new EngineError(4003, 'trading is halted');
    };
    c.handlers['trading.status'] = () => statusFixture({ halted: true, reason: 'Fed surprise' });
    setup(c);
    key('a');
    await flush();
    const error = screen.getByTestId('card-error');
    expect(error.dataset['code']).toBe('4003');
    expect(error.textContent).toContain('Fed surprise');
    expect(screen.getByTestId('approvals-halted').textContent).toContain('Fed surprise');
  });

  it('a guardrail refusal (4022) names the blocking check', async () => {
    const c = new FakeEngineClient();
    const blocked = guardrailsFixture({
      passed: false,
      severity: 'block',
      checks: [{ check: 'fat_finger', passed: false, severity: 'block', value: 14, limit: 10, unit: 'pct', message: 'Limit 14% from last (max 10%)', inputs: {} }],
    });
    c.handlers['cards.approve'] = () => {
      throw new EngineError(4022, 'guardrails block', { guardrails: blocked });
    };
    c.handlers['cards.get'] = () => cardFixture({ id: 'c2', symbol: 'WXYZ', status: 'blocked', guardrails: blocked, version: 4 });
    setup(c);
    key('a');
    await flush();
    expect(screen.getByTestId('card-error').textContent).toContain('Limit 14% from last');
  });

  it('R asks a reason before rejecting; Shift+A lists the cards before approving all', async () => {
    const c = new FakeEngineClient();
    c.handlers['cards.reject'] = (p) => cardFixture({ id: 'c2', status: 'rejected', version: 2, statusReason: (p as { reason: string }).reason });
    setup(c);
    key('r');
    const dialog = screen.getByTestId('reject-dialog');
    const confirm = within(dialog).getByTestId('confirm-reject');
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByTestId('reject-reason'), { target: { value: 'Entry too late' } });
    fireEvent.click(confirm);
    await flush();
    expect(c.calls.find((x) => x.method === 'cards.reject')?.params).toEqual({ id: 'c2', reason: 'Entry too late' });
    expect(screen.queryByTestId('reject-dialog')).toBeNull();
    key('A', { shiftKey: true });
    const all = screen.getByTestId('approve-all-dialog');
    expect(all.textContent).toContain('ABCD');
  });

  it('explains how to raise a card when the queue is empty', () => {
    useKestrelStore.setState({ cards: [], cardsStatus: 'ready', selectedSymbol: 'IWM' });
    setup();
    expect(screen.getByTestId('approvals-empty').textContent).toContain('order ticket');
    expect(screen.getByTestId('empty-new-ticket').textContent).toContain('IWM');
  });
});
