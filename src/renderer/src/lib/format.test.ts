// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import {
  changeClass,
  formatAge,
  formatChange,
  formatCompact,
  formatInt,
  formatNyDateTime,
  formatNyTime,
  formatPct,
  formatPrice,
  nyZoneAbbrev,
  priceDecimals,
  roundTo,
} from './format';

describe('prices to the tick', () => {
  it('uses 2 decimals at or above $1 and 4 below', () => {
    expect(priceDecimals(1)).toBe(2);
    expect(priceDecimals(0.9999)).toBe(4);
    expect(formatPrice(12.3)).toBe('12.30');
    expect(formatPrice(0.4312)).toBe('0.4312');
  });

  it('rounds half away from zero without binary artefacts', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(1.2e-17, 4)).toBe(0);
    expect(roundTo(-3.456e-7, 8)).toBe(-3.5e-7);
    expect(roundTo(123456789.125, 2)).toBe(123456789.13);
    expect(roundTo(Number.NaN, 2)).toBeNaN();
    expect(formatPrice(12.345)).toBe('12.35');
    expect(formatPrice(0.43125)).toBe('0.4313');
    expect(formatPrice(0.99996)).toBe('1.0000'); // the tick comes from the price as given
  });

  it('groups thousands and shows a dash for missing values', () => {
    expect(formatPrice(1234.5)).toBe('1,234.50');
    expect(formatPrice(null)).toBe('—');
    expect(formatPrice(Number.NaN)).toBe('—');
  });

  it('formats a change at the instrument tick, signed', () => {
    expect(formatChange(0.05, 3)).toBe('+0.05');
    expect(formatChange(-0.045, 0.5)).toBe('-0.0450');
    expect(formatChange(0, 5)).toBe('0.00');
    expect(formatChange(undefined, 5)).toBe('—');
  });

  it('formats percentages to 2 decimals, signed', () => {
    expect(formatPct(1.234)).toBe('+1.23%');
    expect(formatPct(-0.005)).toBe('-0.01%');
    expect(formatPct(0)).toBe('0.00%');
  });
});

describe('compact sizes', () => {
  it.each([
    [1_234_567_890, '1.2B'],
    [350_000_000, '350M'],
    [12_345, '12.3K'],
    [999, '999'],
    [999.6, '1.0K'],
    [999_950, '1.0M'],
    [0, '0'],
    [-2_500_000, '-2.5M'],
    [1.5e12, '1.5T'],
  ])('%d → %s', (n, text) => {
    expect(formatCompact(n)).toBe(text);
  });

  it('formats integers with separators', () => {
    expect(formatInt(1909)).toBe('1,909');
    expect(formatInt(null)).toBe('—');
  });
});

describe('New York time', () => {
  it('shows winter (EST) and summer (EDT) times in New York', () => {
    expect(formatNyTime(Date.parse('2026-11-20T15:30:05Z'))).toBe('10:30:05');
    expect(formatNyTime(Date.parse('2026-07-01T13:30:00Z'), false)).toBe('09:30');
    expect(nyZoneAbbrev(Date.parse('2026-11-20T15:30:05Z'))).toBe('EST');
    expect(nyZoneAbbrev(Date.parse('2026-07-01T13:30:00Z'))).toBe('EDT');
  });

  it('uses the New York date near UTC midnight', () => {
    expect(formatNyDateTime(Date.parse('2026-11-21T03:00:00Z'))).toBe('2026-11-20 22:00:00');
  });

  it('formats ages and change classes', () => {
    expect(formatAge(4_400)).toBe('4s');
    expect(formatAge(125_000)).toBe('2m');
    expect(formatAge(3 * 3_600_000)).toBe('3h');
    expect(changeClass(0.1)).toBe('up');
    expect(changeClass(-0.1)).toBe('down');
    expect(changeClass(0)).toBe('flat');
  });
});

describe('signs of tiny values', () => {
  it('never prints a signed zero', () => {
    expect(formatPct(-0.001)).toBe('0.00%');
    expect(formatChange(-0.001, 5)).toBe('0.00');
  });
});
