/**
 * Integration: createGuardrails over a real migrated in-memory database (daily bars written through the bars
 * repository from the seeded simulator), the real calendar and earnings calendar, and a small MarketService that
 * serves the simulator's instruments and quotes on a simulated clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError, RPC_ERROR, type Instrument } from '../../../../shared/contract';
import { SimulatedClock } from '../../clock';
import { createBarsRepo, openMemoryDatabase, type BarsRepo, type Db } from '../../db';
import { silentLogger } from '../../log';
import { addTradingDays, tradingDaysBetween } from '../../market/calendar';
import type { MarketService } from '../../market/market-service';
import { clinicalMilestones, corporateEvents } from '../../market/simulator/earnings';
import { createMarketSimulator } from '../../market/simulator';
import { createGuardrails, type Guardrails, type GuardrailsDeps } from './index';
import { readRegime } from './regime';
import type { PositionSnapshot, ResolvedIntent } from './types';

const SEED = 11;
const RESOURCES = fileURLToPath(new URL('../../../../../resources', import.meta.url));
const sim = createMarketSimulator({ seed: SEED });
const ny = (s: string): number => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm', { zone: 'America/New_York' }).toMillis();

const stocks = sim.instruments().filter((i) => i.kind === 'stock');
const STOCK = stocks[0]!;
/** A stock reporting earnings between 2026-11-09 and 2026-11-17, and that date. */
const { inst: REPORTER, date: REPORT_DATE } = (() => {
  for (const inst of stocks) {
    const e = corporateEvents(SEED, [inst], '2026-11-09', '2026-11-17').find((x) => x.kind === 'earnings');
    if (e) return { inst, date: e.date };
  }
  throw new Error('no reporter in the simulated universe');
})();
/** A drug developer with a trial readout in 2026-11-23..2026-12-18 and no other event within 5 trading days of it. */
const { inst: TRIAL, date: READOUT_DATE } = (() => {
  for (const inst of stocks) {
    const r = clinicalMilestones(SEED, [inst], '2026-11-23', '2026-12-18')[0];
    if (!r) continue;
    const others = corporateEvents(SEED, [inst], addTradingDays(r.date, -5), addTradingDays(r.date, 5));
    if (others.length === 0) return { inst, date: r.date };
  }
  throw new Error('no trial readout in the simulated universe');
})();
const SYMBOLS = ['IWM', STOCK.symbol, REPORTER.symbol, TRIAL.symbol];

let db: Db;
let bars: BarsRepo;
let dataDir: string;
let clock: SimulatedClock;
let positions: PositionSnapshot[];
let equity: number;
let guardrails: Guardrails;
let lastDaily: ReturnType<typeof vi.fn>;
const changes: string[] = [];

function fakeMarket(): MarketService {
  const list: readonly Instrument[] = sim.instruments();
  const known = new Set(list.map((i) => i.symbol));
  return {
    sourceName: 'simulator',
    instruments: () => list,
    quote(symbol: string) {
      if (!known.has(symbol)) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
      return sim.quote(symbol, clock.now());
    },
  } as unknown as MarketService;
}

beforeEach(() => {
  db = openMemoryDatabase();
  const repo = createBarsRepo(db);
  db.transaction(() => {
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (const s of SYMBOLS) repo.write('daily', s, sim.dailyBars(s, '2026-03-02', '2026-12-31'), 'simulator', counts);
  })();
  lastDaily = vi.fn((symbol: string, before: number, n: number) => repo.lastDaily(symbol, before, n));
  bars = { ...repo, lastDaily } as BarsRepo;
  dataDir = mkdtempSync(join(tmpdir(), 'kestrel-guardrails-int-'));
  clock = new SimulatedClock({ start: ny('2026-11-18 10:30'), paused: true });
  positions = [];
  equity = 1_000_000;
  changes.length = 0;
  const deps: GuardrailsDeps = {
    clock,
    market: fakeMarket(),
    bars,
    seed: SEED,
    resourcesDir: RESOURCES,
    dataDir,
    log: silentLogger(),
    positions: () => positions,
    equity: () => equity,
    onConfigChanged: (_next, _prev, origin) => changes.push(origin),
  };
  guardrails = createGuardrails(deps);
  guardrails.start();
});

afterEach(() => {
  guardrails.stop();
  db.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const intent = (over: Partial<ResolvedIntent> = {}): ResolvedIntent => ({
  symbol: STOCK.symbol,
  side: 'buy',
  quantity: 100,
  orderType: 'market',
  limitPrice: null,
  stopPrice: null,
  takeProfitPrice: null,
  stopLossPrice: null,
  originId: null,
  ...over,
});

describe('createGuardrails', () => {
  it('evaluates a small order on the live quote, ADV20 from stored bars and the IWM regime', () => {
    const r = guardrails.evaluate(intent(), { phase: 'creation', playbook: 'catalyst_swing' });
    const q = sim.quote(STOCK.symbol, clock.now());
    expect(r).toMatchObject({ phase: 'creation', price: q.last, quoteAsOf: q.t, source: 'simulator', evaluatedAt: clock.now() });
    expect(r.checks).toHaveLength(10);
    // ADV20: the 20 sessions before 2026-11-18, straight from the simulator
    const prior = sim.dailyBars(STOCK.symbol, addTradingDays('2026-11-18', -20), addTradingDays('2026-11-18', -1));
    expect(prior).toHaveLength(20);
    const adv20 = prior.reduce((s, b) => s + b.v, 0) / 20;
    const liq = r.checks.find((c) => c.check === 'liquidity')!;
    expect(liq.inputs.adv).toBe(Math.round(adv20));
    expect(liq.value).toBeCloseTo(100 / adv20, 6);
    // the regime is read from the 50 IWM sessions before today
    const want = readRegime(sim.dailyBars('IWM', addTradingDays('2026-11-18', -50), addTradingDays('2026-11-18', -1)));
    expect(guardrails.regime()).toEqual(want);
    expect(guardrails.info().regime).toBe(want.label);
    expect(r.checks.find((c) => c.check === 'regime')!.value).toBe(want.label);
  });

  it('blocks an order into earnings within two trading days, holiday-aware', () => {
    const dayBefore = addTradingDays(REPORT_DATE, -1);
    clock.jumpTo(ny(`${dayBefore} 11:00`));
    const r = guardrails.evaluate(intent({ symbol: REPORTER.symbol }), { phase: 'approval', playbook: 'catalyst_swing' });
    const ev = r.checks.find((c) => c.check === 'event_window')!;
    expect(ev).toMatchObject({ passed: false, severity: 'block', value: 1, unit: 'days' });
    expect(ev.message).toContain(`Earnings on ${REPORT_DATE}`);
    expect(r.passed).toBe(false);
    // far enough ahead it passes: 10 trading days before
    clock.jumpTo(ny(`${addTradingDays(REPORT_DATE, -10)} 11:00`));
    const early = guardrails.evaluate(intent({ symbol: REPORTER.symbol }), { phase: 'approval', playbook: 'catalyst_swing' });
    const ev2 = early.checks.find((c) => c.check === 'event_window')!;
    expect(ev2.value).toBe(tradingDaysBetween(addTradingDays(REPORT_DATE, -10), REPORT_DATE).length - 1);
    expect(ev2.passed).toBe(true);
  });

  it('a trial readout counts like an FDA date: blocked the day before, listed among the events', () => {
    expect(guardrails.events(TRIAL.symbol, '2026-11-01', '2026-12-31').some((e) => e.kind === 'trial_readout' && e.date === READOUT_DATE)).toBe(true);
    clock.jumpTo(ny(`${addTradingDays(READOUT_DATE, -1)} 11:00`));
    const r = guardrails.evaluate(intent({ symbol: TRIAL.symbol }), { phase: 'approval', playbook: 'catalyst_swing' });
    const ev = r.checks.find((c) => c.check === 'event_window')!;
    expect(ev).toMatchObject({ passed: false, severity: 'block', value: 1, inputs: { eventKind: 'trial_readout', eventDate: READOUT_DATE } });
    expect(ev.message).toContain(`Trial readout on ${READOUT_DATE}`);
  });

  it('sizes against the positions and equity it is given', () => {
    const price = sim.quote(STOCK.symbol, clock.now()).last;
    const qty = Math.floor(50_000 / price) + 1;
    const r = guardrails.evaluate(intent({ quantity: qty }), { phase: 'what_if' });
    expect(r.checks.find((c) => c.check === 'position_size')).toMatchObject({ passed: false, unit: 'usd' });
    positions = [{ symbol: STOCK.symbol, sector: STOCK.sector, quantity: qty * 2, marketValue: qty * 2 * price, originId: null }];
    const sell = guardrails.evaluate(intent({ quantity: qty, side: 'sell' }), { phase: 'what_if' });
    expect(sell.checks.find((c) => c.check === 'position_size')).toMatchObject({ passed: true, severity: 'info' });
    equity = 0;
    expect(guardrails.evaluate(intent(), { phase: 'what_if' }).checks.find((c) => c.check === 'position_size')!.passed).toBe(false);
  });

  it('caches ADV and the regime per session date', () => {
    lastDaily.mockClear();
    for (let i = 0; i < 50; i++) guardrails.evaluate(intent(), { phase: 'what_if', playbook: 'hedge' });
    // one ADV read (the regime was warmed by start())
    expect(lastDaily).toHaveBeenCalledTimes(1);
    clock.jumpTo(ny('2026-11-19 10:30'));
    guardrails.evaluate(intent(), { phase: 'what_if', playbook: 'hedge' });
    expect(lastDaily.mock.calls.map((c) => c[0])).toEqual([STOCK.symbol, STOCK.symbol, 'IWM']);
  });

  it('outside a session: the price is the last close and the gap waits for the open', () => {
    clock.jumpTo(ny('2026-11-21 12:00')); // Saturday
    const r = guardrails.evaluate(intent(), { phase: 'what_if', playbook: 'hedge' });
    const fresh = r.checks.find((c) => c.check === 'data_freshness')!;
    expect(fresh).toMatchObject({ passed: true, severity: 'info' });
    expect(fresh.message).toMatch(/^Market is closed/);
    expect(r.checks.find((c) => c.check === 'playbook_gap_chase')).toMatchObject({ passed: true, value: null });
  });

  it('rejects an unknown symbol (notFound) and an unknown playbook (invalidParams)', () => {
    expect(() => guardrails.evaluate(intent({ symbol: 'NO_SUCH_1' }), { phase: 'what_if' })).toThrow(expect.objectContaining({ code: RPC_ERROR.notFound }));
    expect(() => guardrails.playbook('yolo')).toThrow(expect.objectContaining({ code: RPC_ERROR.invalidParams }));
    expect(guardrails.playbook().id).toBe(guardrails.config().defaultPlaybook);
  });

  it('lists the simulator events of a symbol', () => {
    const ev = guardrails.events(REPORTER.symbol, '2026-11-01', '2026-12-31');
    expect(ev.some((e) => e.kind === 'earnings' && e.date === REPORT_DATE)).toBe(true);
    expect(guardrails.events('IWM', '2026-01-01', '2026-12-31')).toEqual([]);
    expect(() => guardrails.events('NO_SUCH_1', '2026-01-01', '2026-12-31')).toThrow(EngineError);
  });

  it('updateLimits writes the override, reports it, and the next evaluation uses it', () => {
    const before = guardrails.evaluate(intent(), { phase: 'what_if', playbook: 'hedge' });
    expect(before.checks.find((c) => c.check === 'liquidity')!.passed).toBe(true);
    const ratio = before.checks.find((c) => c.check === 'liquidity')!.value as number;
    const info = guardrails.updateLimits({ advMaxOrderRatio: ratio / 2 });
    expect(info.config.limits.advMaxOrderRatio).toBe(ratio / 2);
    expect(info.overridePath).toBe(join(dataDir, 'guardrails.yaml'));
    expect(info.defaultsPath).toBe(join(RESOURCES, 'guardrails.yaml'));
    expect(changes).toEqual(['api']);
    const after = guardrails.evaluate(intent(), { phase: 'what_if', playbook: 'hedge' });
    expect(after.checks.find((c) => c.check === 'liquidity')!.passed).toBe(false);
  });

  it('is fast: p99 of an evaluation well under the 5 ms bench target', () => {
    positions = stocks.slice(0, 40).map((s, i) => ({ symbol: s.symbol, sector: s.sector, quantity: 100 + i, marketValue: (100 + i) * 10, originId: i % 2 ? 'seg1' : null }));
    const times: number[] = [];
    for (let i = 0; i < 2_000; i++) {
      const t0 = performance.now();
      guardrails.evaluate(intent({ quantity: 100 + (i % 50), originId: 'seg1' }), { phase: 'what_if', evidence: [{ text: 'x', source: 'y', catalyst: true, t: clock.now() - 1_000 }] });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.99)]!).toBeLessThan(5);
  });
});
