// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetKestrelStore, useKestrelStore } from '../store/index';
import { cardFixture } from '../store/trading-fixtures';
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
});
