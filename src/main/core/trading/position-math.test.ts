import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyFill, averageCost, type PositionBook } from './position-math';

const flat: PositionBook = { quantity: 0, costCents: 0, realizedCents: 0 };

describe('applyFill', () => {
  it('opens, adds and averages a long', () => {
    const a = applyFill(flat, 'buy', 100, 10);
    expect(a.next).toEqual({ quantity: 100, costCents: 100_000, realizedCents: 0 });
    expect(a.cashCents).toBe(-100_000);
    const b = applyFill(a.next, 'buy', 100, 12);
    expect(b.next.quantity).toBe(200);
    expect(averageCost(b.next)).toBe(11);
  });

  it('realises P&L on a partial sell and keeps the average', () => {
    const long = applyFill(flat, 'buy', 200, 11).next;
    const s = applyFill(long, 'sell', 50, 13);
    expect(s.realizedCents).toBe(50 * 2 * 100);
    expect(s.next.quantity).toBe(150);
    expect(averageCost(s.next)).toBeCloseTo(11, 10);
    expect(s.cashCents).toBe(65_000);
  });

  it('shorts and covers at a loss', () => {
    const short = applyFill(flat, 'short', 100, 5).next;
    expect(short).toEqual({ quantity: -100, costCents: -50_000, realizedCents: 0 });
    expect(averageCost(short)).toBe(5);
    const c = applyFill(short, 'cover', 100, 6);
    expect(c.realizedCents).toBe(-10_000);
    expect(c.next).toEqual({ quantity: 0, costCents: 0, realizedCents: -10_000 });
  });

  it('flips through zero: closes the old side at its average, opens the rest at the fill price', () => {
    const long = applyFill(flat, 'buy', 100, 10).next;
    const f = applyFill(long, 'sell', 150, 12);
    expect(f.realizedCents).toBe(20_000);
    expect(f.next.quantity).toBe(-50);
    expect(averageCost(f.next)).toBe(12);
  });

  it('refuses nonsense', () => {
    expect(() => applyFill(flat, 'buy', 0, 10)).toThrow(RangeError);
    expect(() => applyFill(flat, 'buy', 1.5, 10)).toThrow(RangeError);
    expect(() => applyFill(flat, 'buy', 1, Number.NaN)).toThrow(RangeError);
  });

  it('conserves value: cash + realised + cost basis moves add up over any fill sequence ending flat', () => {
    const fillArb = fc.record({
      side: fc.constantFrom('buy' as const, 'sell' as const, 'short' as const, 'cover' as const),
      quantity: fc.integer({ min: 1, max: 1_000 }),
      cents: fc.integer({ min: 1, max: 100_000 }),
    });
    fc.assert(
      fc.property(fc.array(fillArb, { maxLength: 30 }), (fills) => {
        let book = flat;
        let cash = 0;
        for (const f of fills) {
          const e = applyFill(book, f.side, f.quantity, f.cents / 100);
          book = e.next;
          cash += e.cashCents;
        }
        // Close whatever is left at a fixed price; then all P&L is realised and equals the cash result.
        if (book.quantity !== 0) {
          const e = applyFill(book, book.quantity > 0 ? 'sell' : 'cover', Math.abs(book.quantity), 7.77);
          book = e.next;
          cash += e.cashCents;
        }
        expect(book.quantity).toBe(0);
        expect(book.costCents).toBe(0);
        // Rounding per closing slice is at most one cent per fill.
        expect(Math.abs(book.realizedCents - cash)).toBeLessThanOrEqual(fills.length + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('prices option contracts per share with a multiplier of 100', () => {
    const open = applyFill(flat, 'buy', 3, 1.2, 100);
    expect(open.cashCents).toBe(-36_000);
    expect(open.next).toEqual({ quantity: 3, costCents: 36_000, realizedCents: 0 });
    expect(averageCost(open.next, 100)).toBeCloseTo(1.2, 10);
    const close = applyFill(open.next, 'sell', 3, 1.5, 100);
    expect(close.realizedCents).toBe(9_000);
    expect(() => applyFill(flat, 'buy', 1, 1, 0)).toThrow(RangeError);
  });
});
