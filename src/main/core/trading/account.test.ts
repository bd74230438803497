import { describe, expect, it } from 'vitest';
import type { Quote } from '../../../shared/contract';
import type { StoredOrder, StoredPosition } from '../db/repositories/trading-repo';
import { valueBook, type BookInput } from './account';
import { pipelineFunnel } from './reports';

const quote = (symbol: string, last: number, prevClose: number): Quote => ({
  symbol, last, bid: last - 0.01, ask: last + 0.01, open: prevClose, high: last, low: last, prevClose, change: last - prevClose, changePct: 0, volume: 1_000, t: 5_000,
});

function input(over: Partial<BookInput> = {}): BookInput {
  return {
    positions: [],
    cashCents: 10_000_000,
    liveOrders: [],
    quote: () => null,
    instrument: () => undefined,
    source: 'simulator',
    broker: 'paper',
    startingCash: 100_000,
    now: 9_000,
    ...over,
  };
}

const pos = (symbol: string, quantity: number, costCents: number, realizedCents = 0): StoredPosition => ({ symbol, quantity, multiplier: 1, costCents, realizedCents, originId: null, openedAt: 1, updatedAt: 2 });

describe('valueBook', () => {
  it('marks longs and shorts to the last trade: equity, P&L and Reg T buying power', () => {
    const quotes: Record<string, Quote> = { AAA: quote('AAA', 12, 11), BBB: quote('BBB', 4, 5) };
    // Long 100 AAA bought at $10; short 200 BBB sold at $5 (cash holds the proceeds).
    const { positions, account } = valueBook(
      input({
        positions: [pos('AAA', 100, 100_000), pos('BBB', -200, -100_000, 2_500), pos('OLD', 0, 0, -1_000)],
        cashCents: 10_000_000 - 100_000 + 100_000,
        quote: (s) => quotes[s] ?? null,
      }),
    );
    expect(positions.map((p) => p.symbol)).toEqual(['AAA', 'BBB']);
    const [aaa, bbb] = positions;
    expect(aaa).toMatchObject({ marketValue: 1_200, costBasis: 1_000, unrealizedPnl: 200, unrealizedPnlPct: 20, dayPnl: 100, avgCost: 10 });
    expect(bbb).toMatchObject({ quantity: -200, marketValue: -800, costBasis: -1_000, unrealizedPnl: 200, dayPnl: 200, avgCost: 5, realizedPnl: 25 });
    expect(account).toMatchObject({ cash: 100_000, longMarketValue: 1_200, shortMarketValue: -800, equity: 100_400, unrealizedPnl: 400, realizedPnl: 15, dayPnl: 300 });
    expect(account.buyingPower).toBe(100_400 * 2 - 2_000);
    expect(account.asOf).toBe(5_000);
  });

  it('an option position’s day P&L is its mark’s move since the previous close × 100, with Greeks per position', () => {
    const OCC = 'ACME261218C00012500';
    const oq = {
      symbol: OCC, underlying: 'ACME', expiry: '2026-12-18', strike: 12.5, type: 'call' as const, bid: 1.2, ask: 1.3, last: 1.25, mark: 1.25,
      iv: 0.6, delta: 0.55, gamma: 0.1, theta: -0.01, vega: 0.02, rho: 0.01, volume: 10, openInterest: 100, inTheMoney: true,
    };
    const stored = [{ ...pos(OCC, -3, -30_000), multiplier: 100 }];
    const { positions, account } = valueBook(input({ positions: stored, optionQuote: () => oq, optionPreviousMark: () => 1.05 }));
    // short 3 contracts, the mark rose $0.20: −3 × 0.20 × 100 = −$60
    expect(positions[0]).toMatchObject({ marketValue: -375, dayPnl: -60, option: { delta: -165, multiplier: 100 } });
    expect(account.dayPnl).toBe(-60);
    // no previous mark (a contract with no previous close): 0, never NaN
    expect(valueBook(input({ positions: stored, optionQuote: () => oq, optionPreviousMark: () => null })).account.dayPnl).toBe(0);
    expect(valueBook(input({ positions: stored, optionQuote: () => oq })).account.dayPnl).toBe(0);
  });

  it('reserves working buy and short entries (not exits, not orders the broker has not received)', () => {
    const order = (over: Partial<StoredOrder>): StoredOrder => ({
      id: 'o', cardId: 'c', clientOrderId: 'c-t1', brokerOrderId: 'b', broker: 'paper', symbol: 'AAA', side: 'buy', quantity: 100, filledQuantity: 40,
      orderType: 'limit', limitPrice: 10, stopPrice: null, timeInForce: 'day', role: 'entry', tranche: 1, status: 'partially_filled', statusReason: null,
      avgFillPrice: 10, dueAt: 0, createdAt: 0, submittedAt: 0, updatedAt: 0, ocoGroup: null, legs: null, ...over,
    });
    const { account } = valueBook(
      input({
        liveOrders: [order({}), order({ status: 'pending_submit' }), order({ role: 'take_profit', side: 'sell' }), order({ side: 'sell' })],
      }),
    );
    expect(account.buyingPower).toBe(200_000 - 60 * 10);
    expect(account.openOrders).toBe(4);
  });

  it('marks a position with no quote at its average cost', () => {
    const { positions, account } = valueBook(input({ positions: [pos('ZZZ', 10, 5_000)] }));
    expect(positions[0]).toMatchObject({ lastPrice: null, marketValue: 50, unrealizedPnl: 0, quoteAsOf: null });
    expect(account.asOf).toBe(9_000);
  });
});

describe('pipelineFunnel', () => {
  it('counts cards per stage with the median time from the previous recorded stage', () => {
    const card = (stages: Record<string, number | null>, status: string) =>
      ({ status, stages: { ingest: null, feature: null, signal: null, card: 0, guardrails: null, approval: null, execution: null, ...stages } }) as never;
    const f = pipelineFunnel(
      [
        card({ signal: 100, card: 110, guardrails: 111, approval: 200, execution: 210 }, 'filled'),
        card({ card: 300, guardrails: 303 }, 'pending'),
        card({ card: 400, guardrails: 405, approval: 500 }, 'rejected'),
      ],
      0,
      1_000,
    );
    const by = Object.fromEntries(f.stages.map((s) => [s.stage, s]));
    expect(by['signal']).toEqual({ stage: 'signal', cards: 1, medianMs: null });
    expect(by['card']).toEqual({ stage: 'card', cards: 3, medianMs: 10 });
    expect(by['guardrails']).toEqual({ stage: 'guardrails', cards: 3, medianMs: 3 });
    expect(by['approval']).toEqual({ stage: 'approval', cards: 2, medianMs: 92 });
    expect(by['execution']!.cards).toBe(1);
    expect(f.byStatus).toEqual({ filled: 1, pending: 1, rejected: 1 });
  });
});
