import { describe, expect, it } from 'vitest';
import type { Bar, Instrument } from '../../../shared/contract';
import { openMemoryDatabase } from '../db';
import { createBarsRepo, createIngestRunsRepo, createInstrumentsRepo } from '../db/repositories';
import { barProblem, createIngestor } from './ingest';

const ny = (iso: string) => Date.parse(iso);
const ACME: Instrument = {
  symbol: 'ACME',
  name: 'Acme Robotics',
  kind: 'stock',
  sector: 'technology',
  industry: 'Robotics',
  exchange: 'NASDAQ',
  marketCap: 250e6,
  float: 20_000_000,
  sharesOutstanding: 25_000_000,
};

function setup() {
  const db = openMemoryDatabase();
  const bars = createBarsRepo(db);
  const runs = createIngestRunsRepo(db);
  const ingest = createIngestor({ db, bars, instruments: createInstrumentsRepo(db), runs, now: () => 1 });
  ingest.instruments([ACME], 'test');
  return { db, bars, runs, ingest };
}

const bar = (t: number, o = 10, h = 11, l = 9, c = 10.5, v = 1000): Bar => ({ t, o, h, l, c, v });
// Thursday 19 and Friday 20 November 2026 (EST, UTC−5).
const THU_OPEN = ny('2026-11-19T09:30:00-05:00');
const FRI_OPEN = ny('2026-11-20T09:30:00-05:00');

describe('ingest', () => {
  it('stores valid daily bars and is idempotent', () => {
    const { ingest, bars } = setup();
    const batch = [{ symbol: 'ACME', bars: [bar(THU_OPEN), bar(FRI_OPEN)] }];
    expect(ingest.bars('daily', batch, 'test')).toMatchObject({ received: 2, inserted: 2, updated: 0, unchanged: 0, rejected: 0 });
    expect(ingest.bars('daily', batch, 'test')).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 0 });
    expect(bars.count('daily')).toBe(2);
    const corrected = [{ symbol: 'ACME', bars: [bar(FRI_OPEN, 10, 12, 9, 11, 2000)] }];
    expect(ingest.bars('daily', corrected, 'test')).toMatchObject({ inserted: 0, updated: 1 });
    expect(bars.range('daily', 'ACME', 0, Infinity)[1]).toEqual(bar(FRI_OPEN, 10, 12, 9, 11, 2000));
  });

  it.each<[string, Bar, RegExp]>([
    ['high below low', bar(FRI_OPEN, 10, 9, 11, 10), /high is below low/],
    ['negative volume', bar(FRI_OPEN, 10, 11, 9, 10, -5), /negative volume/],
    ['fractional volume', bar(FRI_OPEN, 10, 11, 9, 10, 10.5), /whole number/],
    ['NaN', bar(FRI_OPEN, Number.NaN), /not a finite number/],
    ['open outside range', bar(FRI_OPEN, 20, 11, 9, 10), /open outside/],
    ['a Saturday', bar(ny('2026-11-21T09:30:00-05:00')), /weekend or holiday/],
    ['Thanksgiving', bar(ny('2026-11-26T09:30:00-05:00')), /weekend or holiday/],
    ['not at the open', bar(ny('2026-11-20T10:00:00-05:00')), /session open/],
  ])('rejects a daily bar with %s, with the reason, and stores nothing', (_name, b, reason) => {
    const { ingest, bars, runs } = setup();
    const report = ingest.bars('daily', [{ symbol: 'ACME', bars: [b] }], 'test');
    expect(report.rejected).toBe(1);
    expect(report.rejects[0]!.reason).toMatch(reason);
    expect(bars.count('daily')).toBe(0);
    expect(runs.recent(1)[0]!.rejects[0]!.reason).toMatch(reason);
  });

  it('rejects out-of-order and duplicate bars and bars of unknown symbols', () => {
    const { ingest, bars } = setup();
    const report = ingest.bars('daily', [
      { symbol: 'ACME', bars: [bar(FRI_OPEN), bar(THU_OPEN), bar(FRI_OPEN)] },
      { symbol: 'NOPE', bars: [bar(FRI_OPEN)] },
    ], 'test');
    expect(report).toMatchObject({ received: 4, inserted: 1, rejected: 3 });
    expect(report.rejects.map((r) => r.reason)).toEqual(['out of order or duplicate time', 'out of order or duplicate time', 'unknown symbol (1 bars)']);
    expect(bars.count('daily')).toBe(1);
  });

  it('accepts 5-minute bars over the extended session only, on 5-minute boundaries', () => {
    const { ingest } = setup();
    const report = ingest.bars('intraday', [
      {
        symbol: 'ACME',
        bars: [
          bar(ny('2026-11-20T03:55:00-05:00')),
          bar(ny('2026-11-20T04:00:00-05:00')),
          bar(ny('2026-11-20T09:32:00-05:00')),
          bar(ny('2026-11-20T19:55:00-05:00')),
          bar(ny('2026-11-20T20:00:00-05:00')),
        ],
      },
    ], 'test');
    expect(report.inserted).toBe(2);
    expect(report.rejects.map((r) => r.reason)).toEqual([
      'outside the extended session (04:00–20:00 New York)',
      'not on a 5-minute boundary',
      'outside the extended session (04:00–20:00 New York)',
    ]);
  });

  it('closes the post-market at 17:00 on an early-close day', () => {
    const { ingest } = setup();
    const report = ingest.bars('intraday', [
      { symbol: 'ACME', bars: [bar(ny('2026-11-27T16:55:00-05:00')), bar(ny('2026-11-27T17:00:00-05:00'))] },
    ], 'test');
    expect(report.inserted).toBe(1);
    expect(report.rejected).toBe(1);
  });

  it('validates instruments with the contract schema', () => {
    const { ingest } = setup();
    const report = ingest.instruments([{ ...ACME, symbol: 'BAD', exchange: 'MOON' }, { ...ACME }, { symbol: 42 }], 'test');
    expect(report).toMatchObject({ received: 3, unchanged: 1, rejected: 2 });
    expect(report.rejects[0]!.reason).toMatch(/exchange/);
  });

  it('barProblem accepts a flat bar', () => {
    expect(barProblem(bar(FRI_OPEN, 5, 5, 5, 5, 0))).toBeNull();
  });
});
