// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { item, quote } from '../../test/fixtures';
import { filterUniverse, isLiveSort, moveSelection, nextSort, sortUniverse } from './universe-model';

const universe = [
  item('ABC', { name: 'Alpha Beta Corp.', sector: 'technology', marketCap: 300e6 }),
  item('XYZ', { name: 'Xylo Energy', sector: 'energy', marketCap: 1.2e9 }),
  item('IWM', { name: 'iShares Russell 2000 ETF', sector: null, kind: 'etf', marketCap: 65e9 }),
  item('ABD', { name: 'Abode Health', sector: 'healthcare', marketCap: 300e6 }),
];

describe('filterUniverse', () => {
  it('matches symbol or name, case-insensitively', () => {
    expect(filterUniverse(universe, 'ab', 'all').map((i) => i.symbol)).toEqual(['ABC', 'ABD']);
    expect(filterUniverse(universe, 'ENERGY', 'all').map((i) => i.symbol)).toEqual(['XYZ']);
    expect(filterUniverse(universe, '  russell ', 'all').map((i) => i.symbol)).toEqual(['IWM']);
  });

  it('filters by sector, and "other" means outside the eight sectors', () => {
    expect(filterUniverse(universe, '', 'healthcare').map((i) => i.symbol)).toEqual(['ABD']);
    expect(filterUniverse(universe, '', 'other').map((i) => i.symbol)).toEqual(['IWM']);
    expect(filterUniverse(universe, 'a', 'technology').map((i) => i.symbol)).toEqual(['ABC']);
  });

  it('returns the same array when nothing filters (no re-sort churn)', () => {
    expect(filterUniverse(universe, ' ', 'all')).toBe(universe);
  });
});

describe('sortUniverse', () => {
  const quotes = {
    ABC: quote('ABC', { last: 5, volume: 10 }),
    XYZ: quote('XYZ', { last: 50, volume: 30 }),
    ABD: quote('ABD', { last: 0.5, volume: 20 }),
  };

  it('sorts text columns', () => {
    expect(sortUniverse(universe, {}, { key: 'symbol', dir: 'desc' }).map((i) => i.symbol)).toEqual(['XYZ', 'IWM', 'ABD', 'ABC']);
  });

  it('sorts by live quote values and keeps missing values last in both directions', () => {
    const desc = sortUniverse(universe, quotes, { key: 'volume', dir: 'desc' }).map((i) => i.symbol);
    const asc = sortUniverse(universe, quotes, { key: 'volume', dir: 'asc' }).map((i) => i.symbol);
    expect(desc).toEqual(['XYZ', 'ABD', 'ABC', 'IWM']);
    expect(asc).toEqual(['ABC', 'ABD', 'XYZ', 'IWM']);
  });

  it('falls back to the universe price for last, and breaks ties by symbol', () => {
    expect(sortUniverse(universe, quotes, { key: 'last', dir: 'asc' }).map((i) => i.symbol)).toEqual(['ABD', 'ABC', 'IWM', 'XYZ']);
    expect(sortUniverse(universe, {}, { key: 'marketCap', dir: 'asc' }).map((i) => i.symbol)).toEqual(['ABC', 'ABD', 'XYZ', 'IWM']);
  });

  it('does not mutate its input', () => {
    const copy = [...universe];
    sortUniverse(universe, quotes, { key: 'last', dir: 'desc' });
    expect(universe).toEqual(copy);
  });
});

describe('sort and selection helpers', () => {
  it('flips the current column, starts numbers descending and text ascending', () => {
    expect(nextSort({ key: 'volume', dir: 'desc' }, 'volume')).toEqual({ key: 'volume', dir: 'asc' });
    expect(nextSort({ key: 'symbol', dir: 'asc' }, 'changePct')).toEqual({ key: 'changePct', dir: 'desc' });
    expect(nextSort({ key: 'changePct', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' });
    expect(isLiveSort('last')).toBe(true);
    expect(isLiveSort('marketCap')).toBe(false);
  });

  it('moves the selection and clamps at the ends', () => {
    expect(moveSelection(universe, 'XYZ', 1)).toBe(2);
    expect(moveSelection(universe, 'ABC', -1)).toBe(0);
    expect(moveSelection(universe, 'ABD', 20)).toBe(3);
    expect(moveSelection(universe, null, 1)).toBe(0);
    expect(moveSelection(universe, 'GONE', -1)).toBe(3);
    expect(moveSelection([], 'ABC', 1)).toBe(-1);
  });
});
