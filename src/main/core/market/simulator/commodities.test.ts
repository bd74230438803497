import { describe, expect, it } from 'vitest';
import { createCommoditySimulator, COMMODITY_IDS, COMMODITY_SPECS } from './commodities';
import { createMarketSimulator } from './index';
import { sessionFor } from '../calendar';

const sim = createMarketSimulator({ seed: 7 });
const commodities = createCommoditySimulator({ seed: 7, simulator: sim });
const FROM = '2025-11-01';
const TO = '2026-11-20';

function logReturns(xs: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < xs.length; i++) out.push(Math.log(xs[i]! / xs[i - 1]!));
  return out;
}

function pearson(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

function std(xs: readonly number[]): number {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

describe('commodity simulator', () => {
  it('prices every commodity at a plausible level in its unit on every trading day', () => {
    const ranges: Record<string, [number, number]> = {
      gold: [1200, 4500],
      silver: [12, 60],
      copper: [2, 8],
      lithium: [5_000, 40_000],
      uranium: [30, 180],
      oil: [35, 150],
    };
    for (const id of COMMODITY_IDS) {
      const rows = commodities.closes(id, FROM, TO);
      expect(rows.length).toBeGreaterThan(245);
      for (const r of rows) {
        expect(r.close).toBeGreaterThan(ranges[id]![0]);
        expect(r.close).toBeLessThan(ranges[id]![1]);
      }
      const daily = std(logReturns(rows.map((r) => r.close)));
      const spec = COMMODITY_SPECS.find((s) => s.id === id)!;
      // Realised daily volatility near the spec (jumps and the regime add a little).
      expect(daily).toBeGreaterThan(spec.vol * 0.6);
      expect(daily).toBeLessThan(spec.vol * 2);
    }
  });

  it('co-moves with the miners: gold vs the Gold Mining members’ index ρ > 0.4 over 250 sessions, and the others too', () => {
    for (const s of COMMODITY_SPECS) {
      const rows = commodities.closes(s.id, FROM, TO).slice(-251);
      const rets = logReturns(rows.map((r) => r.close));
      const index = commodities.industryReturns(s.industry, rows[1]!.date, rows[rows.length - 1]!.date).map((x) => x.ret);
      expect(index).toHaveLength(rets.length);
      expect(pearson(rets, index), s.id).toBeGreaterThan(0.4);
    }
  });

  it('keeps gold and silver highly correlated (ρ > 0.5)', () => {
    const g = logReturns(commodities.closes('gold', FROM, TO).map((r) => r.close));
    const s = logReturns(commodities.closes('silver', FROM, TO).map((r) => r.close));
    expect(pearson(g, s)).toBeGreaterThan(0.5);
  });

  it('is deterministic per seed, independent of the query window, and differs between seeds', () => {
    const again = createCommoditySimulator({ seed: 7, simulator: createMarketSimulator({ seed: 7 }) });
    expect(again.closes('copper', FROM, TO)).toEqual(commodities.closes('copper', FROM, TO));
    const wide = commodities.closes('oil', '2024-01-01', TO);
    const narrow = commodities.closes('oil', '2026-03-01', '2026-03-31');
    expect(wide.filter((r) => r.date >= '2026-03-01' && r.date <= '2026-03-31')).toEqual(narrow);
    const other = createCommoditySimulator({ seed: 8, simulator: createMarketSimulator({ seed: 8 }) });
    expect(other.closes('gold', '2026-03-01', '2026-03-31')).not.toEqual(narrow.length ? commodities.closes('gold', '2026-03-01', '2026-03-31') : []);
  });

  it('joins calendar years without a gap: the first session of a year moves like any other', () => {
    const rows = commodities.closes('gold', '2025-12-20', '2026-01-10');
    const rets = logReturns(rows.map((r) => r.close));
    for (const r of rets) expect(Math.abs(r)).toBeLessThan(0.08);
  });

  it('walks an intraday path from the previous close to the day’s close with the clock', () => {
    const s = sessionFor('2026-11-20')!;
    const hist = commodities.closes('silver', '2026-11-19', '2026-11-20');
    const [prev, close] = [hist[0]!.close, hist[1]!.close];
    expect(commodities.quote('silver', s.preOpen - 60_000).price).toBe(prev);
    const mid = commodities.quote('silver', s.open + 2 * 3_600_000);
    expect(mid.t).toBe(s.open + 2 * 3_600_000);
    expect(mid.change).toBeCloseTo(mid.price / prev - 1, 6);
    const atClose = commodities.quote('silver', s.close);
    expect(atClose.price).toBe(close);
    expect(atClose.t).toBe(s.close);
    // Over the weekend the quote is Friday's close with Friday's change.
    const sunday = commodities.quote('silver', Date.parse('2026-11-22T15:00:00Z'));
    expect(sunday.price).toBe(close);
    expect(sunday.change).toBeCloseTo(close / prev - 1, 9);
    // The path moves during the session.
    const seen = new Set<number>();
    for (let t = s.open; t < s.close; t += 1_800_000) seen.add(commodities.quote('silver', t).price);
    expect(seen.size).toBeGreaterThan(5);
  });

  it('gives the last n closes of completed sessions', () => {
    const s = sessionFor('2026-11-20')!;
    const during = commodities.history('gold', s.open + 3_600_000, 20);
    expect(during).toHaveLength(20);
    expect(during[19]!.date).toBe('2026-11-19');
    const after = commodities.history('gold', s.close + 1, 500);
    expect(after).toHaveLength(500);
    expect(after[499]!.date).toBe('2026-11-20');
    expect(commodities.quotes(s.close).map((q) => q.id)).toEqual([...COMMODITY_IDS]);
  });
});
