import { describe, expect, it } from 'vitest';
import { isTradingDay } from '../calendar';
import { corporateEvents, eventsOfYear } from './earnings';
import { createMarketSimulator } from './index';

const sim = createMarketSimulator({ seed: 7 });
const all = sim.instruments();
const stocks = all.filter((i) => i.kind === 'stock');
const etfs = all.filter((i) => i.kind === 'etf');
const drugs = stocks.filter((i) => i.sector === 'healthcare' && (i.industry === 'Biotechnology' || i.industry === 'Pharmaceuticals'));

describe('corporateEvents (simulator earnings calendar)', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const some = stocks.slice(0, 50);
    const a = corporateEvents(7, some, '2025-01-01', '2026-12-31');
    const b = corporateEvents(7, some.map((i) => ({ ...i })), '2025-01-01', '2026-12-31');
    expect(b).toEqual(a);
    const c = corporateEvents(8, some, '2025-01-01', '2026-12-31');
    expect(c.map((e) => `${e.symbol}${e.date}`)).not.toEqual(a.map((e) => `${e.symbol}${e.date}`));
  });

  it('gives every stock exactly four earnings a year, one per reporting season', () => {
    const events = corporateEvents(7, stocks, '2026-01-01', '2026-12-31').filter((e) => e.kind === 'earnings');
    expect(events.length).toBe(4 * stocks.length);
    const months = new Map<string, number[]>();
    for (const e of events) months.set(e.symbol, [...(months.get(e.symbol) ?? []), Number(e.date.slice(5, 7))]);
    for (const [, ms] of months) {
      expect(ms).toHaveLength(4);
      // Q4 in Jan–Mar, Q1 in Apr–May, Q2 in Jul–Aug, Q3 in Oct–Nov.
      expect(ms[0]).toBeLessThanOrEqual(3);
      expect(ms[1]).toBeGreaterThanOrEqual(4);
      expect(ms[1]).toBeLessThanOrEqual(5);
      expect(ms[2]).toBeGreaterThanOrEqual(7);
      expect(ms[2]).toBeLessThanOrEqual(8);
      expect(ms[3]).toBeGreaterThanOrEqual(10);
      expect(ms[3]).toBeLessThanOrEqual(11);
    }
  });

  it('puts every event on a trading day (holidays included), bmo or amc for earnings', () => {
    const events = corporateEvents(7, stocks, '2024-01-01', '2027-12-31');
    for (const e of events) {
      expect(isTradingDay(e.date), `${e.symbol} ${e.date}`).toBe(true);
      expect(e.source).toBe('simulator');
      if (e.kind === 'earnings') expect(['bmo', 'amc']).toContain(e.timing);
    }
    const timings = new Set(events.filter((e) => e.kind === 'earnings').map((e) => e.timing));
    expect(timings).toEqual(new Set(['bmo', 'amc']));
  });

  it('gives ETFs no events and only drug makers FDA decisions (some of them, in some years)', () => {
    expect(corporateEvents(7, etfs, '2020-01-01', '2030-12-31')).toEqual([]);
    const fda = corporateEvents(7, stocks, '2024-01-01', '2027-12-31').filter((e) => e.kind === 'fda_decision');
    const drugSymbols = new Set(drugs.map((d) => d.symbol));
    expect(drugs.length).toBeGreaterThan(10);
    expect(fda.length).toBeGreaterThan(0);
    for (const e of fda) expect(drugSymbols.has(e.symbol)).toBe(true);
    // "Occasional": fewer than one a year per drug maker on average.
    expect(fda.length / (4 * drugs.length)).toBeGreaterThan(0.2);
    expect(fda.length / (4 * drugs.length)).toBeLessThan(0.8);
  });

  it('answers the same events whatever window covers them, sorted by date then symbol', () => {
    const some = stocks.slice(0, 30);
    const wide = corporateEvents(7, some, '2025-06-01', '2026-03-31');
    const parts = [...corporateEvents(7, some, '2025-06-01', '2025-12-31'), ...corporateEvents(7, some, '2026-01-01', '2026-03-31')];
    expect(parts).toEqual(wide);
    for (let i = 1; i < wide.length; i++) {
      const a = wide[i - 1]!;
      const b = wide[i]!;
      expect(a.date < b.date || (a.date === b.date && a.symbol <= b.symbol)).toBe(true);
    }
    expect(corporateEvents(7, some, '2026-02-01', '2025-02-01')).toEqual([]);
  });

  it('keeps each company near its own lag from quarter end (a steady reporting rhythm)', () => {
    const s = stocks[3]!;
    const days = [2024, 2025, 2026].map((y) => {
      const q2 = eventsOfYear(7, s, y).find((e) => e.kind === 'earnings' && e.date.slice(5, 7) >= '07' && e.date.slice(5, 7) <= '08')!;
      return (Date.parse(q2.date) - Date.parse(`${y}-06-30`)) / 86_400_000;
    });
    // ±3 days of jitter plus up to 3 days moved to the next trading day.
    expect(Math.max(...days) - Math.min(...days)).toBeLessThanOrEqual(9);
  });
});
