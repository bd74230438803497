/**
 * The multi-segment portfolio over a real SQLite file: cards, orders, fills and the ledger written through the
 * trading repository (as the trading service records a fill), cards tagged with their segment (cards.segment),
 * daily bars for IWM and two universes. Checks that the sleeves add up to the account, that the comparison works
 * on the universe basis and then on the sleeve basis once 20 daily snapshots exist, that snapshots are idempotent
 * and run from the scheduler's catch-up, the speed of a cached comparison, the report files and the handlers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { methods, type Bar, type Quote } from '../../src/shared/contract';
import { SimulatedClock } from '../../src/main/core/clock';
import { migrate, openDatabase, type Db } from '../../src/main/core/db';
import { createBarsRepo } from '../../src/main/core/db/repositories/bars-repo';
import { createTradingRepo, type StoredCard, type StoredOrder, type TradingRepo } from '../../src/main/core/db/repositories/trading-repo';
import { analyticsHandlers } from '../../src/main/core/handlers/analytics';
import { portfolioSegmentHandlers } from '../../src/main/core/handlers/portfolio-segments';
import { sessionFor, tradingDaysBetween } from '../../src/main/core/market/calendar';
import {
  createSegmentBooks,
  createSegmentCompare,
  createSegmentReport,
  createSegmentSnapshots,
  type SegmentCatalog,
} from '../../src/main/core/portfolio';
import { valueBook } from '../../src/main/core/trading/account';
import { applyFill } from '../../src/main/core/trading/position-math';

const log = pino({ level: 'silent' });

/** Deterministic normal-ish noise (sum of uniforms from an LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return () => (u() + u() + u() + u() - 2) * 0.866;
}

const DATES = tradingDaysBetween('2025-09-01', '2026-11-19');
const BIOTECH = Array.from({ length: 80 }, (_, i) => `BIO${i}`);
const MINING = Array.from({ length: 60 }, (_, i) => `MIN${i}`);

function buildBars(): Map<string, Bar[]> {
  const noise = rng(7);
  const out = new Map<string, Bar[]>();
  const closes = new Map<string, number>();
  for (const s of ['IWM', ...BIOTECH, ...MINING]) {
    out.set(s, []);
    closes.set(s, 20);
  }
  for (const d of DATES) {
    const t = sessionFor(d)!.open;
    const market = noise() * 0.01;
    const bio = noise() * 0.015;
    const min = noise() * 0.015;
    for (const [s, bars] of out) {
      const r = s === 'IWM' ? market : s.startsWith('BIO') ? 0.6 * market + bio + noise() * 0.01 : 0.8 * market + min + noise() * 0.01;
      const c = Math.max(0.5, closes.get(s)! * (1 + r));
      closes.set(s, c);
      const v = Math.round(c * 1e4) / 1e4;
      bars.push({ t, o: v, h: v, l: v, c: v, v: 1_000 });
    }
  }
  return out;
}

function quoteOf(symbol: string, last: number, prevClose = last): Quote {
  return { symbol, last, bid: last, ask: last, open: last, high: last, low: last, prevClose, change: last - prevClose, changePct: 0, volume: 0, t: 0 } as Quote;
}

describe('multi-segment portfolio over SQLite', () => {
  let dir: string;
  let db: Db;
  let repo: TradingRepo;
  let bars: Map<string, Bar[]>;
  const marks = new Map<string, number>();
  const clock = new SimulatedClock({ start: Date.parse('2026-11-20T10:00:00-05:00') });
  clock.pause();
  const catalog: SegmentCatalog = {
    list: () => [
      { id: 'biotech', name: 'Biotech', riskParameters: { maxPositionSize: 0.2, maxDrawdown: 0.15, stopLossMultiplier: 2, targetAllocation: 0.3, maxProposalsPerRun: 5 }, universe: () => BIOTECH },
      { id: 'mining', name: 'Mining & Resources', riskParameters: { maxPositionSize: 0.25, maxDrawdown: 0.2, stopLossMultiplier: 2.5, targetAllocation: 0.3, maxProposalsPerRun: 5 }, universe: () => MINING },
    ],
  };
  const market = { quote: (s: string) => (marks.has(s) ? quoteOf(s, marks.get(s)!) : null) };
  let seq = 0;

  /** Records a fill as the trading service does: card, order, fill, position, ledger (fill and fee). */
  function trade(segment: string | null, symbol: string, side: StoredOrder['side'], quantity: number, price: number, fee = 1): void {
    const id = `c${++seq}`;
    const t = clock.now();
    repo.insertCard({
      id, symbol, side, quantity, notional: null, orderType: 'market', limitPrice: null, stopPrice: null, takeProfitPrice: null, stopLossPrice: null,
      timeInForce: 'day', thesis: { text: 'test', evidence: [] }, origin: segment ? 'segment' : 'manual', originId: null, playbook: 'catalyst_swing',
      status: 'filled', statusReason: null, createdAt: t, expiresAt: t + 1, updatedAt: t, decidedBy: 'test', decidedAt: t, priceAtCreation: price,
      filledQuantity: quantity, avgFillPrice: price, guardrails: { passed: true } as StoredCard['guardrails'], stages: { card: t } as StoredCard['stages'], version: 1, strategy: null,
    });
    if (segment !== null) db.prepare('UPDATE cards SET segment = ? WHERE id = ?').run(segment, id);
    repo.insertOrder({
      id: `o${seq}`, cardId: id, clientOrderId: `${id}-t1`, brokerOrderId: `b${seq}`, broker: 'paper', symbol, side, quantity, filledQuantity: quantity,
      orderType: 'market', limitPrice: null, stopPrice: null, timeInForce: 'day', role: 'entry', tranche: 1, status: 'filled', statusReason: null,
      avgFillPrice: price, dueAt: t, createdAt: t, submittedAt: t, updatedAt: t, ocoGroup: null, legs: null,
    });
    const pos = repo.position(symbol) ?? { symbol, quantity: 0, multiplier: 1, costCents: 0, realizedCents: 0, originId: null, openedAt: t, updatedAt: t };
    const effect = applyFill(pos, side, quantity, price, 1);
    db.transaction(() => {
      repo.insertFill({ id: `F${seq}`, orderId: `o${seq}`, cardId: id, brokerFillId: `bf${seq}`, symbol, side, quantity, price, fee, t, source: 'test' }, effect.grossCents, 1);
      repo.upsertPosition({ ...pos, quantity: effect.next.quantity, costCents: effect.next.costCents, realizedCents: effect.next.realizedCents, updatedAt: t });
      repo.addLedger({ t, kind: 'fill', amountCents: effect.cashCents, ref: `F${seq}`, memo: 'fill' });
      repo.addLedger({ t, kind: 'fee', amountCents: -fee * 100, ref: `F${seq}`, memo: 'fee' });
    })();
  }

  const closeOn = (symbol: string, date: string): number => bars.get(symbol)!.find((b) => b.t === sessionFor(date)!.open)!.c;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-seg-'));
    const path = join(dir, 'kestrel.db');
    db = openDatabase({ path });
    migrate(db, path);
    repo = createTradingRepo(db);
    bars = buildBars();
    const barsRepo = createBarsRepo(db);
    db.transaction(() => {
      for (const [s, list] of bars) barsRepo.write('daily', s, list, 'test', { inserted: 0, updated: 0, unchanged: 0 });
    })();
    const start = DATES[DATES.length - 30]!;
    for (const s of ['BIO1', 'BIO2', 'MIN1', 'MIN2', 'XYZ']) marks.set(s, s === 'XYZ' ? 50 : closeOn(s, start));
    // The trades happen on `start`, before the sessions the snapshot test writes; then back to "today".
    const today = clock.now();
    clock.jumpTo(Date.parse(`${start}T10:00:00-05:00`));
    repo.addLedger({ t: clock.now() - 60_000, kind: 'deposit', amountCents: 10_000_000, ref: null, memo: 'paper account opening deposit' });
    trade('biotech', 'BIO1', 'buy', 300, marks.get('BIO1')!);
    trade('biotech', 'BIO2', 'buy', 200, marks.get('BIO2')!);
    trade('mining', 'MIN1', 'buy', 400, marks.get('MIN1')!);
    trade('mining', 'MIN2', 'short', 100, marks.get('MIN2')!);
    trade(null, 'XYZ', 'buy', 50, 50);
    trade('ghost', 'BIO1', 'buy', 10, marks.get('BIO1')!);
    clock.jumpTo(today);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = () => {
    const barsRepo = createBarsRepo(db);
    const books = createSegmentBooks({ db, market, catalog, now: () => clock.now() });
    const compare = createSegmentCompare({ db, books, catalog, bars: barsRepo, now: () => clock.now() });
    return { barsRepo, books, compare };
  };

  it('the sleeves add up to the account (cash, market value, equity)', () => {
    const { books } = deps();
    const all = books.all();
    expect(all.segments.map((s) => s.segmentId)).toEqual(['biotech', 'mining', 'unassigned']);
    expect(all.segments.map((s) => s.capital)).toEqual([30_000, 30_000, 40_000]);
    const un = all.segments[2]!;
    expect(un.positions.map((p) => p.symbol)).toEqual(['BIO1', 'XYZ']); // untagged and unknown-segment fills
    const account = valueBook({
      positions: repo.positions(),
      cashCents: repo.cashCents(),
      liveOrders: [],
      quote: (s) => market.quote(s),
      instrument: () => undefined,
      source: 'test',
      broker: 'paper',
      startingCash: 100_000,
      now: clock.now(),
    }).account;
    expect(all.total.cash).toBeCloseTo(account.cash, 6);
    expect(all.total.marketValue).toBeCloseTo(account.longMarketValue + account.shortMarketValue, 2);
    expect(all.total.equity).toBeCloseTo(account.equity, 2);
    expect(books.book('mining').positions.find((p) => p.symbol === 'MIN2')!.quantity).toBe(-100);
    expect(() => books.book('nope')).toThrow(/unknown segment/);
  });

  it('compares on the universe basis against IWM, fast once cached', () => {
    const { compare } = deps();
    const t0 = performance.now();
    const cold = compare.compare();
    const coldMs = performance.now() - t0;
    const t1 = performance.now();
    const warm = compare.compare();
    const warmMs = performance.now() - t1;
    methods['segments.compare'].result.parse(cold);
    expect(warm).toEqual({ ...cold, asOf: warm.asOf });
    expect(warmMs).toBeLessThan(100);
    expect(coldMs).toBeLessThan(2_000);
    console.log(`segments.compare: cold ${coldMs.toFixed(1)} ms, cached ${warmMs.toFixed(1)} ms (2 segments, 80 + 60 members × 252 sessions)`);
    for (const s of cold.segments) {
      expect(s.basis).toBe('universe');
      expect(s.metrics.observations).toBe(252);
      expect(s.curve).toHaveLength(253);
      expect(s.curve[0]!.value).toBe(1);
      expect(s.metrics.beta).not.toBeNull();
      expect(s.to).toBe(DATES[DATES.length - 1]);
    }
    expect(cold.benchmarkCurve).toHaveLength(253);
    expect(cold.correlation90).toMatchObject({ names: ['biotech', 'mining'], window: 90, basis: 'universe' });
    expect(cold.correlation90.observations[0]![1]).toBe(90);
    expect(cold.correlation30.observations[0]![1]).toBe(30);
    // Both universes load on the same market factor: positively correlated, below 1.
    const rho = cold.correlation90.matrix[0]![1]!;
    expect(rho).toBeGreaterThan(0);
    expect(rho).toBeLessThan(1);
    expect(cold.diversification.score).toBeCloseTo(100 * (1 - rho), 1);
    expect(cold.allocation.map((a) => a.segmentId)).toEqual(['biotech', 'mining']);
    const a = cold.allocation[0]!;
    expect(a.drift).toBeCloseTo(a.current - 0.3, 12);
    expect(a.target).toBe(0.3);
  });

  it('snapshots each session idempotently, then compares on the sleeve basis after 20 daily returns', () => {
    const { barsRepo, books, compare } = deps();
    const snaps = createSegmentSnapshots({ db, clock, log, books, catalog, bars: barsRepo, compare });
    const days = DATES.slice(-22, -1);
    const start = DATES[DATES.length - 30]!;
    const bioCash = 30_000 - 300 * closeOn('BIO1', start) - 200 * closeOn('BIO2', start) - 2;
    for (const d of days) {
      // Past sessions (today is 2026-11-20) are valued at their own closes, whatever the live marks say now.
      expect(snaps.snapshot(d)).toEqual({ snapshots: 2, correlations: 2 });
      const row = db.prepare("SELECT equity FROM segment_performance WHERE date = ? AND segment_id = 'biotech'").get(d) as { equity: number };
      expect(row.equity).toBeCloseTo(bioCash + 300 * closeOn('BIO1', d) + 200 * closeOn('BIO2', d), 6);
    }
    // A session before the account was opened (its deposit is on the day of the first trades): no capital yet.
    const equityOn = (d: string): number => (db.prepare("SELECT equity FROM segment_performance WHERE date = ? AND segment_id = 'biotech'").get(d) as { equity: number }).equity;
    const unopened = DATES[DATES.length - 31]!;
    snaps.snapshot(unopened);
    expect(equityOn(unopened)).toBe(0);
    db.prepare('DELETE FROM segment_performance WHERE date = ?').run(unopened);
    db.prepare('DELETE FROM segment_correlation WHERE date = ?').run(unopened);
    // Re-running a date replaces its rows.
    snaps.snapshot(days[days.length - 1]!);
    const count = db.prepare('SELECT COUNT(*) AS n FROM segment_performance').get() as { n: number };
    expect(count.n).toBe(2 * days.length);
    const corr = db.prepare('SELECT COUNT(*) AS n FROM segment_correlation').get() as { n: number };
    expect(corr.n).toBe(2 * days.length);

    const perf = compare.segmentPerformance({ id: 'biotech' });
    methods['segments.performance'].result.parse(perf);
    const bio = perf.segments[0]!;
    expect(bio.basis).toBe('sleeve');
    expect(bio.snapshots).toHaveLength(days.length);
    expect(bio.snapshots[0]!.dailyReturn).toBeNull();
    expect(bio.metrics.observations).toBe(days.length - 1);
    expect(bio.metrics.beta).not.toBeNull();
    // The curve is the sleeve's equity relative to its first snapshot.
    const last = bio.snapshots[bio.snapshots.length - 1]!;
    expect(bio.curve[bio.curve.length - 1]!.value).toBeCloseTo(last.equity / bio.snapshots[0]!.equity, 9);
    expect(last.totalReturn).toBeCloseTo(last.equity / 30_000 - 1, 9);
    // The stored Sharpe is the calculator's over the returns so far.
    expect(last.sharpe).toBeCloseTo(bio.metrics.sharpe!, 9);
    // A range with fewer than 20 returns falls back to the universe.
    expect(compare.segmentPerformance({ id: 'biotech', from: days[10] }).segments[0]!.basis).toBe('universe');
    expect(() => compare.segmentPerformance({ id: 'nope' })).toThrow(/unknown segment/);
    // Not enough sleeve history for a 30-day correlation: the universe.
    expect(compare.correlation(30).basis).toBe('universe');
    expect(compare.correlation(20).basis).toBe('sleeve');
  });

  it('runs the snapshot from the scheduler (catch-up of a missed close) and stops cleanly', async () => {
    const { barsRepo, books, compare } = deps();
    const date = DATES[DATES.length - 1]!;
    clock.jumpTo(Date.parse(`${date}T17:00:00-05:00`));
    const snaps = createSegmentSnapshots({ db, clock, log, books, catalog, bars: barsRepo, compare, pollMs: 20, quote: (s) => market.quote(s) });
    await snaps.start();
    const rows = db.prepare('SELECT segment_id FROM segment_performance WHERE date = ? ORDER BY segment_id').all(date) as { segment_id: string }[];
    expect(rows.map((r) => r.segment_id)).toEqual(['biotech', 'mining']);
    expect(db.prepare("SELECT COUNT(*) AS n FROM scheduler_runs WHERE job = 'segments.snapshot'").get()).toEqual({ n: 1 });
    expect(snaps.nextRunAt()).toBeGreaterThan(clock.now());
    await snaps.stop();
  });

  it('exports the unified report as CSV and as a printable page, through the handlers', () => {
    const { books, compare } = deps();
    const report = createSegmentReport({ books, compare, now: () => clock.now() });
    const h = portfolioSegmentHandlers({ books, compare, report, dataDir: dir });
    const ctx = {} as never;
    const csv = h['portfolio.exportReport'](methods['portfolio.exportReport'].params.parse({ format: 'csv' }), ctx) as ReturnType<typeof report.exportReport>;
    expect(csv.path.startsWith(join(dir, 'exports'))).toBe(true);
    const text = readFileSync(csv.path, 'utf8');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]!.startsWith('section,segment_id,segment,symbol')).toBe(true);
    expect(csv.rows).toBe(lines.length - 1);
    expect(csv.bytes).toBe(Buffer.byteLength(text));
    expect(lines.filter((l) => l.startsWith('segment,'))).toHaveLength(3);
    expect(lines.filter((l) => l.startsWith('position,'))).toHaveLength(6);
    expect(lines.filter((l) => l.startsWith('metric,'))).toHaveLength(2);
    const html = report.exportReport('html', join(dir, 'exports'));
    const page = readFileSync(html.path, 'utf8');
    expect(existsSync(html.path)).toBe(true);
    expect(page).toContain('@media print');
    expect(page).not.toMatch(/<script|src=|href=/i);
    expect(page).toContain('Mining &amp; Resources');
    expect(html.rows).toBeGreaterThan(10);

    const by = h['portfolio.bySegment'](undefined as never, ctx);
    methods['portfolio.bySegment'].result.parse(by);
    const corr = h['segments.correlation'](methods['segments.correlation'].params.parse({ window: 60 }), ctx);
    methods['segments.correlation'].result.parse(corr);
    const a = analyticsHandlers();
    const m = a['analytics.performance'](methods['analytics.performance'].params.parse({ returns: [0.01, -0.02, null, 0.03], benchmark: [0.01, -0.01, 0.02, 0.02] }), ctx);
    methods['analytics.performance'].result.parse(m);
    expect(m).toMatchObject({ observations: 3 });
    const cm = a['analytics.correlation'](methods['analytics.correlation'].params.parse({ series: { a: [1, 2, 3], b: [2, 4, 7] } }), ctx);
    expect(methods['analytics.correlation'].result.parse(cm).matrix[0]![1]).toBeGreaterThan(0.9);
  });
});
