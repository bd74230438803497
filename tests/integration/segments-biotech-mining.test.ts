/**
 * Biotech and Mining & Resources over a real engine: the segment market view reads the engine's quotes, the daily
 * bars it ingested into SQLite, the simulator's event calendars and the commodity prices; each segment gathers,
 * its rules analyst decides and its risk model measures. Proposals must be grounded (every symbol and reference
 * price in the facts), sized within the segment's risk parameters, and deterministic for the seed. The time of a
 * full rules run of both segments is reported (the bench asserts it, not this test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { SegmentBook, SegmentRiskParameters } from '../../src/shared/contract';
import type { Quote } from '../../src/shared/contract/schemas';
import { createEngine, type Engine } from '../../src/main/core';
import { createNewsFeed, simulatorCatalysts, simulatorCloseBefore } from '../../src/main/core/agents/news-feed';
import { openDatabase, type Db } from '../../src/main/core/db/open-database';
import { createBarsRepo } from '../../src/main/core/db/repositories/bars-repo';
import { groundDecisions } from '../../src/main/core/llm/grounding';
import { createMarketSimulator } from '../../src/main/core/market/simulator';
import { segment as biotech } from '../../src/main/core/segments/biotech';
import { segment as mining } from '../../src/main/core/segments/mining';
import { miningDetail } from '../../src/main/core/segments/mining/gather';
import { createSegmentMarketView } from '../../src/main/core/segments/market-view';
import { AnalystOutputSchema, type Segment, type SegmentContext, type SegmentMarketView } from '../../src/main/core/segments/types';

const SEED = 42;
/** Friday 2026-11-20 10:00 New York: a regular session. */
const START = Date.parse('2026-11-20T10:00:00-05:00');
const sim = createMarketSimulator({ seed: SEED });

describe('Biotech and Mining & Resources over a real engine', () => {
  let dir: string;
  let engine: Engine;
  let db: Db;
  let quotes: Map<string, Quote>;
  let adv: Map<string, number>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-segments-'));
    engine = createEngine({ host: 'test', dataDir: dir, start: START, paused: true, seed: SEED, logLevel: 'warn', tickMs: 100 });
    await engine.start();
    db = openDatabase({ path: engine.dbPath, readonly: true });
    quotes = new Map((await engine.call('market.quotes', {})).quotes.map((q) => [q.symbol, q]));
    adv = new Map((await engine.call('market.universe', { limit: 10_000 })).items.map((i) => [i.symbol, i.avgVolume20]));
  }, 120_000);

  afterAll(async () => {
    db?.close();
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A fresh view (cold caches) over the engine: its quotes and ADV (clock paused), its SQLite bars, its clock. */
  function view(): SegmentMarketView {
    const feed = createNewsFeed({ seed: SEED, clock: engine.clock, instruments: () => sim.instruments(), catalysts: simulatorCatalysts(sim), closeBefore: simulatorCloseBefore(sim) });
    return createSegmentMarketView({
      market: {
        instruments: () => sim.instruments(),
        quote: (symbol) => {
          const q = quotes.get(symbol);
          if (!q) throw new Error(`unknown symbol ${symbol}`);
          return q;
        },
        avgVolume: (symbol) => adv.get(symbol) ?? null,
      },
      bars: createBarsRepo(db),
      seed: SEED,
      clock: engine.clock,
      news: (symbol, since, limit) => feed.news(symbol, since, limit),
      simulator: sim,
    });
  }

  function context(segmentId: string, market: SegmentMarketView): SegmentContext {
    return {
      segmentId,
      jobId: `job-${segmentId}`,
      now: () => engine.clock.now(),
      today: () => '2026-11-20',
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      market,
      research: async () => null,
      progress: () => undefined,
    };
  }

  const book = (s: Segment): SegmentBook => {
    const capital = 100_000 * s.defaults.riskParameters.targetAllocation;
    return { segmentId: s.id, name: s.defaults.name, capital, cash: capital, marketValue: 0, equity: capital, realizedPnl: 0, unrealizedPnl: 0, positions: [], trades: 0 };
  };

  async function run(s: Segment, market: SegmentMarketView) {
    const params: SegmentRiskParameters = s.defaults.riskParameters;
    const universe = s.universe(market.instruments());
    const b = book(s);
    const data = await s.gather(context(s.id, market), b, universe);
    const output = s.rules(b, data, params);
    const risk = s.risk(b, data, params);
    return { universe, data, output, risk, params };
  }

  it('reads the engine’s market: instruments, quotes at the paused clock, SQLite bars to the last closed session', () => {
    expect(sim.instruments().every((i) => adv.has(i.symbol) && quotes.has(i.symbol))).toBe(true);
    const v = view();
    const member = biotech.universe(v.instruments())[0]!;
    expect(v.quote(member.symbol)!.t).toBeLessThanOrEqual(START);
    const bars = v.dailyBars(member.symbol, 20);
    expect(bars).toHaveLength(20);
    expect(new Date(bars[19]!.t).toISOString().slice(0, 10)).toBe('2026-11-19');
    expect(bars).toEqual(sim.dailyBars(member.symbol, '2026-10-01', '2026-11-19').slice(-20));
    expect(v.commodities().every((c) => c.t <= START && c.price > 0)).toBe(true);
  });

  for (const s of [biotech, mining]) {
    it(`${s.id}: gather → rules → risk gives grounded proposals within the risk parameters`, async () => {
      const { universe, data, output, risk, params } = await run(s, view());
      expect(universe.length).toBeGreaterThan(100);
      expect(data.members.length).toBeGreaterThan(100);
      expect(AnalystOutputSchema.parse(output)).toEqual(output);
      expect(output.decisions.length).toBeGreaterThan(0);
      expect(output.decisions.length).toBeLessThanOrEqual(params.maxProposalsPerRun);
      let bought = 0;
      for (const d of output.decisions) {
        const fact = data.facts.symbols[d.symbol];
        expect(fact, d.symbol).toBeDefined();
        expect(d.referencePrice).toBe(fact!.last);
        expect(d.evidence.length).toBeGreaterThan(0);
        if (d.action === 'buy') {
          bought += d.sizeFraction;
          expect(d.sizeFraction).toBeGreaterThan(0);
          expect(d.sizeFraction).toBeLessThanOrEqual(params.maxPositionSize);
          expect(d.stopPrice!).toBeLessThan(d.referencePrice);
          expect(d.stopPrice!).toBeGreaterThanOrEqual(d.referencePrice * 0.85);
          expect(d.limitPrice!).toBeLessThanOrEqual(d.referencePrice * 1.02);
        }
      }
      // New buys of one run deploy at most 60 % of the sleeve's capital.
      expect(bought).toBeLessThanOrEqual(0.6 + 1e-9);
      const g = groundDecisions(output, data.facts, { knownSymbols: sim.instruments().map((i) => i.symbol), givenSymbols: data.members.map((m) => m.symbol) });
      expect(g.rejected).toEqual([]);
      expect(risk.capital).toBe(book(s).capital);
      expect(risk.buysPaused).toBe(false);
      expect(risk.metrics.length).toBeGreaterThan(5);
      const prompt = s.buildPrompt(s.defaults.promptTemplate, book(s), data, params);
      for (const d of output.decisions) expect(prompt.user).toContain(d.symbol);
    });
  }

  it('mining reads exploration and drilling news of its shortlist from the news feed, quoted in its prompt', async () => {
    const { data, params } = await run(mining, view());
    const d = miningDetail(data);
    const explored = d.rows.filter((r) => r.exploration !== null);
    expect(explored.length).toBeGreaterThan(0);
    const prompt = mining.buildPrompt(mining.defaults.promptTemplate, book(mining), data, params);
    for (const r of explored) expect(prompt.user).toContain(r.exploration!.title);
  });

  it('is deterministic for the seed (fresh views, cold caches)', async () => {
    for (const s of [biotech, mining]) {
      const a = await run(s, view());
      const b = await run(s, view());
      expect(b.output).toEqual(a.output);
      expect(b.data.facts).toEqual(a.data.facts);
      expect(b.risk).toEqual(a.risk);
    }
  });

  it('reports the time of a full rules run of both segments', async () => {
    const v = view();
    // What the manager does at start: warm the commodity paths (the mining segment's start hook).
    let t0 = performance.now();
    await mining.start?.({ segmentId: 'mining', log: pino({ level: 'silent' }), market: v, now: () => engine.clock.now() });
    const warm = performance.now() - t0;
    t0 = performance.now();
    const rb = await run(biotech, v);
    const rm = await run(mining, v);
    const first = performance.now() - t0;
    t0 = performance.now();
    await run(biotech, v);
    await run(mining, v);
    const second = performance.now() - t0;
    console.info(
      `segments rules run: biotech ${rb.data.members.length} + mining ${rm.data.members.length} members — ` +
        `commodity warm-up ${warm.toFixed(0)} ms, first run ${first.toFixed(0)} ms, cached run ${second.toFixed(0)} ms ` +
        `(${rb.output.decisions.length} + ${rm.output.decisions.length} decisions)`,
    );
    expect(first).toBeGreaterThan(0);
  });
});
