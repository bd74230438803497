/** OCC-style symbols: the contract's example, round trips, and refusals. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatOccSymbol, parseOccSymbol } from './symbols';

describe('OCC symbols', () => {
  it('formats and parses the contract example ACME261218C00012500', () => {
    expect(formatOccSymbol({ underlying: 'ACME', expiry: '2026-12-18', type: 'call', strike: 12.5 })).toBe('ACME261218C00012500');
    expect(parseOccSymbol('ACME261218C00012500')).toEqual({ underlying: 'ACME', expiry: '2026-12-18', type: 'call', strike: 12.5 });
    expect(parseOccSymbol('iwm270115p00210000')).toEqual({ underlying: 'IWM', expiry: '2027-01-15', type: 'put', strike: 210 });
  });
  it('round-trips any root, date and strike on a 0.001 grid', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{0,5}$/),
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.constantFrom<'call' | 'put'>('call', 'put'),
        fc.integer({ min: 1, max: 99_999_999 }),
        (underlying, d, type, k) => {
          const p = { underlying, expiry: d.toISOString().slice(0, 10), type, strike: k / 1000 };
          expect(parseOccSymbol(formatOccSymbol(p))).toEqual(p);
        },
      ),
    );
  });
  it('refuses malformed symbols, impossible dates, zero strikes and off-grid strikes', () => {
    for (const s of ['ACME', 'ACME261318C00012500', 'ACME260230C00012500', 'ACME261218X00012500', 'ACME261218C0012500', 'ACME261218C00000000', '1ACME261218C00012500']) {
      expect(parseOccSymbol(s), s).toBeNull();
    }
    expect(() => formatOccSymbol({ underlying: 'A', expiry: '2026-12-18', type: 'call', strike: 12.3456 })).toThrow(RangeError);
    expect(() => formatOccSymbol({ underlying: 'A', expiry: '2026-12-18', type: 'call', strike: 0 })).toThrow(RangeError);
    expect(() => formatOccSymbol({ underlying: 'A', expiry: '1999-12-17', type: 'call', strike: 1 })).toThrow(RangeError);
  });
});
