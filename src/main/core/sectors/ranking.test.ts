import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadSectorConfig } from './config';
import { rankTopStocks, shortabilityScore } from './ranking';
import type { MemberInput } from './scoring';

const config = loadSectorConfig(fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url))).config;

/** A member that moved `changePct` from a 100 previous close (opened there too), at `ratio`× volume. */
const mover = (symbol: string, changePct: number, ratio: number, float: number, adv: number, open: number | null = null): MemberInput => {
  const price = 100 * (1 + changePct / 100);
  return {
    symbol,
    name: `${symbol} Inc.`,
    price,
    prevClose: 100,
    open: open ?? price,
    volume: ratio * adv,
    avgVolume20: adv,
    float,
    returns: { '30m': changePct / 4, '1D': changePct, '3D': changePct, '1W': changePct },
    rangePosition: 0.5,
    catalysts: { positive: 0, negative: 0 },
  };
};

// Seed 004 Technology bearish scenario: SMCI excellent float, SOUN / PATH good, BBAI poor.
const tech = [
  mover('SOUN', -8.2, 2.1, 45e6, 5e6),
  mover('BBAI', -6.1, 3.2, 8e6, 2e6),
  mover('PATH', -4.5, 1.8, 40e6, 3e6),
  mover('SMCI', -12.1, 1.2, 150e6, 10e6),
  mover('UPUP', 3, 1.5, 30e6, 2e6),
  mover('FLAT', 0, 2, 30e6, 2e6),
];

describe('rankTopStocks', () => {
  it("seed's Technology bearish ranking: SMCI > SOUN > BBAI, PATH 4th", () => {
    const r = rankTopStocks(tech, -0.45, config);
    expect(r.topBearish.map((s) => s.symbol)).toEqual(['SMCI', 'SOUN', 'BBAI']);
    const [smci, soun, bbai] = r.topBearish;
    expect(smci!.score).toBeGreaterThan(soun!.score);
    expect(soun!.score).toBeGreaterThan(bbai!.score);
    // PATH would be fourth
    const path = rankTopStocks(tech.filter((m) => m.symbol !== 'SMCI'), -0.45, config).topBearish.map((s) => s.symbol);
    expect(path).toEqual(['SOUN', 'BBAI', 'PATH']);
    expect(smci).toMatchObject({ alignment: 1, isNew: false, shortability: 1 });
    expect(smci!.gapPct).toBeCloseTo(-12.1, 9);
    expect(smci!.volumeRatio).toBeCloseTo(1.2, 9);
    expect(smci!.reasons).toEqual(['gap −12.1 %', 'volume 1.2× avg', 'aligned with bearish sector', 'float 150M: easy to borrow']);
    expect(bbai!.reasons).toContain('float 8M: hard to borrow');
    for (const s of r.topBearish) {
      expect(s.score).toBeGreaterThanOrEqual(0);
      expect(s.score).toBeLessThanOrEqual(10);
    }
    // bullish list in a light-red sector: the one name up, against the sector
    expect(r.topBullish.map((s) => s.symbol)).toEqual(['UPUP']);
    expect(r.topBullish[0]!.alignment).toBe(-1);
    expect(r.topBullish[0]!.reasons).toContain('against the bearish sector');
    expect(r.bullishNote).toBeNull();
    expect(r.bearishNote).toBeNull();
  });

  it('mixed-signal rule: no bullish names in a strongly bearish sector, and vice versa', () => {
    const bearish = rankTopStocks(tech, -0.73, config);
    expect(bearish.topBullish).toEqual([]);
    expect(bearish.bullishNote).toMatch(/strongly bearish.*reversal/);
    expect(bearish.topBearish).toHaveLength(3);
    expect(rankTopStocks(tech, -0.6, config).topBullish).toEqual([]);
    expect(rankTopStocks(tech, -0.6 + 1e-9, config).topBullish).toHaveLength(1);

    const bullish = rankTopStocks(tech, 0.6, config);
    expect(bullish.topBearish).toEqual([]);
    expect(bullish.bearishNote).toMatch(/avoid shorts/);
    expect(bullish.topBullish.map((s) => s.symbol)).toEqual(['UPUP']);
    expect(bullish.topBullish[0]!.alignment).toBe(1);
  });

  it('neutral sector: alignment 0; empty lists say why', () => {
    const r = rankTopStocks(tech, 0, config);
    expect(r.topBearish.every((s) => s.alignment === 0)).toBe(true);
    const none = rankTopStocks([mover('FLAT', 0, 1, 1e6, 1e6)], 0, config);
    expect(none).toMatchObject({ topBullish: [], topBearish: [], bullishNote: 'No member is up today.', bearishNote: 'No member is down today.' });
  });

  it('isNew against the previous lists', () => {
    const r = rankTopStocks(tech, -0.45, config, { bullish: ['UPUP'], bearish: ['SMCI', 'PATH'] });
    expect(r.topBearish.map((s) => [s.symbol, s.isNew])).toEqual([
      ['SMCI', false],
      ['SOUN', true],
      ['BBAI', true],
    ]);
    expect(r.topBullish[0]!.isNew).toBe(false);
  });

  it('ties break by symbol; gap uses the open when given', () => {
    const r = rankTopStocks([mover('BBB', -5, 2, 20e6, 2e6), mover('AAA', -5, 2, 20e6, 2e6)], -0.3, config);
    expect(r.topBearish.map((s) => s.symbol)).toEqual(['AAA', 'BBB']);
    const g = rankTopStocks([mover('GAP', -5, 2, 20e6, 2e6, 90)], -0.3, config).topBearish[0]!;
    expect(g.gapPct).toBeCloseTo(-10, 9);
    expect(g.changePct).toBeCloseTo(-5, 9);
    expect(g.reasons.slice(0, 2)).toEqual(['gap −10.0 %', 'now −5.0 %']);
  });

  it('shortability saturates at 50M float and 5M ADV', () => {
    expect(shortabilityScore(150e6, 10e6)).toBe(1);
    expect(shortabilityScore(25e6, 2.5e6)).toBeCloseTo(0.5, 9);
    expect(shortabilityScore(Number.NaN, 0)).toBe(0);
  });
});
