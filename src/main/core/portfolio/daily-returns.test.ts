import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bar } from '../../../shared/contract';
import { openMemoryDatabase, type Db } from '../db';
import { createBarsRepo, type BarsRepo } from '../db/repositories/bars-repo';
import { sessionFor, tradingDaysBetween } from '../market/calendar';
import { createDailyReturns } from './daily-returns';
import type { SegmentCatalog } from './types';

const DATES = tradingDaysBetween('2026-11-02', '2026-11-06'); // Mon..Fri
const bar = (date: string, c: number): Bar => ({ t: sessionFor(date)!.open, o: c, h: c, l: c, c, v: 100 });

let db: Db;
let bars: BarsRepo;
let universe: string[];
const catalog: SegmentCatalog = {
  list: () => [{ id: 'seg', name: 'Seg', riskParameters: { maxPositionSize: 0.2, maxDrawdown: 0.1, stopLossMultiplier: 2, targetAllocation: 0.5, maxProposalsPerRun: 3 }, universe: () => universe }],
};

beforeEach(() => {
  db = openMemoryDatabase();
  bars = createBarsRepo(db);
  universe = ['AAA', 'BBB'];
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  bars.write('daily', 'IWM', DATES.map((d, i) => bar(d, [200, 202, 201, 205, 210][i]!)), 't', counts);
  bars.write('daily', 'AAA', DATES.map((d, i) => bar(d, [10, 11, 11, 12.1, 12.1][i]!)), 't', counts);
  // BBB has no bar on the third session (a halt).
  bars.write('daily', 'BBB', [bar(DATES[0]!, 20), bar(DATES[1]!, 20), bar(DATES[3]!, 22), bar(DATES[4]!, 24.2)], 't', counts);
});
afterEach(() => db.close());

describe('createDailyReturns', () => {
  it('builds the benchmark axis and the equal-weighted universe return over the members with both closes', () => {
    const r = createDailyReturns({ bars, catalog, now: () => Date.parse('2026-11-06T21:00:00Z') });
    const w = r.window();
    expect(w.dates).toEqual(DATES);
    expect(w.benchmark[0]).toBeNull();
    expect(w.benchmark[1]).toBeCloseTo(0.01, 12);
    expect(w.benchmark[4]).toBeCloseTo(210 / 205 - 1, 12);
    const u = r.universe('seg', w);
    expect(u[0]).toBeNull();
    expect(u[1]).toBeCloseTo((0.1 + 0) / 2, 12);
    expect(u[2]).toBeCloseTo(0, 12); // BBB missing: AAA alone
    expect(u[3]).toBeCloseTo(0.1, 12); // BBB's previous close missing: AAA alone
    expect(u[4]).toBeCloseTo((0 + 0.1) / 2, 12);
    expect(r.universe('unknown', w)).toEqual([null, null, null, null, null]);
  });

  it('limits by sessions, or by from/to with the session before `from` as the base', () => {
    const r = createDailyReturns({ bars, catalog, now: () => Date.parse('2026-11-06T21:00:00Z') });
    expect(r.window({ sessions: 2 }).dates).toEqual(DATES.slice(-3));
    const w = r.window({ from: DATES[2], to: DATES[3] });
    expect(w.dates).toEqual(DATES.slice(1, 4));
    expect(w.benchmark[1]).toBeCloseTo(201 / 202 - 1, 12);
  });

  it('caches per window and universe, and recomputes when the universe changes', () => {
    const r = createDailyReturns({ bars, catalog, now: () => Date.parse('2026-11-06T21:00:00Z') });
    const w = r.window();
    const first = r.universe('seg', w);
    expect(r.window()).toBe(w);
    expect(r.universe('seg', w)).toBe(first);
    universe = ['AAA'];
    const second = r.universe('seg', w);
    expect(second).not.toBe(first);
    expect(second[1]).toBeCloseTo(0.1, 12);
  });

  it('falls back to the members’ sessions when the benchmark has no bars', () => {
    db.prepare("DELETE FROM daily_bars WHERE symbol = 'IWM'").run();
    const r = createDailyReturns({ bars, catalog, now: () => Date.parse('2026-11-06T21:00:00Z') });
    const w = r.window();
    expect(w.dates).toEqual(DATES);
    expect(w.benchmark.every((x) => x === null)).toBe(true);
    expect(r.universe('seg', w)[1]).toBeCloseTo(0.05, 12);
  });
});
