import { describe, expect, it } from 'vitest';
import {
  colourChangedFrom,
  colourClass,
  colourDirection,
  colourOfScore,
  emptyListText,
  enteredSymbols,
  formatAnalysisAge,
  formatScore,
  formatVolumeRatio,
  freshnessTier,
  freshnessView,
  nextMemberSort,
  showsNewBadge,
  signalLabel,
  sortMembers,
  type MemberRow,
} from './sector-model';

const H = 3_600_000;

describe('colours and labels', () => {
  it('maps each colour to its CSS class', () => {
    expect(colourClass('dark_red')).toBe('sc-dark-red');
    expect(colourClass('light_red')).toBe('sc-light-red');
    expect(colourClass('blue_neutral')).toBe('sc-blue-neutral');
    expect(colourClass('light_green')).toBe('sc-light-green');
    expect(colourClass('dark_green')).toBe('sc-dark-green');
  });

  it('mirrors the NUMBERS.md bands at their edges', () => {
    expect(colourOfScore(-1)).toBe('dark_red');
    expect(colourOfScore(-0.6)).toBe('dark_red');
    expect(colourOfScore(-0.59)).toBe('light_red');
    expect(colourOfScore(-0.2)).toBe('light_red');
    expect(colourOfScore(-0.19)).toBe('blue_neutral');
    expect(colourOfScore(0.19)).toBe('blue_neutral');
    expect(colourOfScore(0.2)).toBe('light_green');
    expect(colourOfScore(0.6)).toBe('dark_green');
  });

  it('labels signals and signs scores to two decimals', () => {
    expect(signalLabel('DO_NOT_SHORT')).toBe('DO NOT SHORT');
    expect(signalLabel('PRIME_SHORTING_ENVIRONMENT')).toBe('PRIME SHORTING');
    expect(formatScore(0.615)).toBe('+0.62');
    expect(formatScore(-0.73)).toBe('−0.73');
    expect(formatScore(0.001)).toBe('0.00');
  });

  it('formats volume ratios, a trickle included', () => {
    expect(formatVolumeRatio(2.14)).toBe('2.1×');
    expect(formatVolumeRatio(0.00001)).toBe('<0.1×');
    expect(formatVolumeRatio(0)).toBe('0.0×');
  });
});

describe('freshness', () => {
  it('tiers ages: under 2 h fresh, 2–4 h aging, over 4 h stale', () => {
    expect(freshnessTier(2 * H - 1)).toBe('fresh');
    expect(freshnessTier(2 * H)).toBe('aging');
    expect(freshnessTier(4 * H)).toBe('aging');
    expect(freshnessTier(4 * H + 1)).toBe('stale');
  });

  it('ages the engine answer locally and keeps its advice while its tier holds', () => {
    const f = { ageMs: 42 * 60_000, tier: 'fresh' as const, advice: 'Current.' };
    expect(freshnessView(f, true, 0)).toMatchObject({ tier: 'fresh', label: 'Fresh · 42m old', advice: 'Current.', suggestRun: 'none' });
    const aging = freshnessView(f, true, 2 * H);
    expect(aging).toMatchObject({ tier: 'aging', label: 'Aging · 2h 42m old', suggestRun: 'offer' });
    expect(aging.advice).toMatch(/fresh run is available/);
    expect(freshnessView(f, true, 5 * H)).toMatchObject({ tier: 'stale', suggestRun: 'recommend' });
  });

  it('says so when there has been no run', () => {
    expect(freshnessView(null, false, 0)).toMatchObject({ tier: 'stale', label: 'No analysis yet', suggestRun: 'recommend' });
  });

  it('formats ages', () => {
    expect(formatAnalysisAge(59_999)).toBe('0m');
    expect(formatAnalysisAge(125 * 60_000)).toBe('2h 05m');
    expect(formatAnalysisAge(75 * H)).toBe('3d 3h');
  });
});

describe('previous colour', () => {
  it('uses the engine previousColour on first sight, only when it differs', () => {
    expect(colourChangedFrom(undefined, { colour: 'dark_red', previousColour: 'light_red' })).toBe('light_red');
    expect(colourChangedFrom(undefined, { colour: 'dark_red', previousColour: null })).toBeNull();
    expect(colourChangedFrom(undefined, { colour: 'dark_red', previousColour: 'dark_red' })).toBeNull();
  });

  it('then follows what the card last showed', () => {
    expect(colourChangedFrom('blue_neutral', { colour: 'light_green', previousColour: 'dark_red' })).toBe('blue_neutral');
    expect(colourChangedFrom('light_green', { colour: 'light_green', previousColour: 'blue_neutral' })).toBeNull();
  });

  it('knows which way a change went', () => {
    expect(colourDirection('light_red', 'dark_red')).toBe('down');
    expect(colourDirection('blue_neutral', 'light_green')).toBe('up');
  });
});

describe('top-3 lists', () => {
  it('badges names the engine flags or that entered the list this card showed', () => {
    expect(showsNewBadge({ symbol: 'BBAI', isNew: true })).toBe(true);
    expect(showsNewBadge({ symbol: 'BBAI', isNew: false })).toBe(false);
    expect(showsNewBadge({ symbol: 'BBAI', isNew: false }, [{ symbol: 'SOUN' }])).toBe(true);
    expect(showsNewBadge({ symbol: 'SOUN', isNew: false }, [{ symbol: 'SOUN' }])).toBe(false);
  });

  it('lists entered symbols', () => {
    expect([...enteredSymbols([{ symbol: 'A' }, { symbol: 'B' }], [{ symbol: 'B' }, { symbol: 'C' }])]).toEqual(['C']);
    expect(enteredSymbols(undefined, [{ symbol: 'A' }]).size).toBe(0);
  });

  it('explains an empty list', () => {
    expect(emptyListText('None in a bearish sector', 'bullish')).toBe('None in a bearish sector');
    expect(emptyListText(null, 'bearish')).toMatch(/No bearish/);
  });
});

describe('member table sort', () => {
  const row = (symbol: string, changePct: number, gapPct: number, volumeRatio: number): MemberRow => ({
    symbol,
    name: symbol,
    tier: 'micro',
    price: 5,
    changePct,
    gapPct,
    volumeRatio,
    marketCap: 1e8,
    float: 1e7,
    performance: { '30m': null, '1D': null, '3D': null, '1W': null },
  });
  const rows = [row('B', 2, -1, 3), row('A', 5, 4, 1), row('C', 2, 0, 2)];

  it('sorts by change, gap and volume, ties by symbol', () => {
    expect(sortMembers(rows, { key: 'changePct', dir: 'desc' }).map((r) => r.symbol)).toEqual(['A', 'B', 'C']);
    expect(sortMembers(rows, { key: 'gapPct', dir: 'asc' }).map((r) => r.symbol)).toEqual(['B', 'C', 'A']);
    expect(sortMembers(rows, { key: 'volumeRatio', dir: 'desc' }).map((r) => r.symbol)).toEqual(['B', 'C', 'A']);
  });

  it('flips the same column, starts a new one descending', () => {
    expect(nextMemberSort({ key: 'changePct', dir: 'desc' }, 'changePct')).toEqual({ key: 'changePct', dir: 'asc' });
    expect(nextMemberSort({ key: 'changePct', dir: 'desc' }, 'gapPct')).toEqual({ key: 'gapPct', dir: 'desc' });
    expect(nextMemberSort({ key: 'changePct', dir: 'desc' }, 'symbol')).toEqual({ key: 'symbol', dir: 'asc' });
  });
});
