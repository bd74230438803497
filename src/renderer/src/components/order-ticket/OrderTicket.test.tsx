// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import { EngineContext } from '../../engine/engine-context';
import { resetKestrelStore, useKestrelStore } from '../../store/index';
import { FakeEngineClient } from '../../test/fake-engine-client';
import { LIMITS, PLAYBOOK, T0, result } from '../guardrails/guardrail-fixtures.test-util';
import { OrderTicketHost } from './OrderTicketHost';
import { closeTicket, openTicket, useTicket } from './ticket-store';

const QUOTE = { symbol: 'SOUN', last: 4.12, bid: 4.11, ask: 4.13, open: 4, high: 4.2, low: 3.9, prevClose: 4, change: 0.12, changePct: 3, volume: 1e6, t: T0 };

function client(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['market.quote'] = () => QUOTE;
  c.handlers['guardrails.config'] = () => ({
    config: { limits: LIMITS, defaultPlaybook: 'momentum_breakout', playbooks: [PLAYBOOK] },
    defaultsPath: '/app/resources/guardrails.yaml',
    overridePath: '/data/guardrails.yaml',
    loadedAt: T0,
    regime: 'trending_up',
  });
  c.handlers['account.get'] = () => ({ equity: 100_000 });
  c.handlers['guardrails.evaluate'] = () => result({ phase: 'what_if' });
  return c;
}

async function tick(ms = 0): Promise<void> {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

const evaluations = (c: FakeEngineClient): unknown[] => c.calls.filter((x) => x.method === 'guardrails.evaluate').map((x) => x.params);

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
  useKestrelStore.setState({ quotesSource: 'simulator' });
});
afterEach(() => {
  act(() => closeTicket());
  cleanup();
  vi.useRealTimers();
});

describe('OrderTicket', () => {
  it('opens for a symbol with its live quote, pre-fills the limit, previews debounced, creates a card', async () => {
    const c = client();
    c.handlers['cards.create'] = (p) => ({ id: 'c-1', status: 'pending', statusReason: null, guardrails: result({ passed: true, severity: 'info', checks: [] }), params: p });
    render(
      <EngineContext.Provider value={c}>
        <OrderTicketHost />
      </EngineContext.Provider>,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    act(() => openTicket('soun'));
    expect(screen.getByRole('dialog', { name: 'Order ticket' })).toBeTruthy();
    await tick();
    expect(screen.getByTestId('ticket-quote').textContent).toContain('4.12');
    expect(screen.getByTestId('ticket-quote').textContent).toContain('simulator · as of 10:31:00 ET');
    const limit = screen.getByLabelText(/^Limit price/) as HTMLInputElement;
    expect(limit.value).toBe('4.13');
    expect(screen.getByRole('button', { name: /^Buy/ }).getAttribute('aria-pressed')).toBe('true');

    // Typing the quantity: one preview call after the debounce, not one per keystroke.
    const qty = screen.getByLabelText('Quantity');
    for (const v of ['1', '10', '100']) {
      fireEvent.change(qty, { target: { value: v } });
      await tick(100);
    }
    expect(evaluations(c)).toHaveLength(0);
    await tick(500);
    expect(evaluations(c)).toEqual([{ symbol: 'SOUN', side: 'buy', orderType: 'limit', timeInForce: 'day', origin: 'manual', quantity: 100, limitPrice: 4.13 }]);
    expect(screen.getAllByTestId('guardrail-chip')).toHaveLength(6);
    expect(screen.getByTestId('ticket-summary').textContent).toContain('$413.00');
    expect(screen.getByTestId('ticket-summary').textContent).toContain('0.41% of equity');

    // Arrow keys nudge the limit by a tick.
    fireEvent.keyDown(limit, { key: 'ArrowUp' });
    expect(limit.value).toBe('4.14');
    fireEvent.keyDown(limit, { key: 'ArrowDown', shiftKey: true });
    expect(limit.value).toBe('4.04');

    // Keys switch side outside text fields.
    fireEvent.keyDown(screen.getByRole('button', { name: /^Buy/ }), { key: 's' });
    expect(screen.getByRole('button', { name: /^Sell/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.keyDown(screen.getByRole('button', { name: /^Buy/ }), { key: 'B' });
    expect(screen.getByRole('button', { name: /^Buy/ }).getAttribute('aria-pressed')).toBe('true');

    // Other letters stay in the modal: the window shortcuts behind it see them as handled.
    const seen: boolean[] = [];
    const spy = (e: KeyboardEvent): void => void seen.push(e.defaultPrevented);
    window.addEventListener('keydown', spy);
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Order ticket' }), { key: 't' });
    fireEvent.keyDown(qty, { key: 't' });
    window.removeEventListener('keydown', spy);
    expect(seen).toEqual([true, false]);

    // Ctrl+Enter creates; the ticket shows the card and closes unless kept open.
    fireEvent.keyDown(qty, { key: 'Enter', ctrlKey: true });
    await tick();
    const create = c.calls.find((x) => x.method === 'cards.create');
    expect(create?.params).toMatchObject({ symbol: 'SOUN', quantity: 100, limitPrice: 4.04, side: 'buy' });
    expect(screen.getByTestId('ticket-created').textContent).toContain('Card c-1 pending');
    await tick(1_600);
    expect(useTicket.getState().open).toBe(false);
  });

  it('pauses the preview on 4029 and retries when the pause ends', async () => {
    const c = client();
    let refuse = true;
    c.handlers['guardrails.evaluate'] = () => {
      if (refuse) throw new EngineError(4029, 'at most 30 guardrail evaluations a minute; retry in 5 s', { retryAfterMs: 5_000 });
      return result({ phase: 'what_if' });
    };
    render(
      <EngineContext.Provider value={c}>
        <OrderTicketHost />
      </EngineContext.Provider>,
    );
    act(() => openTicket('SOUN', 'short'));
    await tick();
    expect(screen.getByRole('button', { name: /^Short/ }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '200' } });
    await tick(500);
    expect(screen.getByTestId('preview-status').textContent).toBe('preview paused, retrying in 5s');
    await tick(2_000);
    expect(screen.getByTestId('preview-status').textContent).toBe('preview paused, retrying in 3s');
    refuse = false;
    await tick(3_100);
    expect(evaluations(c)).toHaveLength(2);
    expect(screen.getAllByTestId('guardrail-chip')).toHaveLength(6);
  });

  it('validates before calling, shows a blocked card with its checks, and Esc closes', async () => {
    const c = client();
    c.handlers['cards.create'] = () => ({ id: 'c-2', status: 'blocked', statusReason: 'blocked by event_window', guardrails: result() });
    render(
      <EngineContext.Provider value={c}>
        <OrderTicketHost />
      </EngineContext.Provider>,
    );
    act(() => openTicket('SOUN'));
    await tick();
    fireEvent.click(screen.getByRole('button', { name: /^Bracket/ }));
    fireEvent.click(screen.getByRole('button', { name: /Create card/ }));
    await tick();
    expect(c.calls.some((x) => x.method === 'cards.create')).toBe(false);
    expect(screen.getByText('enter a quantity')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Quantity'), { target: { value: '50' } });
    fireEvent.change(screen.getByLabelText(/^Take profit/), { target: { value: '4.50' } });
    fireEvent.change(screen.getByLabelText(/^Stop loss/), { target: { value: '3.90' } });
    fireEvent.click(screen.getByRole('button', { name: /Create card/ }));
    await tick();
    expect(screen.getByTestId('ticket-created').textContent).toContain('Card c-2 blocked');
    expect(screen.getByTestId('ticket-created').textContent).toContain('blocked by Events (Earnings in 1 trading day (blackout 2).)');
    await tick(2_000);
    expect(useTicket.getState().open).toBe(true); // a blocked card keeps the ticket open
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(useTicket.getState().open).toBe(false);
  });
});
