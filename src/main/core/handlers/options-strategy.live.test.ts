/**
 * The strategy handlers over the real chain service (seeded simulator, in-memory database): every template
 * builds from a live chain and every result — build, analyze with what-if, rank for each outlook — fits the
 * contract, with finite numbers throughout.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { EngineError, RPC_ERROR, methods, type Instrument } from '../../../shared/contract';
import { OUTLOOKS } from '../../../shared/contract/options-schemas';
import { SimulatedClock } from '../clock';
import { createBarsRepo, openMemoryDatabase } from '../db';
import { silentLogger } from '../log';
import { averageVolume } from '../market/bars-math';
import { sessionFor } from '../market/calendar';
import type { MarketService } from '../market/market-service';
import { createMarketSimulator } from '../market/simulator';
import { expiryClose, optionability } from '../market/simulator/options-chain';
import { createOptionsChainService } from '../options/chain/service';
import { optionsStrategyHandlers } from './options-strategy';

const SEED = 11;
const sim = createMarketSimulator({ seed: SEED });
const START = DateTime.fromFormat('2026-11-18 10:30', 'yyyy-MM-dd HH:mm', { zone: 'America/New_York' }).toMillis();
const list = sim.instruments();
const STOCK = list.find((i) => i.kind === 'stock' && optionability(i).optionable && sim.quote(i.symbol, START).last > 10)!;

function setup() {
  const db = openMemoryDatabase();
  const bars = createBarsRepo(db);
  db.transaction(() => {
    const c = { inserted: 0, updated: 0, unchanged: 0 };
    for (const s of ['IWM', STOCK.symbol]) bars.write('daily', s, sim.dailyBars(s, '2025-03-03', '2026-11-30'), 'simulator', c);
  })();
  const clock = new SimulatedClock({ start: START, paused: true });
  const known = new Set(list.map((i) => i.symbol));
  const market = {
    sourceName: 'simulator',
    instruments: () => list as Instrument[],
    quote(symbol: string) {
      if (!known.has(symbol)) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
      return sim.quote(symbol, clock.now());
    },
    avgVolume: (s: string) => averageVolume(bars.lastDaily(s, sessionFor('2026-11-18')!.open, 20), 20),
  } as unknown as MarketService;
  const chains = createOptionsChainService({ market, clock, db, seed: SEED, log: silentLogger() });
  return optionsStrategyHandlers({ chains, now: () => clock.now(), expiryTime: expiryClose });
}

describe('options.strategy.* over the simulator chains', () => {
  const h = setup();

  it('builds every template for a stock and an ETF, and the legs analyse back to the same numbers', () => {
    for (const underlying of [STOCK.symbol, 'IWM']) {
      for (const template of ['iron_condor', 'bull_put_spread', 'bear_call_spread', 'covered_call', 'long_straddle'] as const) {
        const r = h['options.strategy.build']({ underlying, template });
        const check = methods['options.strategy.build'].result.safeParse(r);
        expect(check.success, `${underlying} ${template}: ${JSON.stringify(check.error?.issues?.slice(0, 2))}`).toBe(true);
        expect(h['options.strategy.analyze']({ strategy: r.strategy })).toEqual(r.analysis);
        const w = h['options.strategy.analyze']({ strategy: r.strategy, whatIf: { daysForward: 3, ivShiftPoints: -5, spotShiftPct: 4 } });
        expect(methods['options.strategy.analyze'].result.safeParse(w).success).toBe(true);
      }
    }
  });

  it('answers -32602 for a contract dated on a day without a session, and for one already expired', () => {
    const r = h['options.strategy.build']({ underlying: STOCK.symbol, template: 'bull_put_spread' });
    const leg = r.strategy.legs[0]!;
    const at = (expiry: string) => ({ ...leg, expiry, symbol: leg.symbol.replace(/\d{6}(?=[CP])/, expiry.slice(2).replaceAll('-', '')) });
    const analyze = (l: typeof leg) => () => h['options.strategy.analyze']({ strategy: { ...r.strategy, legs: [l] } });
    expect(analyze(at('2026-11-22'))).toThrow(/2026-11-22 is not an expiry date/); // a Sunday
    expect(analyze(at('2026-11-13'))).toThrow(/expired at the 2026-11-13 close/);
    try {
      analyze(at('2026-11-22'))();
    } catch (e) {
      expect((e as EngineError).code).toBe(RPC_ERROR.invalidParams);
    }
  });

  it('ranks candidates for every outlook inside the contract', () => {
    for (const outlook of OUTLOOKS) {
      const r = h['options.strategy.rank']({ underlying: STOCK.symbol, outlook });
      expect(methods['options.strategy.rank'].result.safeParse(r).success).toBe(true);
      expect(r.candidates.length, outlook).toBeGreaterThan(0);
      expect(r.candidates.length).toBeLessThanOrEqual(10);
    }
  });
});
