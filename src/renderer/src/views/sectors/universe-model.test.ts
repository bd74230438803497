import { describe, expect, it } from 'vitest';
import type { UniverseMember } from '../../../../shared/contract/sector-schemas';
import { EMPTY_FORM, filterMembers, memberToForm, parseShorthand, tierCounts, toShorthand, validateWhatIf } from './universe-model';

const value = (text: string, suffix = true): number | string => {
  const r = parseShorthand(text, { suffix });
  return r.ok ? r.value : `error: ${r.error}`;
};

function member(symbol: string, over: Partial<UniverseMember> = {}): UniverseMember {
  return {
    symbol,
    name: `${symbol} Corp.`,
    included: true,
    tier: 'small',
    reasons: [],
    sector: 'technology',
    sectorConfidence: 0.9,
    exchange: 'NASDAQ',
    marketCap: 812_345_678,
    avgVolume20: 1_234_567,
    price: 7.31,
    float: 45_600_000,
    gapPriority: 1,
    ...over,
  };
}

describe('parseShorthand', () => {
  it('reads K/M/B/T suffixes in either case, with decimals', () => {
    expect(value('180M')).toBe(180_000_000);
    expect(value('1.2B')).toBe(1_200_000_000);
    expect(value('950K')).toBe(950_000);
    expect(value('2.1M')).toBe(2_100_000);
    expect(value('2.1m')).toBe(2_100_000);
    expect(value('0.5t')).toBe(500_000_000_000);
    expect(value('.5M')).toBe(500_000);
  });

  it('reads plain numbers, thousands commas, a dollar sign and spaces', () => {
    expect(value('2500000')).toBe(2_500_000);
    expect(value('2,500,000')).toBe(2_500_000);
    expect(value('$180M')).toBe(180_000_000);
    expect(value(' 2.1 M ')).toBe(2_100_000);
    expect(value('4.25', false)).toBe(4.25);
    expect(value('$4.25', false)).toBe(4.25);
    expect(value('0')).toBe(0);
  });

  it('has no binary noise (1.2 × 1e9 is exactly 1.2 billion)', () => {
    expect(value('1.2B')).toBe(1_200_000_000);
    expect(value('0.3M')).toBe(300_000);
    expect(value('1.1K')).toBe(1_100);
  });

  it('rejects empty, negative, malformed and (when off) suffixed input with a message', () => {
    expect(value('')).toBe('error: Required');
    expect(value('   ')).toBe('error: Required');
    expect(value('-5M')).toBe('error: Must not be negative');
    expect(value('12X')).toMatch(/^error: Not a number/);
    expect(value('1.2.3M')).toMatch(/^error: Not a number/);
    expect(value('M')).toMatch(/^error: Not a number/);
    expect(value('1,23M')).toMatch(/^error: Not a number/);
    expect(value('abc')).toMatch(/^error: Not a number/);
    expect(value('5M', false)).toBe('error: Not a number');
  });
});

describe('toShorthand', () => {
  it('is the shortest exact shorthand and round-trips', () => {
    expect(toShorthand(180_000_000)).toBe('180M');
    expect(toShorthand(1_200_000_000)).toBe('1.2B');
    expect(toShorthand(950_000)).toBe('950K');
    expect(toShorthand(950)).toBe('950');
    expect(toShorthand(812_345_678)).toBe('812.345678M');
    expect(toShorthand(229_251_140.429999)).toBe('229.25114M');
    for (const n of [0, 7, 999, 1_000, 12_345, 812_345_678, 1_999_999_999, 3.5e12]) {
      const r = parseShorthand(toShorthand(n));
      expect(r.ok && r.value).toBe(n);
    }
  });
});

describe('validateWhatIf', () => {
  const good = { symbol: ' abcd ', marketCap: '180M', avgVolume20: '950K', price: '4.25', float: '42M', exchange: 'NYSE American' };

  it('turns a good form into an upper-cased candidate', () => {
    expect(validateWhatIf(good)).toEqual({
      ok: true,
      candidate: { symbol: 'ABCD', marketCap: 180e6, avgVolume20: 950e3, price: 4.25, float: 42e6, exchange: 'NYSE American' },
    });
  });

  it('marks every field that cannot be read', () => {
    const r = validateWhatIf({ ...EMPTY_FORM, symbol: '1AB', marketCap: '1.2Q', price: '0', float: '-3' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['avgVolume20', 'float', 'marketCap', 'price', 'symbol']);
    expect(r.errors.price).toBe('Must be above 0');
    expect(r.errors.avgVolume20).toBe('Required');
  });

  it('rejects an exchange outside the list and a price with a suffix', () => {
    const r = validateWhatIf({ ...good, exchange: 'LSE', price: '4K' });
    expect(r.ok ? [] : Object.keys(r.errors).sort()).toEqual(['exchange', 'price']);
  });

  it('a member filled into the form validates back to its exact values', () => {
    const m = member('ZETA', { exchange: 'NYSE Arca' });
    const r = validateWhatIf(memberToForm(m));
    expect(r).toEqual({ ok: true, candidate: { symbol: 'ZETA', marketCap: m.marketCap, avgVolume20: m.avgVolume20, price: m.price, float: m.float, exchange: 'NYSE Arca' } });
  });
});

describe('filterMembers / tierCounts', () => {
  const rows = [
    member('AAA'),
    member('BBB', { tier: 'micro' }),
    member('CCC', { included: false, tier: null, reasons: ['price below $1'], sector: 'energy' }),
    member('DDD', { included: false, tier: null, reasons: ['OTC'], sector: null, name: 'Delta Drilling' }),
  ];

  it('filters by status, sector (or unclassified) and symbol prefix or name', () => {
    expect(filterMembers(rows, { status: 'excluded', sector: 'all', text: '' }).map((r) => r.symbol)).toEqual(['CCC', 'DDD']);
    expect(filterMembers(rows, { status: 'included', sector: 'all', text: '' }).map((r) => r.symbol)).toEqual(['AAA', 'BBB']);
    expect(filterMembers(rows, { status: 'all', sector: 'energy', text: '' }).map((r) => r.symbol)).toEqual(['CCC']);
    expect(filterMembers(rows, { status: 'all', sector: 'none', text: '' }).map((r) => r.symbol)).toEqual(['DDD']);
    expect(filterMembers(rows, { status: 'all', sector: 'all', text: 'drill' }).map((r) => r.symbol)).toEqual(['DDD']);
    expect(filterMembers(rows, { status: 'all', sector: 'all', text: 'b' }).map((r) => r.symbol)).toEqual(['BBB']);
  });

  it('counts members by tier', () => {
    expect(tierCounts(rows)).toEqual({ members: 2, micro: 1, small: 1, excluded: 2 });
  });
});
