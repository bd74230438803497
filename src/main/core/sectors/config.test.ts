import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SECTOR_IDS } from '../../../shared/sectors';
import { loadSectorConfig, mergeSectorConfig, watchSectorConfig, type SectorConfig } from './config';

const DEFAULTS = fileURLToPath(new URL('../../../../resources/sectors.yaml', import.meta.url));

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'kestrel-sectors-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('loadSectorConfig', () => {
  it('loads valid defaults with the seed weights', () => {
    const { config, overridden } = loadSectorConfig(DEFAULTS);
    expect(overridden).toBe(false);
    expect(config.sectors.map((s) => s.id).sort()).toEqual([...SECTOR_IDS].sort());
    const w = Object.fromEntries(config.sectors.map((s) => [s.id, s.volatilityWeight]));
    expect(w).toEqual({
      healthcare: 1.5,
      technology: 1.3,
      energy: 1.2,
      consumer_discretionary: 1.2,
      financials: 1.1,
      industrials: 1.0,
      materials: 0.9,
      utilities: 0.7,
    });
    const g = Object.fromEntries(config.sectors.map((s) => [s.id, s.gapFrequency]));
    expect(g).toMatchObject({ healthcare: 'extreme', technology: 'high', utilities: 'very_low', industrials: 'low' });
    expect(config.timeframeWeights).toEqual({ '30m': 0.25, '1D': 0.3, '3D': 0.25, '1W': 0.2 });
    expect(config.universe).toEqual({
      microCap: { min: 10e6, max: 300e6 },
      smallCap: { min: 300e6, max: 2e9 },
      minAvgVolume: 1e6,
      minPrice: 2,
      maxPrice: 100,
      exchanges: ['NASDAQ', 'NYSE', 'NYSE American'],
      minFloatMicro: 5e6,
      minFloatSmall: 10e6,
    });
    expect(config.ranking).toEqual({ gap: 0.4, volume: 0.3, alignment: 0.2, shortability: 0.1 });
    expect(config.alerts.significantMovePct).toBe(15);
  });

  it('a missing override file leaves the defaults', () => {
    expect(loadSectorConfig(DEFAULTS, join(tempDir(), 'nope.yaml')).overridden).toBe(false);
  });

  it('an override changes one weight and keeps the rest', () => {
    const f = join(tempDir(), 'sectors.yaml');
    writeFileSync(f, 'sectors:\n  - id: technology\n    volatilityWeight: 1.4\nalerts:\n  significantMovePct: 12\n');
    const { config, overridden } = loadSectorConfig(DEFAULTS, f);
    expect(overridden).toBe(true);
    const tech = config.sectors.find((s) => s.id === 'technology');
    expect(tech?.volatilityWeight).toBe(1.4);
    expect(tech?.etf).toBe('XLK');
    expect(tech?.industries).toContain('software');
    expect(config.sectors).toHaveLength(8);
    expect(config.alerts.significantMovePct).toBe(12);
    expect(config.ranking.gap).toBe(0.4);
  });

  it('accepts sectors as a map keyed by id and replaces arrays', () => {
    const f = join(tempDir(), 'sectors.yaml');
    writeFileSync(f, 'sectors:\n  energy:\n    industries: [oil]\nuniverse:\n  exchanges: [NASDAQ]\n');
    const { config } = loadSectorConfig(DEFAULTS, f);
    expect(config.sectors.find((s) => s.id === 'energy')?.industries).toEqual(['oil']);
    expect(config.universe.exchanges).toEqual(['NASDAQ']);
  });

  it('an invalid override names the file and the issue paths', () => {
    const f = join(tempDir(), 'sectors.yaml');
    writeFileSync(f, 'timeframeWeights:\n  30m: 0.5\nranking:\n  bogus: 1\n');
    expect(() => loadSectorConfig(DEFAULTS, f)).toThrow(new RegExp(`${f.replace(/[.\\]/g, '\\$&')}.*timeframeWeights.*ranking`));
    writeFileSync(f, 'sectors: [{ id: technology, volatilityWeight: -1 }]');
    expect(() => loadSectorConfig(DEFAULTS, f)).toThrow(/sectors\.\d\.volatilityWeight/);
    writeFileSync(f, 'a: [unclosed');
    expect(() => loadSectorConfig(DEFAULTS, f)).toThrow(/invalid YAML/);
  });

  it('merge: objects by key, arrays replaced', () => {
    expect(mergeSectorConfig({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });
});

describe('watchSectorConfig', () => {
  const until = async (cond: () => boolean, ms = 1300): Promise<void> => {
    const t0 = Date.now();
    while (!cond()) {
      if (Date.now() - t0 > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('reports a new override, then keeps it when the next one is invalid', async () => {
    const dir = tempDir();
    const override = join(dir, 'sectors.yaml'); // does not exist yet
    const changes: SectorConfig[] = [];
    const errors: Error[] = [];
    const stop = watchSectorConfig(DEFAULTS, override, (c) => changes.push(c), (e) => errors.push(e));
    try {
      expect(errors).toEqual([]);
      writeFileSync(override, 'sentiment:\n  baseScalePct: 4\n');
      await until(() => changes.length === 1);
      expect(changes[0]?.sentiment.baseScalePct).toBe(4);
      writeFileSync(override, 'sentiment:\n  baseScalePct: -4\n');
      await until(() => errors.length > 0);
      expect(errors[0]?.message).toContain(override);
      expect(errors[0]?.message).toContain('sentiment.baseScalePct');
      expect(changes).toHaveLength(1);
    } finally {
      stop();
    }
  }, 3000);
});
