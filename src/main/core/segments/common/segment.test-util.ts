/**
 * Fixtures for the segments' end-to-end tests over the simulator: a segment context whose market view reads the
 * seeded simulator's quotes at a fixed time, its daily bars (cached per symbol), its event calendars and commodity
 * prices, and the given news; a sleeve book with $20,000 of capital and no positions; and the checks both
 * segments' tests make of a prompt (injected text stays quoted, every figure in the data is a grounding fact) and of
 * a gather (it stops when aborted, its progress rises to 1).
 */
import pino from 'pino';
import { expect } from 'vitest';
import type { SegmentBook } from '../../../../shared/contract';
import { dollarAmounts } from '../../llm/grounding';
import type { createMarketSimulator } from '../../market/simulator';
import { createSegmentMarketView } from '../market-view';
import type { NewsItem, Segment, SegmentContext, SegmentData } from '../types';

export interface SimulatorContextOptions {
  sim: ReturnType<typeof createMarketSimulator>;
  seed: number;
  /** The clock's fixed time (ms); quotes are read at it. */
  now: number;
  today: string;
  segmentId: string;
  /** First session of the daily bars the view holds. */
  barsFrom: string;
  news?: NewsItem[];
}

export function simulatorContext(o: SimulatorContextOptions): SegmentContext {
  const { sim, now } = o;
  const news = o.news ?? [];
  const cache = new Map<string, ReturnType<typeof sim.dailyBars>>();
  const bars = (s: string) => {
    let b = cache.get(s);
    if (!b) cache.set(s, (b = sim.dailyBars(s, o.barsFrom, o.today)));
    return b;
  };
  const market = createSegmentMarketView({
    market: {
      instruments: () => sim.instruments(),
      quote: (s) => sim.quote(s, now),
      avgVolume: (s) => {
        const b = bars(s).filter((x) => x.t < now - 6 * 3_600_000).slice(-20);
        return b.length ? b.reduce((a, x) => a + x.v, 0) / b.length : null;
      },
    },
    bars: { lastDaily: (s, before, n) => bars(s).filter((b) => b.t < before).slice(-n) },
    seed: o.seed,
    clock: { now: () => now },
    news: (symbol, since, limit) => news.filter((n) => n.symbol === symbol && n.t >= since && n.t <= now).slice(0, limit),
    simulator: sim,
  });
  return {
    segmentId: o.segmentId,
    jobId: 'job-1',
    now: () => now,
    today: () => o.today,
    log: pino({ level: 'silent' }),
    signal: new AbortController().signal,
    market,
    research: async () => null,
    progress: () => undefined,
  };
}

/** A sleeve with $20,000 of capital, all in cash, unless `over` says otherwise. */
export function emptySleeveBook(segmentId: string, name: string, over: Partial<SegmentBook> = {}): SegmentBook {
  return { segmentId, name, capital: 20_000, cash: 20_000, marketValue: 0, equity: 20_000, realizedPnl: 0, unrealizedPnl: 0, positions: [], trades: 0, ...over };
}

/**
 * The injected text sits inside a quoted data block; every dollar figure of the prompt (more than `minFigures`) and
 * every percentage inside the other data blocks (more than 20) is one of the gathered facts, as printed.
 */
export function expectQuotedAndGrounded(user: string, data: SegmentData, injection: string, minFigures: number): void {
  const at = user.indexOf(injection);
  expect(at).toBeGreaterThan(0);
  expect(user.lastIndexOf('<<<DATA', at)).toBeGreaterThan(user.lastIndexOf('<<<END DATA>>>', at));
  const given = [...data.facts.numbers, ...Object.values(data.facts.symbols).flatMap((f) => [f.last, ...(f.prices ?? [])])];
  const figures = dollarAmounts(user.replace(injection, ''));
  expect(figures.length).toBeGreaterThan(minFigures);
  for (const f of figures) expect(given.some((g) => Math.abs(g - f.value) <= 0.005 * Math.max(1, Math.abs(g))), f.raw).toBe(true);
  // Every percentage inside the data blocks is a number of the facts too (as printed, one decimal).
  const blocks = [...user.matchAll(/<<<DATA[^\n]*\n([\s\S]*?)\n<<<END DATA>>>/g)].map((m) => m[1]!).filter((b) => !b.includes(injection));
  const pcts = blocks.flatMap((b) => [...b.matchAll(/(-?\d+(?:\.\d+)?) %/g)].map((m) => Number(m[1])));
  expect(pcts.length).toBeGreaterThan(20);
  for (const v of pcts) expect(data.facts.numbers.some((g) => Math.abs(g - v) < 0.051), String(v)).toBe(true);
}

/** A gather whose run is aborted rejects with the abort's reason; otherwise it reports rising progress up to 1. */
export async function expectAbortableGather(segment: Segment, ctx: SegmentContext, book: SegmentBook, universe: Parameters<Segment['gather']>[2]): Promise<void> {
  const ctl = new AbortController();
  ctl.abort(new Error('run cancelled'));
  await expect(segment.gather({ ...ctx, signal: ctl.signal }, book, universe)).rejects.toThrow('run cancelled');
  const seen: number[] = [];
  await segment.gather({ ...ctx, progress: (stage, p) => stage === 'gather' && seen.push(p) }, book, universe);
  expect(seen.length).toBeGreaterThan(3);
  expect(seen[seen.length - 1]).toBe(1);
  for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThanOrEqual(seen[i - 1]!);
}
