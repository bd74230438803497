import { describe, expect, it } from 'vitest';
import {
  addLeg,
  cellText,
  COLUMNS_STORAGE_KEY,
  DEFAULT_COLUMNS,
  dteLabel,
  editLeg,
  expiryLabel,
  formatIv,
  legFromQuote,
  legLabel,
  loadColumns,
  MAX_LEGS,
  moveCursor,
  normaliseColumns,
  payoffWindow,
  removeLeg,
  sameCells,
  saveColumns,
  spotMarkerIndex,
  strikeRange,
  tidy,
  fixed,
  toggleColumn,
} from './options-model';
import { formatMoneySigned } from '../approvals/trade-format';
import { chainFixture, legFixture, quote, strategyFixture } from './options-fixtures.test-util';

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('columns', () => {
  it('normalises to known ids in display order and never to nothing', () => {
    expect(normaliseColumns(['volume', 'bogus', 'bid', 'iv'])).toEqual(['bid', 'iv', 'volume']);
    expect(normaliseColumns([])).toEqual(DEFAULT_COLUMNS);
  });

  it('round-trips through storage; unreadable or foreign values fall back to the defaults', () => {
    const s = memoryStorage();
    saveColumns(['ask', 'theta'], s);
    expect(s.getItem(COLUMNS_STORAGE_KEY)).toBe('["ask","theta"]');
    expect(loadColumns(s)).toEqual(['ask', 'theta']);
    expect(loadColumns(memoryStorage({ [COLUMNS_STORAGE_KEY]: '{not json' }))).toEqual(DEFAULT_COLUMNS);
    expect(loadColumns(memoryStorage({ [COLUMNS_STORAGE_KEY]: '{"a":1}' }))).toEqual(DEFAULT_COLUMNS);
    expect(loadColumns(memoryStorage())).toEqual(DEFAULT_COLUMNS);
  });

  it('toggles a column but keeps the last one', () => {
    expect(toggleColumn(['bid', 'ask'], 'ask')).toEqual(['bid']);
    expect(toggleColumn(['bid'], 'bid')).toEqual(['bid']);
    expect(toggleColumn(['iv'], 'bid')).toEqual(['bid', 'iv']);
  });
});

describe('cells', () => {
  it('formats IV as a percentage, Greeks to fixed decimals without -0, sizes with separators', () => {
    const q = quote(100, 'call', 101, { iv: 0.6523, delta: -0.00004, theta: -0.0512, bid: 0.4312, openInterest: 12_345, volume: 250_000 });
    expect(cellText(q, 'iv')).toBe('65.23%');
    expect(cellText(q, 'delta')).toBe('0.000');
    expect(cellText(q, 'theta')).toBe('-0.051');
    expect(cellText(q, 'bid')).toBe('0.4312');
    expect(cellText(quote(100, 'call', 101, { ask: 12.345 }), 'ask')).toBe('12.35');
    expect(cellText(q, 'oi')).toBe('12,345');
    expect(cellText(q, 'volume')).toBe('250K');
    expect(formatIv(null)).toBe('—');
  });

  it('compares only what the shown columns display', () => {
    const a = quote(100, 'call');
    expect(sameCells(a, { ...a, gamma: 0.9 }, ['bid', 'iv'])).toBe(true);
    expect(sameCells(a, { ...a, gamma: 0.9 }, ['gamma'])).toBe(false);
    expect(sameCells(a, { ...a, bid: a.bid + 0.01 }, ['bid'])).toBe(false);
    // A move too small to show is no change; a change of moneyness is.
    expect(sameCells(a, { ...a, iv: a.iv + 1e-7 }, ['iv'])).toBe(true);
    expect(sameCells(a, { ...a, inTheMoney: !a.inTheMoney }, ['bid'])).toBe(false);
  });
});

describe('layout and keys', () => {
  const rows = chainFixture().rows;

  it('puts the spot marker before the first strike above the spot', () => {
    expect(spotMarkerIndex(rows, 101)).toBe(3);
    expect(spotMarkerIndex(rows, 100)).toBe(3);
    expect(spotMarkerIndex(rows, 80)).toBe(0);
    expect(spotMarkerIndex(rows, 200)).toBe(5);
  });

  it('starts the cursor at the money and clamps its moves', () => {
    expect(moveCursor(rows, null, 1, 100)).toEqual({ strike: 100, side: 'call' });
    expect(moveCursor(rows, { strike: 100, side: 'put' }, 1, 100)).toEqual({ strike: 105, side: 'put' });
    expect(moveCursor(rows, { strike: 110, side: 'put' }, 1, 100)).toEqual({ strike: 110, side: 'put' });
    expect(moveCursor(rows, { strike: 90, side: 'call' }, -1, 100)).toEqual({ strike: 90, side: 'call' });
    expect(moveCursor([], null, 1, 100)).toBeNull();
  });

  it('labels expiries and days to expiry', () => {
    expect(expiryLabel('2026-12-18')).toBe('Dec 18');
    expect(dteLabel(27.6)).toBe('28d');
    expect(dteLabel(0.25)).toBe('0.3d');
  });
});

describe('legs', () => {
  it('buys at the ask and sells at the bid, the mark when that side is empty', () => {
    const q = quote(95, 'put', 101, { bid: 1.1, ask: 1.2, mark: 1.15 });
    expect(legFromQuote(q, 'buy')).toMatchObject({ side: 'buy', price: 1.2, strike: 95, type: 'put', expiry: '2026-12-18', symbol: q.symbol, kind: 'option', ratio: 1 });
    expect(legFromQuote(q, 'sell').price).toBe(1.1);
    expect(legFromQuote({ ...q, bid: 0 }, 'sell').price).toBe(1.15);
    expect(legLabel(legFromQuote(q, 'sell'))).toBe('−1 P 95 Dec 18');
  });

  it('adding or removing a leg makes the strategy custom; another underlying starts over; at most 8 legs', () => {
    const s = strategyFixture();
    const added = addLeg(s, 'ACME', legFixture({ strike: 105 }));
    expect(added.template).toBe('custom');
    expect(added.legs).toHaveLength(3);
    expect(addLeg(s, 'OTHR', legFixture()).legs).toHaveLength(1);
    expect(addLeg(null, 'ACME', legFixture())).toEqual({ template: 'custom', underlying: 'ACME', quantity: 1, legs: [legFixture()] });
    let full = addLeg(null, 'ACME', legFixture());
    for (let i = 0; i < 10; i++) full = addLeg(full, 'ACME', legFixture());
    expect(full.legs).toHaveLength(MAX_LEGS);
    expect(removeLeg(s, 0)).toMatchObject({ template: 'custom', legs: [s.legs[1]] });
    expect(removeLeg({ ...s, legs: [s.legs[0]!] }, 0)).toBeNull();
  });

  it('a new strike takes that contract from the chain and keeps the template; side and ratio make it custom', () => {
    const chain = chainFixture();
    const s = strategyFixture();
    const moved = editLeg(s, 0, { kind: 'strike', strike: 100 }, chain);
    expect(moved.template).toBe('bull_put_spread');
    expect(moved.legs[0]).toMatchObject({ strike: 100, symbol: chain.rows[2]!.put.symbol, price: chain.rows[2]!.put.bid, side: 'sell' });
    expect(editLeg(s, 0, { kind: 'strike', strike: 101 }, chain)).toBe(s);
    expect(editLeg(s, 0, { kind: 'strike', strike: 100 }, { ...chain, expiry: '2027-01-15' })).toBe(s);
    expect(editLeg(s, 1, { kind: 'side', side: 'sell' }, chain).template).toBe('custom');
    expect(editLeg(s, 1, { kind: 'ratio', ratio: 2 }, chain).legs[1]!.ratio).toBe(2);
    expect(editLeg(s, 1, { kind: 'ratio', ratio: 0 }, chain)).toBe(s);
    expect(editLeg(s, 1, { kind: 'price', price: -1 }, chain)).toBe(s);
    expect(editLeg(s, 1, { kind: 'price', price: 0.75 }, chain)).toMatchObject({ template: 'bull_put_spread' });
  });
});

describe('payoff window', () => {
  // A short 100 put bought back at 95 (bull put): expiry P&L −445 below 95, +55 above 100, linear between.
  const pnl = (x: number): number => (x <= 95 ? -445 : x >= 100 ? 55 : -445 + (x - 95) * 100);
  const grid = [50, 60, 70, 80, 90, 95, 99.45, 100, 110, 120, 130, 140, 150].map((p) => ({ price: p, expiry: pnl(p), today: pnl(p) / 2, atDate: null }));

  it('keeps the region around strikes, breakevens and spot, evenly spaced, exact on the piecewise-linear expiry curve', () => {
    const w = payoffWindow(grid, [95, 100, 99.45, 101], 101);
    expect(w).toHaveLength(101);
    expect(w[0]!.price).toBeCloseTo(95 - 5.05, 9);
    expect(w[100]!.price).toBeCloseTo(101 + 5.05, 9);
    const step = w[1]!.price - w[0]!.price;
    for (let i = 1; i < w.length; i++) expect(w[i]!.price - w[i - 1]!.price).toBeCloseTo(step, 9);
    for (const p of w) expect(p.expiry).toBeCloseTo(pnl(p.price), 6);
    expect(w.every((p) => p.atDate === null)).toBe(true);
  });

  it('never reaches beyond the engine grid and leaves degenerate input alone', () => {
    const w = payoffWindow(grid, [52, 148]);
    expect(w[0]!.price).toBe(50);
    expect(w.at(-1)!.price).toBe(150);
    expect(payoffWindow(grid.slice(0, 1), [95])).toHaveLength(1);
    expect(payoffWindow(grid, [])).toHaveLength(grid.length);
  });
});

describe('strike range of the charts', () => {
  it('is spot ± max(3 expected moves, 10 % of spot), widened to keep max pain', () => {
    expect(strikeRange(200, 9)).toEqual({ lo: 173, hi: 227 });
    expect(strikeRange(200, 2)).toEqual({ lo: 180, hi: 220 });
    expect(strikeRange(200, 2, [240])).toEqual({ lo: 180, hi: 240 });
  });
});

describe('tiny numbers', () => {
  it('show as zero, never as NaN or -0', () => {
    expect(formatMoneySigned(tidy(1.2e-17))).toBe('$0.00');
    expect(formatMoneySigned(tidy(-4e-7))).toBe('$0.00');
    expect(tidy(0.25)).toBe(0.25);
    expect(fixed(-0.00001, 3)).toBe('0.000');
    expect(fixed(-0.0123, 3)).toBe('-0.012');
  });
});
