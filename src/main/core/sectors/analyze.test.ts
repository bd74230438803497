import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SectorSummarySchema, type SectorSummary } from '../../../shared/contract/sector-schemas';
import { SECTOR_IDS, type SectorId } from '../../../shared/sectors';
import { analyzeAll, analyzeSector, groupBySector } from './analyze';
import { loadSectorConfig } from './config';
import { classifyScore, type MemberInput } from './scoring';

const config = loadSectorConfig(fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url))).config;
const benchmark = { '30m': 0.1, '1D': 0.4, '3D': -0.8, '1W': 1.5 };

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Tagged = MemberInput & { sector: SectorId };

function synthetic(n: number, seed: number): Tagged[] {
  const r = rng(seed);
  const drift = SECTOR_IDS.map(() => (r() - 0.5) * 8);
  return Array.from({ length: n }, (_, i) => {
    const s = i % SECTOR_IDS.length;
    const prevClose = 2 + r() * 98;
    const d = drift[s]! + (r() - 0.5) * 10;
    const adv = 1e6 + r() * 9e6;
    return {
      sector: SECTOR_IDS[s]!,
      symbol: `S${i.toString(36).toUpperCase()}`,
      name: `Stock ${i}`,
      price: prevClose * (1 + d / 100),
      prevClose,
      open: r() < 0.1 ? null : prevClose * (1 + (d * r()) / 100),
      volume: adv * (0.2 + r() * 4),
      avgVolume20: adv,
      float: 5e6 + r() * 200e6,
      returns: {
        '30m': r() < 0.05 ? null : d / 4,
        '1D': d,
        '3D': d * 1.5 + (r() - 0.5) * 6,
        '1W': r() < 0.02 ? null : d * 2 + (r() - 0.5) * 10,
      },
      rangePosition: r() < 0.05 ? null : r(),
      catalysts: { positive: r() < 0.1 ? 1 : 0, negative: r() < 0.1 ? 1 : 0 },
    };
  });
}

describe('analyzeAll', () => {
  const members = synthetic(1600, 42);
  const membersBySector = groupBySector(members, (m) => m.sector);

  it('1,600 members: shapes, bounds and determinism', () => {
    const a = analyzeAll({ membersBySector, benchmark, config });
    expect(a.map((s) => s.id)).toEqual([...SECTOR_IDS]);
    expect(a.reduce((n, s) => n + s.members, 0)).toBe(1600);
    for (const s of a) {
      SectorSummarySchema.parse(s);
      expect(s.score).toBeGreaterThanOrEqual(-1);
      expect(s.score).toBeLessThanOrEqual(1);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
      expect(s.topBullish.length).toBeLessThanOrEqual(3);
      expect(s.topBearish.length).toBeLessThanOrEqual(3);
      expect(s.colour).toBe(classifyScore(s.score).colour);
      expect(s.signal).toBe(classifyScore(s.score).signal);
      expect(s.previousColour).toBeNull();
      for (const r of [...s.topBullish, ...s.topBearish]) {
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(10);
      }
      if (s.score <= -0.6) expect(s.topBullish).toEqual([]);
      if (s.score >= 0.6) expect(s.topBearish).toEqual([]);
      expect(s.factors.notes).toHaveLength(5);
    }
    expect(analyzeAll({ membersBySector, benchmark, config })).toEqual(a);
  });

  it('is fast: all 8 sectors × 4 timeframes over 1,600 members in a few ms', () => {
    for (let i = 0; i < 5; i++) analyzeAll({ membersBySector, benchmark, config }); // warm up
    const times: number[] = [];
    for (let i = 0; i < 9; i++) {
      const t0 = performance.now();
      analyzeAll({ membersBySector, benchmark, config });
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    const median = times[4]!;
    console.log(`analyzeAll(1,600 members): median ${median.toFixed(2)} ms`);
    expect(median).toBeLessThan(25); // typically ~1 ms; generous for loaded CI machines
  });

  it('previousColour and isNew come from the previous run', () => {
    const first = analyzeAll({ membersBySector, benchmark, config });
    const shifted: SectorSummary[] = first.map((s) => ({
      ...s,
      colour: s.colour === 'dark_green' ? 'dark_red' : 'dark_green',
      topBearish: s.topBearish.slice(0, 1),
    }));
    const second = analyzeAll({ membersBySector, benchmark, config, previous: shifted });
    for (const [i, s] of second.entries()) {
      expect(s.previousColour).toBe(shifted[i]!.colour);
      expect(s.topBearish.map((r) => r.isNew)).toEqual(s.topBearish.map((_, j) => j !== 0));
      expect(s.topBullish.every((r) => !r.isNew)).toBe(true);
    }
    const same = analyzeAll({ membersBySector, benchmark, config, previous: first });
    expect(same.every((s) => s.previousColour === null)).toBe(true);
  });

  it('a sector without members is neutral with confidence 0', () => {
    const s = analyzeSector({ sector: 'utilities', members: [], benchmark, config });
    expect(s).toMatchObject({ id: 'utilities', name: 'Utilities', etf: 'XLU', score: 0, colour: 'blue_neutral', confidence: 0, members: 0 });
    expect(s.timeframes['1D']).toEqual({ performancePct: 0, alphaPct: 0, members: 0 });
    SectorSummarySchema.parse(s);
  });
});
