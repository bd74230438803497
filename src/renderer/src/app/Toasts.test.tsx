// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetKestrelStore, useKestrelStore } from '../store/index';
import { cardFixture, fillFixture } from '../store/trading-fixtures';
import { applyFillCreated } from '../store/wire-engine-events';
import { alertFixture } from '../test/sector-fixtures';
import { TOAST_MS, Toasts } from './Toasts';

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('Toasts', () => {
  it('shows an alert, dismisses itself after ~8 s', () => {
    useKestrelStore.setState({ toasts: [alertFixture({ id: 5, symbol: 'OCUL', movePct: 45.1 })] });
    render(<Toasts />);
    expect(screen.getByTestId('toast').dataset['symbol']).toBe('OCUL');
    expect(screen.getByTestId('toast').textContent).toContain('+45.10%');
    act(() => void vi.advanceTimersByTime(TOAST_MS));
    expect(screen.queryByTestId('toast')).toBeNull();
  });

  it('opens the symbol in the Market view on click', () => {
    useKestrelStore.setState({ activeView: 'sectors', toasts: [alertFixture({ id: 6, symbol: 'SOUN' })] });
    render(<Toasts />);
    fireEvent.click(screen.getByTitle('Open SOUN in the Market view'));
    expect(useKestrelStore.getState()).toMatchObject({ activeView: 'market', selectedSymbol: 'SOUN', toasts: [] });
  });

  it('a new card toast opens the Approvals view on that card', () => {
    useKestrelStore.setState({ activeView: 'market', cardToasts: [cardFixture({ id: 'c9', symbol: 'IWM', quantity: 10 })] });
    render(<Toasts />);
    expect(screen.getByTestId('card-toast').textContent).toContain('BUY 10 IWM');
    fireEvent.click(screen.getByTitle('Open the approval queue on this card'));
    expect(useKestrelStore.getState()).toMatchObject({ activeView: 'approvals', selectedCardId: 'c9', cardToasts: [] });
  });

  it('a fill raises a toast (not while Positions & orders is on screen); clicking it opens that view', () => {
    useKestrelStore.setState({ activeView: 'portfolio' });
    applyFillCreated(fillFixture({ id: 'F-0', symbol: 'IWM', quantity: 5 }), true);
    expect(useKestrelStore.getState().fillToasts).toEqual([]);
    useKestrelStore.setState({ activeView: 'approvals' });
    const fill = fillFixture({ id: 'F-1', symbol: 'IWM', side: 'buy', quantity: 25, price: 212.92 });
    applyFillCreated(fill, true);
    applyFillCreated(fill, true);
    applyFillCreated(fillFixture({ id: 'F-2' }), false);
    expect(useKestrelStore.getState().fillToasts.map((f) => f.id)).toEqual(['F-1']);
    expect(useKestrelStore.getState().fills.map((f) => f.id)).toEqual(expect.arrayContaining(['F-0', 'F-1', 'F-2']));
    render(<Toasts />);
    expect(screen.getByTestId('fill-toast').textContent).toContain('Filled BUY 25 IWM');
    expect(screen.getByTestId('fill-toast').textContent).toContain('212.92');
    fireEvent.click(screen.getByTitle('Open Positions & orders'));
    expect(useKestrelStore.getState()).toMatchObject({ activeView: 'portfolio', fillToasts: [] });
  });

  it('a strategy card toast names the strategy and says debit or credit', () => {
    const strategy = { template: 'iron_condor' as const, legs: [], netPrice: -0.31, maxLoss: 69, maxProfit: 31, multiplier: 100, expiry: '2026-11-27' };
    useKestrelStore.setState({ activeView: 'market', cardToasts: [cardFixture({ id: 'c10', symbol: 'IWM', quantity: 2, side: 'sell', limitPrice: 0.29, strategy })] });
    render(<Toasts />);
    const text = screen.getByTestId('card-toast').textContent ?? '';
    expect(text).toContain('iron condor 2 × IWM');
    expect(text).toContain('credit @ 0.29');
    expect(text).not.toContain('SELL');
  });
});
