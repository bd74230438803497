import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PortfolioBySegmentSchema, type Quote } from '../../../shared/contract';
import type { SegmentFillRow } from '../db/repositories/segment-performance-repo';
import { applyFill } from '../trading/position-math';
import { computeSleeves, fillMultiplier } from './segment-books';

const OPTION = 'ACME261218C00012500';

const quote = (last: number): Quote => ({
  symbol: 'X',
  last,
  bid: last,
  ask: last,
  open: last,
  high: last,
  low: last,
  prevClose: last,
  change: 0,
  changePct: 0,
  volume: 0,
  t: 1,
}) as Quote;

let n = 0;
const fill = (segment: string | null, symbol: string, side: SegmentFillRow['side'], quantity: number, price: number, feeCents = 0, multiplier = 1): SegmentFillRow => ({
  id: `F${++n}`,
  cardId: `C${n}`,
  segment,
  symbol,
  side,
  quantity,
  price,
  grossCents: Math.round(quantity * price * multiplier * 100),
  feeCents,
  multiplier,
  t: n,
});

const SEGMENTS = [
  { id: 'biotech', name: 'Biotech', targetAllocation: 0.2 },
  { id: 'mining', name: 'Mining & Resources', targetAllocation: 0.25 },
];
const QUOTES: Record<string, number> = { AAA: 11, BBB: 4.5 };

describe('computeSleeves', () => {
  it('splits the deposit by target, books each segment’s fills, and adds up to the account', () => {
    const fills = [
      fill('biotech', 'AAA', 'buy', 100, 10, 100),
      fill('biotech', 'AAA', 'sell', 50, 12),
      fill('mining', 'BBB', 'short', 200, 5),
      fill('mining', 'BBB', 'cover', 100, 4),
      fill(null, OPTION, 'buy', 1, 1.2, 0, 100),
      fill('ghost', 'CCC', 'buy', 10, 20),
    ];
    const r = computeSleeves({
      depositCents: 10_000_000,
      withdrawalCents: -100_000,
      fills,
      segments: SEGMENTS,
      quote: (s) => (QUOTES[s] !== undefined ? quote(QUOTES[s]) : null),
      optionMark: (s) => (s === OPTION ? 1.5 : null),
      now: 42,
    });
    PortfolioBySegmentSchema.parse(r);
    const [bio, min, un] = r.segments;
    expect(bio).toMatchObject({ segmentId: 'biotech', capital: 20_000, cash: 19_599, marketValue: 550, equity: 20_149, realizedPnl: 100, unrealizedPnl: 50, trades: 2 });
    expect(bio!.positions).toEqual([{ symbol: 'AAA', quantity: 50, multiplier: 1, avgCost: 10, last: 11, marketValue: 550, unrealizedPnl: 50 }]);
    expect(min).toMatchObject({ capital: 25_000, cash: 25_600, marketValue: -450, equity: 25_150, realizedPnl: 100, unrealizedPnl: 50 });
    expect(min!.positions[0]).toMatchObject({ symbol: 'BBB', quantity: -100, avgCost: 5 });
    // Untagged and unknown-segment fills; the withdrawal comes out of the unassigned cash; CCC has no quote: at cost.
    expect(un).toMatchObject({ segmentId: 'unassigned', capital: 55_000, cash: 53_680, marketValue: 350, equity: 54_030, trades: 2 });
    expect(un!.positions).toEqual([
      { symbol: OPTION, quantity: 1, multiplier: 100, avgCost: 1.2, last: 1.5, marketValue: 150, unrealizedPnl: 30 },
      { symbol: 'CCC', quantity: 10, multiplier: 1, avgCost: 20, last: null, marketValue: 200, unrealizedPnl: 0 },
    ]);
    // The account: ledger cash 98,879 (100,000 − 1,000 − 1 + 600 + 1,000 − 400 − 120 − 200 − 1,000).
    expect(r.total.cash).toBe(98_879);
    expect(r.total.equity).toBe(99_329);
    expect(r.total.equity).toBeCloseTo(bio!.equity + min!.equity + un!.equity, 6);
  });

  it('scales targets that add up to more than 1 so the sleeves never exceed the deposit', () => {
    const r = computeSleeves({
      depositCents: 1_000_000,
      withdrawalCents: 0,
      fills: [],
      segments: [
        { id: 'a', name: 'A', targetAllocation: 0.8 },
        { id: 'b', name: 'B', targetAllocation: 0.8 },
      ],
      quote: () => null,
      now: 0,
    });
    expect(r.segments.map((s) => s.capital)).toEqual([5_000, 5_000, 0]);
    expect(r.total.equity).toBe(10_000);
  });

  it('treats OCC symbols as 100-share contracts even when recorded without a multiplier', () => {
    expect(fillMultiplier(OPTION, 1)).toBe(100);
    expect(fillMultiplier('AAPL', 1)).toBe(1);
    expect(fillMultiplier('AAPL', 10)).toBe(10);
  });

  it('a contract with no mark held +178 in one sleeve and −178 in another shows the flat account no market value', () => {
    // fast-check's counterexample: each sleeve carried at its own cost made the flat account worth $178 more
    const fills = [
      fill('biotech', OPTION, 'short', 135, 0.01, 0, 100),
      fill('biotech', OPTION, 'sell', 218, 0.01, 0, 100),
      fill('biotech', OPTION, 'buy', 175, 0.01, 0, 100),
      fill('ghost', OPTION, 'buy', 178, 0.02, 0, 100),
    ];
    const r = computeSleeves({ depositCents: 5_000_000, withdrawalCents: 0, fills, segments: SEGMENTS, quote: () => null, now: 0 });
    expect(r.total.marketValue).toBeCloseTo(0, 6);
    expect(r.total.equity).toBeCloseTo(49_822, 6);
    const bio = r.segments.find((s) => s.segmentId === 'biotech')!;
    const rest = r.segments.find((s) => s.segmentId === 'unassigned')!;
    // both carried at the last fill ($0.02): −178 × 0.02 × 100 and +178 × 0.02 × 100
    expect(bio.marketValue).toBeCloseTo(-356, 6);
    expect(rest.marketValue).toBeCloseTo(356, 6);
  });

  it('property: whatever the fills, the sleeves’ cash and market value add up to the account’s', () => {
    const symbols = ['AAA', 'BBB', OPTION];
    const fillArb = fc.record({
      segment: fc.constantFrom<string | null>('biotech', 'mining', null, 'ghost'),
      symbol: fc.constantFrom(...symbols),
      side: fc.constantFrom<SegmentFillRow['side']>('buy', 'sell', 'short', 'cover'),
      quantity: fc.integer({ min: 1, max: 500 }),
      price: fc.integer({ min: 1, max: 5_000 }).map((c) => c / 100),
      fee: fc.integer({ min: 0, max: 200 }),
    });
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 40 }), fc.boolean(), (spec, withMark) => {
        const fills = spec.map((f) => fill(f.segment, f.symbol, f.side, f.quantity, f.price, f.fee, f.symbol === OPTION ? 100 : 1));
        const marks: Record<string, number> = { AAA: 7.31, BBB: 12.07 };
        const r = computeSleeves({
          depositCents: 5_000_000,
          withdrawalCents: 0,
          fills,
          segments: SEGMENTS,
          quote: (s) => (marks[s] !== undefined ? quote(marks[s]) : null),
          optionMark: (s) => (withMark && s === OPTION ? 0.85 : null),
          now: 0,
        });
        // The account as the trading service books it: one position per symbol, cash from the ledger.
        let cashCents = 5_000_000;
        const book = new Map<string, { quantity: number; costCents: number; realizedCents: number }>();
        for (const f of fills) {
          const pos = book.get(f.symbol) ?? { quantity: 0, costCents: 0, realizedCents: 0 };
          const e = applyFill(pos, f.side, f.quantity, f.price, f.multiplier);
          cashCents += e.cashCents - f.feeCents;
          book.set(f.symbol, e.next);
        }
        let mv = 0;
        for (const [s, p] of book) {
          if (p.quantity === 0) continue;
          const m = s === OPTION ? 100 : 1;
          const mark = s === OPTION ? (withMark ? 0.85 : p.costCents / p.quantity / 100 / m) : marks[s]!;
          mv += p.quantity * mark * m;
        }
        if (Math.round(r.total.cash * 100) !== cashCents) return false;
        const sleeveCash = r.segments.reduce((s, b) => s + Math.round(b.cash * 100), 0);
        if (sleeveCash !== cashCents) return false;
        // Without a mark every sleeve carries the contract at the account's average cost (or its last fill when the
        // account is flat), so the sleeves add up to the account either way.
        return Math.abs(r.total.marketValue - mv) < 0.02 && Math.abs(r.total.equity - (cashCents / 100 + mv)) < 0.02;
      }),
      { numRuns: 200 },
    );
  });
});
