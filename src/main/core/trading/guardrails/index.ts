/**
 * The guardrails capability: gathers a GuardrailInput for an order (quote, instrument, ADV, positions, the
 * symbol's upcoming corporate events, the market regime) and runs the ten checks; owns the configuration
 * (limits, playbooks) and its override file. The trading service calls evaluate() when a card is created or
 * modified, at approval and at submission (safety rule 2), each time on fresh data.
 *
 * evaluate() is on the hot path (bench: p99 ≤ 5 ms), so the slow inputs are cached: ADV per (symbol, session
 * date, lookback) from the stored daily bars, the regime per session date, the corporate-events calendar per
 * symbol and year, trading-day distances per session date. Quotes, positions and equity are read fresh each time.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EngineError, RPC_ERROR, type Evidence, type GuardrailConfig, type GuardrailLimits, type GuardrailResult, type Instrument, type Playbook, type Quote, type Regime } from '../../../../shared/contract';
import type { Clock } from '../../clock';
import type { BarsRepo } from '../../db/repositories';
import type { Logger } from '../../log';
import { sessionFor, sessionPhaseAt, tradingDaysBetween } from '../../market/calendar';
import type { MarketService } from '../../market/market-service';
import { scheduledEvents } from '../../market/simulator/earnings';
import { createGuardrailConfigStore, type ConfigOrigin } from './config';
import { evaluateChecks } from './evaluate';
import { evaluateStrategyChecks, type StrategyRisk } from './strategy-checks';
import { DEFAULT_REGIME_THRESHOLDS, readRegime, regimeBarsNeeded } from './regime';
import type { CorporateEvent, GuardrailInput, PositionSnapshot, RegimeReading, ResolvedIntent } from './types';

export type { CorporateEvent, GuardrailInput, PositionSnapshot, RegimeReading, ResolvedIntent } from './types';
export { evaluateChecks } from './evaluate';
export { evaluateStrategyChecks, type StrategyRisk, type StrategyLegRisk } from './strategy-checks';
export { readRegime, DEFAULT_REGIME_THRESHOLDS } from './regime';
export * as checks from './checks';

export interface GuardrailsDeps {
  clock: Clock;
  market: MarketService;
  bars: BarsRepo;
  /** Seed of the simulator's earnings calendar. */
  seed: number;
  /** Folder holding the shipped guardrails.yaml (found above this module when empty). */
  resourcesDir: string;
  /** The user's data dir: guardrails.yaml there overrides the defaults. */
  dataDir: string;
  log: Logger;
  /** Open positions now (signed quantity and market value at the last price). */
  positions(): readonly PositionSnapshot[];
  /** Account equity now, dollars. */
  equity(): number;
  onConfigChanged?(next: GuardrailConfig, prev: GuardrailConfig, origin: ConfigOrigin): void;
}

export interface GuardrailsInfo {
  config: GuardrailConfig;
  defaultsPath: string;
  overridePath: string;
  loadedAt: number;
  regime: Regime;
}

export interface Guardrails {
  evaluate(
    intent: ResolvedIntent,
    opts: { phase: GuardrailResult['phase']; playbook?: string; evidence?: readonly Evidence[]; signalAt?: number | null },
  ): GuardrailResult;
  /**
   * The checks for an options strategy on `underlyingIntent.symbol` (see strategy-checks.ts): liquidity on open
   * interest and spreads, size on the maximum loss, the event window against the expiry.
   */
  evaluateStrategy(
    strategy: StrategyRisk,
    opts: { phase: GuardrailResult['phase']; underlyingIntent: ResolvedIntent; playbook?: string; evidence?: readonly Evidence[]; signalAt?: number | null },
  ): GuardrailResult;
  config(): GuardrailConfig;
  /** The named playbook, or the default one; throws EngineError(RPC_ERROR.invalidParams) for an unknown id. */
  playbook(id?: string): Playbook;
  info(): GuardrailsInfo;
  updateLimits(patch: Partial<GuardrailLimits>): GuardrailsInfo;
  regime(): RegimeReading;
  /** Scheduled corporate events of one symbol on dates fromDate..toDate (inclusive), nearest first. */
  events(symbol: string, fromDate: string, toDate: string): CorporateEvent[];
  start(): void;
  stop(): void;
}

/** Calendar days of events looked at ahead of today (covers the largest blackout, 20 sessions, and its warn band). */
const EVENTS_AHEAD_DAYS = 100;
const CACHE_LIMIT = 20_000;

/** Finds the shipped resources folder by walking up from this module (bundled or not). */
export function findGuardrailResources(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'resources', 'guardrails.yaml'))) return join(dir, 'resources');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find resources/guardrails.yaml above ${start}; set resourcesDir`);
}

function addCalendarDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function createGuardrails(deps: GuardrailsDeps): Guardrails {
  const { clock, market, bars, log } = deps;
  const store = createGuardrailConfigStore({
    defaultsPath: join(deps.resourcesDir || findGuardrailResources(), 'guardrails.yaml'),
    overridePath: join(deps.dataDir, 'guardrails.yaml'),
    log,
    now: () => clock.now(),
    onChange(next, prev, origin) {
      regimeCache = null;
      deps.onConfigChanged?.(next, prev, origin);
    },
  });

  let instrumentsRef: readonly Instrument[] | null = null;
  let bySymbol = new Map<string, Instrument>();
  const advCache = new Map<string, number | null>();
  let regimeCache: { date: string; reading: RegimeReading } | null = null;
  let daysCache: { from: string; days: Map<string, number> } = { from: '', days: new Map() };

  function instrument(symbol: string): Instrument {
    const list = market.instruments();
    if (list !== instrumentsRef) {
      instrumentsRef = list;
      bySymbol = new Map(list.map((i) => [i.symbol, i]));
    }
    const inst = bySymbol.get(symbol);
    if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
    return inst;
  }

  /** Completed sessions strictly before the session `date` (today's, or the next one when closed). */
  function sessionStart(date: string): number {
    return sessionFor(date)?.open ?? Date.parse(`${date}T00:00:00Z`);
  }

  function adv(symbol: string, date: string, lookback: number): number | null {
    const key = `${symbol}|${date}|${lookback}`;
    const hit = advCache.get(key);
    if (hit !== undefined) return hit;
    const rows = bars.lastDaily(symbol, sessionStart(date), lookback);
    const value = rows.length === 0 ? null : rows.reduce((s, b) => s + b.v, 0) / rows.length;
    if (advCache.size >= CACHE_LIMIT) advCache.clear();
    advCache.set(key, value);
    return value;
  }

  function regimeAt(date: string): RegimeReading {
    if (regimeCache && regimeCache.date === date) return regimeCache.reading;
    const th = store.get().regime ?? DEFAULT_REGIME_THRESHOLDS;
    const reading = readRegime(bars.lastDaily(th.benchmark, sessionStart(date), regimeBarsNeeded(th)), th);
    regimeCache = { date, reading };
    return reading;
  }

  /** Trading days from the session `from` to `date`: 0 on the day, negative before it. */
  function tradingDaysUntil(from: string, date: string): number {
    if (daysCache.from !== from) daysCache = { from, days: new Map() };
    let d = daysCache.days.get(date);
    if (d === undefined) {
      d = date >= from ? tradingDaysBetween(from, date).length - 1 : -(tradingDaysBetween(date, from).length - 1);
      daysCache.days.set(date, d);
    }
    return d;
  }

  function events(symbol: string, fromDate: string, toDate: string): CorporateEvent[] {
    return scheduledEvents(deps.seed, [instrument(symbol)], fromDate, toDate);
  }

  function playbook(id?: string): Playbook {
    const cfg = store.get();
    const want = id ?? cfg.defaultPlaybook;
    const pb = cfg.playbooks.find((p) => p.id === want);
    if (!pb) throw new EngineError(RPC_ERROR.invalidParams, `unknown playbook ${want} (known: ${cfg.playbooks.map((p) => p.id).join(', ')})`);
    return pb;
  }

  /** Everything the checks read, gathered once per evaluation. */
  function gather(intent: ResolvedIntent, opts: { phase: GuardrailResult['phase']; playbook?: string | undefined; evidence?: readonly Evidence[] | undefined; signalAt?: number | null | undefined }): GuardrailInput {
    const inst = instrument(intent.symbol);
    const pb = playbook(opts.playbook);
    const limits = store.get().limits;
    const now = clock.now();
    const session = sessionPhaseAt(now);
    let quote: Quote | null = null;
    try {
      quote = market.quote(intent.symbol);
    } catch (error) {
      if (!(error instanceof EngineError && error.code === RPC_ERROR.notFound)) throw error;
    }
    return {
      phase: opts.phase,
      now,
      intent,
      limits,
      playbook: pb,
      instrument: inst,
      quote,
      source: market.sourceName,
      sessionOpen: session.phase !== 'closed',
      sessionPhase: session.phase,
      adv: adv(intent.symbol, session.date, limits.advLookbackDays),
      equity: deps.equity(),
      positions: deps.positions(),
      // trial readouts move a biotech as much as a PDUFA date: both calendars count
      events: scheduledEvents(deps.seed, [inst], session.date, addCalendarDays(session.date, EVENTS_AHEAD_DAYS)),
      tradingDaysUntil: (date) => tradingDaysUntil(session.date, date),
      regime: regimeAt(session.date),
      evidence: opts.evidence ?? [],
      signalAt: opts.signalAt ?? null,
    };
  }

  function info(): GuardrailsInfo {
    return {
      config: store.get(),
      defaultsPath: store.defaultsPath,
      overridePath: store.overridePath,
      loadedAt: store.loadedAt(),
      regime: regimeAt(sessionPhaseAt(clock.now()).date).label,
    };
  }

  return {
    evaluate(intent, opts) {
      return evaluateChecks(gather(intent, opts));
    },
    evaluateStrategy(strategy, opts) {
      return evaluateStrategyChecks(gather({ ...opts.underlyingIntent }, opts), strategy);
    },
    config: () => store.get(),
    playbook,
    info,
    updateLimits(patch) {
      store.updateLimits(patch);
      advCache.clear();
      return info();
    },
    regime: () => regimeAt(sessionPhaseAt(clock.now()).date),
    events,
    start() {
      store.start();
      // Warm the regime so the first evaluation does not pay for it.
      try {
        regimeAt(sessionPhaseAt(clock.now()).date);
      } catch (error) {
        log.warn({ err: error }, 'could not read the market regime at start');
      }
    },
    stop() {
      store.stop();
    },
  };
}
