import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECTOR_COLOURS, SECTOR_TIMEFRAMES, type SectorTimeframe } from '../../../shared/contract/sector-schemas';
import { loadSectorConfig } from './config';
import { classifyScore, combineFactors, sectorPerformance, sentimentScore, type MemberInput } from './scoring';

const config = loadSectorConfig(fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url))).config;
const tech = config.sectors.find((s) => s.id === 'technology')!;

const member = (symbol: string, r1d: number | null, ratio = 1, patch: Partial<MemberInput> = {}): MemberInput => ({
  symbol,
  name: symbol,
  price: 10,
  prevClose: 10,
  open: 10,
  volume: ratio * 1e6,
  avgVolume20: 1e6,
  float: 50e6,
  returns: { '30m': r1d, '1D': r1d, '3D': r1d, '1W': r1d },
  rangePosition: 0.5,
  catalysts: { positive: 0, negative: 0 },
  ...patch,
});

const perfOf = (members: MemberInput[]) =>
  Object.fromEntries(SECTOR_TIMEFRAMES.map((tf) => [tf, sectorPerformance(members, tf, tech.volatilityWeight, 0)])) as Record<
    SectorTimeframe,
    ReturnType<typeof sectorPerformance>
  >;

describe('sectorPerformance', () => {
  it("seed's Technology example: +3.6 % raw, ×1.3 = +4.68 %, alpha vs IWM +1.2 % = +3.48 %", () => {
    const ms = [member('SOUN', 8.2), member('BBAI', -4.1), member('PATH', 12.5), member('SMCI', -2.3)];
    const p = sectorPerformance(ms, '1D', 1.3, 1.2);
    expect(p.rawPct).toBeCloseTo(3.575, 9);
    expect(p.performancePct).toBeCloseTo(4.6475, 9);
    expect(p.alphaPct).toBeCloseTo(3.4475, 9);
    expect(p.members).toBe(4);
  });

  it('volume weighting emphasises high-volume moves (clamped 0.25..5)', () => {
    const p = sectorPerformance([member('A', 10, 4), member('B', -10, 1)], '1D', 1, null);
    expect(p.rawPct).toBeCloseTo(6, 9); // (4·10 − 1·10) / 5
    expect(p.alphaPct).toBe(0);
    const q = sectorPerformance([member('A', 10, 100), member('B', -10, 0)], '1D', 1, null);
    expect(q.rawPct).toBeCloseTo((5 * 10 - 0.25 * 10) / 5.25, 9);
  });

  it('counts only members with data; empty → zeros', () => {
    expect(sectorPerformance([member('A', null), member('B', 2)], '1D', 1, 0).members).toBe(1);
    expect(sectorPerformance([], '1D', 1.3, 1)).toEqual({ performancePct: 0, alphaPct: 0, members: 0, rawPct: 0 });
  });
});

describe('combineFactors', () => {
  it("seed example 0.4 × 1.3 × 1.2 × 1.1 × 0.9 = +0.62 → dark green", () => {
    const s = combineFactors({ base: 0.4, volatility: 1.3, volume: 1.2, catalyst: 1.1, technical: 0.9 });
    expect(s).toBeCloseTo(0.61776, 9);
    expect(classifyScore(s)).toEqual({ colour: 'dark_green', signal: 'DO_NOT_SHORT' });
  });
  it('clamps to [−1, 1]', () => {
    expect(combineFactors({ base: 0.9, volatility: 1.5, volume: 1.3, catalyst: 1.25, technical: 1.1 })).toBe(1);
    expect(combineFactors({ base: -0.9, volatility: 1.5, volume: 1.3, catalyst: 1.25, technical: 1.1 })).toBe(-1);
  });
});

describe('sentimentScore', () => {
  it('applies every factor with its notes', () => {
    // 10 members, all +2 %, median volume 2×, 2 net positive catalysts, near resistance
    const ms = Array.from({ length: 10 }, (_, i) =>
      member(`S${i}`, 2, 2, { rangePosition: 0.9, catalysts: { positive: i < 3 ? 1 : 0, negative: i === 9 ? 1 : 0 } }),
    );
    const { score, confidence, factors } = sentimentScore(perfOf(ms), ms, tech, config);
    expect(factors.basePerformancePct).toBeCloseTo(2, 9);
    expect(factors.base).toBeCloseTo(Math.tanh(2 / 5), 9);
    expect(factors.volatility).toBe(1.3);
    expect(factors.medianVolumeRatio).toBe(2);
    expect(factors.volume).toBeCloseTo(1.2, 9);
    expect(factors.catalysts).toEqual({ positive: 3, negative: 1 });
    expect(factors.catalyst).toBeCloseTo(1.1, 9);
    expect(factors.technical).toBe(0.9);
    expect(factors.rangePosition).toBeCloseTo(0.9, 9);
    expect(score).toBeCloseTo(Math.tanh(0.4) * 1.3 * 1.2 * 1.1 * 0.9, 9);
    expect(factors.unclamped).toBeCloseTo(score, 9);
    expect(factors.notes).toHaveLength(5);
    expect(factors.notes[4]).toContain('approaching resistance');
    expect(confidence).toBeGreaterThan(0.5);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it('technical: breakdown with the move 1.1, approaching support 0.9; catalysts aligned with a bearish base', () => {
    const down = Array.from({ length: 4 }, (_, i) => member(`D${i}`, -3, 1, { rangePosition: 0.01, catalysts: { positive: 0, negative: 1 } }));
    const a = sentimentScore(perfOf(down), down, tech, config).factors;
    expect(a.technical).toBe(1.1);
    expect(a.catalyst).toBe(1.25);
    const near = down.map((m) => ({ ...m, rangePosition: 0.1 }));
    expect(sentimentScore(perfOf(near), near, tech, config).factors.technical).toBe(0.9);
  });

  it('no members → score 0, confidence 0, neutral factors', () => {
    const r = sentimentScore(perfOf([]), [], tech, config);
    expect(r.score).toBe(0);
    expect(r.confidence).toBe(0);
    expect(r.factors).toMatchObject({ base: 0, volume: 1, catalyst: 1, technical: 1, rangePosition: 0.5, medianVolumeRatio: 1 });
  });

  it('confidence grows with members and timeframe agreement', () => {
    const few = [member('A', 2), member('B', 2.2)];
    const many = Array.from({ length: 40 }, (_, i) => member(`M${i}`, 2 + (i % 3) * 0.1));
    const cFew = sentimentScore(perfOf(few), few, tech, config).confidence;
    const cMany = sentimentScore(perfOf(many), many, tech, config).confidence;
    expect(cMany).toBeGreaterThan(cFew);
    const mixed = many.map((m, i) => ({ ...m, returns: { '30m': -2, '1D': 2 + (i % 3) * 0.1, '3D': -1, '1W': 3 } }));
    expect(sentimentScore(perfOf(mixed), mixed, tech, config).confidence).toBeLessThan(cMany);
  });

  it('property: score in [−1, 1], confidence in [0, 1] for any finite inputs', () => {
    const ret = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    const arbMember = fc.record({
      r: fc.record({ '30m': ret, '1D': ret, '3D': ret, '1W': ret }),
      volume: fc.double({ min: 0, max: 1e10, noNaN: true }),
      avg: fc.double({ min: 0, max: 1e10, noNaN: true }),
      rp: fc.option(fc.double({ min: -1, max: 2, noNaN: true }), { nil: null }),
      pos: fc.nat(50),
      neg: fc.nat(50),
    });
    fc.assert(
      fc.property(fc.array(arbMember, { maxLength: 30 }), fc.constantFrom(...config.sectors), (arr, sec) => {
        const ms = arr.map((a, i) =>
          member(`X${i}`, 0, 1, { returns: a.r, volume: a.volume, avgVolume20: a.avg, rangePosition: a.rp, catalysts: { positive: a.pos, negative: a.neg } }),
        );
        const perf = Object.fromEntries(SECTOR_TIMEFRAMES.map((tf) => [tf, sectorPerformance(ms, tf, sec.volatilityWeight, 0)])) as Record<
          SectorTimeframe,
          ReturnType<typeof sectorPerformance>
        >;
        const r = sentimentScore(perf, ms, sec, config);
        return r.score >= -1 && r.score <= 1 && r.confidence >= 0 && r.confidence <= 1 && Number.isFinite(r.factors.unclamped);
      }),
    );
  });
});

describe('classifyScore', () => {
  const eps = 1e-9;
  const colour = (s: number) => classifyScore(s).colour;
  it('edges exactly as NUMBERS.md', () => {
    expect(colour(-1)).toBe('dark_red');
    expect(colour(-0.6)).toBe('dark_red');
    expect(colour(-0.6 + eps)).toBe('light_red');
    expect(colour(-0.6 - eps)).toBe('dark_red');
    expect(colour(-0.2)).toBe('light_red');
    expect(colour(-0.2 - eps)).toBe('light_red');
    expect(colour(-0.2 + eps)).toBe('blue_neutral');
    expect(colour(0)).toBe('blue_neutral');
    expect(colour(0.2 - eps)).toBe('blue_neutral');
    expect(colour(0.2)).toBe('light_green');
    expect(colour(0.2 + eps)).toBe('light_green');
    expect(colour(0.6 - eps)).toBe('light_green');
    expect(colour(0.6)).toBe('dark_green');
    expect(colour(0.6 + eps)).toBe('dark_green');
    expect(colour(1)).toBe('dark_green');
  });
  it('signals, clamping and NaN', () => {
    expect(classifyScore(-0.7).signal).toBe('PRIME_SHORTING_ENVIRONMENT');
    expect(classifyScore(-0.3).signal).toBe('GOOD_SHORTING_ENVIRONMENT');
    expect(classifyScore(0.1).signal).toBe('NEUTRAL_CAUTIOUS');
    expect(classifyScore(0.3).signal).toBe('AVOID_SHORTS');
    expect(classifyScore(0.9).signal).toBe('DO_NOT_SHORT');
    expect(colour(5)).toBe('dark_green');
    expect(colour(-Infinity)).toBe('dark_red');
    expect(() => classifyScore(Number.NaN)).toThrow(RangeError);
  });
  it('property: monotone in score', () => {
    const rank = (s: number) => SECTOR_COLOURS.indexOf(colour(s));
    fc.assert(
      fc.property(fc.double({ noNaN: true }), fc.double({ noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return rank(lo) <= rank(hi);
      }),
    );
  });
});
