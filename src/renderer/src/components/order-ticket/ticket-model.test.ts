import { describe, expect, it } from 'vitest';
import {
  TokenBucket,
  emptyTicket,
  estimate,
  formToIntent,
  intentKey,
  intentToCreate,
  nudgePrice,
  prefillPrices,
  previewDelay,
  retryAfterMs,
  type TicketForm,
} from './ticket-model';

function form(over: Partial<TicketForm>): TicketForm {
  return { ...emptyTicket('soun', 'buy'), ...over };
}

describe('formToIntent', () => {
  it('builds a limit intent with only the fields its order type uses', () => {
    const r = formToIntent(form({ quantity: '1,000', limitPrice: '4.12', stopPrice: '3.90', takeProfit: '5' }));
    expect(r.problems).toEqual([]);
    expect(r.intent).toEqual({ symbol: 'SOUN', side: 'buy', orderType: 'limit', timeInForce: 'day', origin: 'manual', quantity: 1000, limitPrice: 4.12 });
  });

  it('takes a notional instead of a quantity, and a playbook and evidence', () => {
    const r = formToIntent(
      form({ sizeMode: 'notional', notional: '$2500', quantity: '7', orderType: 'market', playbook: 'catalyst_swing', evidence: [{ text: 'FDA date', source: 'feed' }, { text: ' ', source: '' }] }),
    );
    expect(r.intent).toEqual({ symbol: 'SOUN', side: 'buy', orderType: 'market', timeInForce: 'day', origin: 'manual', notional: 2500, playbook: 'catalyst_swing', evidence: [{ text: 'FDA date', source: 'feed' }] });
  });

  it('reports field problems: quantity, symbol, prices, half-filled evidence', () => {
    const r = formToIntent(form({ symbol: '', quantity: '1.5', limitPrice: 'abc', evidence: [{ text: 'x', source: '' }] }));
    expect(r.intent).toBeNull();
    expect(r.problems).toEqual([
      { field: 'symbol', message: 'enter a symbol' },
      { field: 'quantity', message: 'whole shares above 0' },
      { field: 'limitPrice', message: 'a price above 0' },
      { field: 'evidence', message: 'evidence 1 needs both text and source' },
    ]);
  });

  it('uses the contract rules for the order shape (missing prices, bracket ordering)', () => {
    expect(formToIntent(form({ quantity: '100', orderType: 'stop_limit', limitPrice: '4.00' })).problems).toEqual([{ field: 'stopPrice', message: 'a stop-limit order needs stop price' }]);
    expect(formToIntent(form({ quantity: '100', orderType: 'stop_limit', limitPrice: '4.00', stopPrice: '4.10' })).problems).toEqual([
      { field: 'limitPrice', message: 'a buy stop-limit needs limit price at or above stop price' },
    ]);
    const bracket = formToIntent(form({ quantity: '100', orderType: 'bracket', takeProfit: '4.00', stopLoss: '4.50', limitPrice: '' }));
    expect(bracket.problems).toEqual([{ field: 'takeProfit', message: 'a long bracket needs take profit above stop loss' }]);
    const ok = formToIntent(form({ side: 'short', quantity: '100', orderType: 'bracket', takeProfit: '3.50', stopLoss: '4.50', limitPrice: '4.00' }));
    expect(ok.intent).toMatchObject({ orderType: 'bracket', takeProfitPrice: 3.5, stopLossPrice: 4.5, limitPrice: 4 });
    // A missing quantity still shows the bracket's missing legs.
    const both = formToIntent(form({ orderType: 'bracket' }));
    expect(both.problems.map((p) => p.field)).toEqual(['quantity', 'takeProfit']);
  });

  it('turns an intent into cards.create params with the thesis and evidence', () => {
    const { intent } = formToIntent(form({ quantity: '10', orderType: 'market', evidence: [{ text: 'Beat', source: 'PR' }] }));
    expect(intentToCreate(intent!, ' Breakout ')).toEqual({
      symbol: 'SOUN', side: 'buy', orderType: 'market', timeInForce: 'day', origin: 'manual', quantity: 10,
      thesis: { text: 'Breakout', evidence: [{ text: 'Beat', source: 'PR' }] },
    });
    const plain = formToIntent(form({ quantity: '10', orderType: 'market' })).intent!;
    expect(intentToCreate(plain, 'why')).toMatchObject({ thesis: 'why' });
    expect(intentToCreate(plain, '')).not.toHaveProperty('thesis');
  });

  it('keys intents independently of field order', () => {
    expect(intentKey({ symbol: 'A', side: 'buy', orderType: 'market', quantity: 1 })).toBe(intentKey({ quantity: 1, orderType: 'market', side: 'buy', symbol: 'A' }));
    expect(intentKey({ symbol: 'A', side: 'buy', orderType: 'market', quantity: 1, evidence: [{ text: 'a', source: 'b' }] })).toContain('"text":"a"');
  });
});

describe('prices', () => {
  it('nudges by one tick at the price, ten with steps, across $1.00, never to zero', () => {
    expect(nudgePrice('4.12', 1, null)).toBe('4.13');
    expect(nudgePrice('4.12', -1, null, 10)).toBe('4.02');
    expect(nudgePrice('1.00', -1, null)).toBe('0.9999');
    expect(nudgePrice('0.9999', 1, null)).toBe('1.00');
    expect(nudgePrice('0.4312', 1, null)).toBe('0.4313');
    expect(nudgePrice('0.0001', -1, null)).toBe('0.0001');
    expect(nudgePrice('', 1, 2.5)).toBe('2.51');
    expect(nudgePrice('', 1, null)).toBe('');
  });

  it('pre-fills at the touch for the side and the stop at last', () => {
    expect(prefillPrices({ last: 4.12, bid: 4.11, ask: 4.13 }, 'buy')).toEqual({ limitPrice: '4.13', stopPrice: '4.12' });
    expect(prefillPrices({ last: 0.52, bid: 0.5195, ask: 0.5205 }, 'short')).toEqual({ limitPrice: '0.5195', stopPrice: '0.5200' });
  });

  it('estimates notional, shares and share of equity', () => {
    expect(estimate({ orderType: 'limit', limitPrice: 4, quantity: 1000 }, 4.1, 100_000)).toEqual({ shares: 1000, notional: 4000, pctEquity: 4 });
    expect(estimate({ orderType: 'market', notional: 1000 }, 3, null)).toEqual({ shares: 333, notional: 1000, pctEquity: null });
    expect(estimate({ orderType: 'stop', stopPrice: 5, quantity: 10 }, null, 0)).toEqual({ shares: 10, notional: 50, pctEquity: null });
    expect(estimate({ orderType: 'market', quantity: 10 }, null, 1)).toEqual({ shares: 10, notional: null, pctEquity: null });
  });
});

describe('preview pacing', () => {
  it('token bucket: a burst of capacity, then the refill rate', () => {
    const b = new TokenBucket(4, 20, 0);
    expect([1, 2, 3, 4, 5].map(() => b.take(0))).toEqual([true, true, true, true, false]);
    expect(b.waitMs(0)).toBe(3_000);
    expect(b.take(2_999)).toBe(false);
    expect(b.take(3_000)).toBe(true);
    // Over a long minute at most capacity + rate calls get through.
    const c = new TokenBucket(4, 20, 0);
    let n = 0;
    for (let t = 0; t <= 60_000; t += 100) if (c.take(t)) n++;
    expect(n).toBeLessThanOrEqual(25);
    expect(n).toBeGreaterThanOrEqual(20);
  });

  it('delay: the latest of debounce, bucket wait and pause', () => {
    expect(previewDelay({ now: 1_000, lastEditAt: 900, debounceMs: 450, bucketWaitMs: 0, pausedUntil: 0 })).toBe(350);
    expect(previewDelay({ now: 1_000, lastEditAt: 0, debounceMs: 450, bucketWaitMs: 0, pausedUntil: 0 })).toBe(0);
    expect(previewDelay({ now: 1_000, lastEditAt: 900, debounceMs: 450, bucketWaitMs: 2_000, pausedUntil: 0 })).toBe(2_000);
    expect(previewDelay({ now: 1_000, lastEditAt: 900, debounceMs: 450, bucketWaitMs: 0, pausedUntil: 9_000 })).toBe(8_000);
  });

  it('reads the retry hint of a 4029', () => {
    expect(retryAfterMs({ retryAfterMs: 12_345 })).toBe(12_345);
    expect(retryAfterMs({ retryAfterSeconds: 7 })).toBe(7_000);
    expect(retryAfterMs(undefined)).toBe(10_000);
  });
});
