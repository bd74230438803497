import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../shared/contract/schemas';
import { sessionFor } from '../market/calendar';
import { createCommoditySimulator } from '../market/simulator/commodities';
import { createMarketSimulator } from '../market/simulator';
import { createSegmentMarketView, eventDetailOf, lastClosedSession, memberSnapshot, wilderAtr } from './market-view';

const SEED = 11;
const sim = createMarketSimulator({ seed: SEED });
const stocks = sim.instruments().filter((i) => i.kind === 'stock');
const drug = stocks.find((i) => i.sector === 'healthcare' && i.industry === 'Biotechnology')!;

function setup(start: number) {
  let now = start;
  const reads: string[] = [];
  const view = createSegmentMarketView({
    market: {
      instruments: () => sim.instruments(),
      quote: (symbol) => {
        if (!stocks.some((s) => s.symbol === symbol)) throw new Error(`unknown symbol ${symbol}`);
        return sim.quote(symbol, now);
      },
      avgVolume: () => 1_000_000,
    },
    bars: {
      lastDaily(symbol, before, n) {
        reads.push(symbol);
        return sim.dailyBars(symbol, '2025-01-01', '2026-12-31').filter((b) => b.t < before).slice(-n);
      },
    },
    seed: SEED,
    clock: { now: () => now },
    news: (symbol, since, limit) => [{ symbol, t: since + 1, kind: 'news', title: 'x', body: 'y', source: 'test', url: null }].slice(0, limit),
    simulator: sim,
  });
  return { view, reads, setNow: (t: number) => (now = t) };
}

describe('segment market view', () => {
  const friday = sessionFor('2026-11-20')!;

  it('serves daily bars up to the latest closed session, one read per symbol per session', () => {
    const { view, reads, setNow } = setup(friday.open + 3_600_000);
    const a = view.dailyBars(drug.symbol, 20);
    expect(a).toHaveLength(20);
    expect(new Date(a[19]!.t).toISOString().slice(0, 10)).toBe('2026-11-19');
    expect(view.dailyBars(drug.symbol, 14)).toEqual(a.slice(-14));
    expect(view.dailyBars(drug.symbol, 60)).toHaveLength(60);
    expect(reads).toEqual([drug.symbol]);
    // After the close, the day's bar counts and the cache is refreshed.
    setNow(friday.close + 60_000);
    const b = view.dailyBars(drug.symbol, 20);
    expect(new Date(b[19]!.t).toISOString().slice(0, 10)).toBe('2026-11-20');
    expect(reads).toHaveLength(2);
    expect(view.dailyBars(drug.symbol, 0)).toEqual([]);
  });

  it('reads again a symbol whose closed-session bar was not ingested yet', () => {
    let ingested = false;
    const reads: number[] = [];
    const view = createSegmentMarketView({
      market: { instruments: () => sim.instruments(), quote: () => null as never, avgVolume: () => null },
      bars: {
        lastDaily(symbol, before, n) {
          reads.push(n);
          const all = sim.dailyBars(symbol, '2026-06-01', '2026-11-20').filter((b) => b.t < before);
          return (ingested ? all : all.slice(0, -1)).slice(-n);
        },
      },
      seed: SEED,
      clock: { now: () => friday.close + 60_000 },
      news: () => [],
      simulator: sim,
    });
    const before = view.dailyBars(drug.symbol, 10);
    expect(new Date(before[9]!.t).toISOString().slice(0, 10)).toBe('2026-11-19');
    ingested = true;
    const after = view.dailyBars(drug.symbol, 10);
    expect(new Date(after[9]!.t).toISOString().slice(0, 10)).toBe('2026-11-20');
    view.dailyBars(drug.symbol, 10);
    expect(reads).toHaveLength(2);
  });

  it('returns null for an unknown symbol’s quote and passes news through', () => {
    const { view } = setup(friday.open + 60_000);
    expect(view.quote('ZZ-NONE')).toBeNull();
    expect(view.quote(drug.symbol)!.symbol).toBe(drug.symbol);
    expect(view.news(drug.symbol, 5, 1)[0]!.t).toBe(6);
  });

  it('lists earnings, FDA decisions and trial readouts with a description, in date order', () => {
    const { view } = setup(friday.open);
    const drugs = stocks.filter((i) => i.industry === 'Biotechnology').slice(0, 60).map((i) => i.symbol);
    const events = view.events(drugs, '2026-01-01', '2026-12-31');
    const kinds = new Set(events.map((e) => e.kind));
    expect(kinds).toEqual(new Set(['earnings', 'fda_decision', 'trial_readout']));
    for (let i = 1; i < events.length; i++) expect(events[i - 1]!.date <= events[i]!.date).toBe(true);
    const readout = events.find((e) => e.kind === 'trial_readout')!;
    expect(eventDetailOf(readout)).toMatch(/^Phase [123] topline readout/);
    expect(eventDetailOf(events.find((e) => e.kind === 'fda_decision')!)).toMatch(/^PDUFA date/);
    expect(view.events(['ZZ-NONE'], '2026-01-01', '2026-12-31')).toEqual([]);
  });

  it('prices commodities at the clock’s time from the seeded commodity simulator', () => {
    const t = friday.open + 2 * 3_600_000;
    const { view, setNow } = setup(t);
    const ref = createCommoditySimulator({ seed: SEED, simulator: createMarketSimulator({ seed: SEED }) });
    expect(view.commodities()).toEqual(ref.quotes(t));
    expect(view.commodityHistory('gold', 30)).toEqual(ref.history('gold', t, 30));
    setNow(t + 3_600_000);
    expect(view.commodities()[0]!.t).toBe(t + 3_600_000);
  });

  it('knows the latest closed session before, during and after a session', () => {
    expect(lastClosedSession(friday.open)).toBe('2026-11-19');
    expect(lastClosedSession(friday.close)).toBe('2026-11-20');
    expect(lastClosedSession(Date.parse('2026-11-22T12:00:00Z'))).toBe('2026-11-20');
  });
});

describe('wilderAtr and memberSnapshot', () => {
  const bar = (h: number, l: number, c: number): Bar => ({ t: 0, o: c, h, l, c, v: 100 });

  it('seeds with the SMA of the first n true ranges and smooths the rest (Wilder)', () => {
    // True ranges from the second bar: max(h−l, |h−pc|, |l−pc|).
    const bars = [bar(10, 9, 9.5), bar(10.5, 9.5, 10), bar(11, 10, 10.8), bar(10.9, 9.8, 10), bar(12, 10.2, 11.5)];
    // TR: 1.0, 1.0, 1.1, 2.0 → seed (n=3) = 1.0333…, then (1.0333·2 + 2.0)/3 = 1.35555…
    expect(wilderAtr(bars, 3)).toBeCloseTo((((1 + 1 + 1.1) / 3) * 2 + 2) / 3, 10);
    expect(wilderAtr(bars.slice(0, 3), 3)).toBeNull();
  });

  it('takes last from the quote, else the last close, and skips members without a price', () => {
    const inst = stocks[0]!;
    const bars = Array.from({ length: 20 }, (_, i) => bar(10 + i * 0.1 + 0.5, 10 + i * 0.1 - 0.5, 10 + i * 0.1));
    const fromBars = memberSnapshot(inst, null, bars, 5e5, 'note')!;
    expect(fromBars.last).toBeCloseTo(11.9, 9);
    expect(fromBars.changePct).toBeNull();
    expect(fromBars.atr).toBeCloseTo(1, 9);
    expect(memberSnapshot(inst, null, [], null, null)).toBeNull();
  });
});
