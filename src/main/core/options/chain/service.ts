/**
 * The options-chain service: expiries, live chains, chain analytics and single-contract quotes for the desk, the
 * paper broker and positions. The model (surface, ladders, spreads, activity) is the simulator's
 * (market/simulator/options-chain.ts); this module keeps its per-session state, reprices live from the market
 * service's current quote, stores snapshots and the IV history in SQLite, and caches.
 *
 * Caches: per (underlying, session) the day's model state (closes, surface, expiries, per-expiry ladders with
 * their symbols, OI and volume precomputed); per (underlying, expiry) the last live chain, keyed by the quote's
 * time and price, the rate and the engine minute, so repeated calls cost a map lookup. The stored snapshot of a
 * chain is refreshed at most every `cacheMinutes` (sooner when the session changes or spot moves > 2 %) and is
 * what `analytics` reads; a chain request queues it (written once its reply is out, one snapshot per event-loop turn), so no request waits on a
 * disk sync, while analytics store and read it in line.
 */
import {
  EngineError,
  RPC_ERROR,
  type ChainAnalytics,
  type ChainRow,
  type Expiry,
  type Greeks,
  type Instrument,
  type OptionChain,
  type OptionQuote,
  quoteOfRow,
} from '../../../../shared/contract';
import type { Clock } from '../../clock';
import type { Db } from '../../db/open-database';
import { createBarsRepo } from '../../db/repositories/bars-repo';
import { createOptionsRepo } from '../../db/repositories/options-repo';
import { createSettingsRepo } from '../../db/repositories/settings-repo';
import type { Logger } from '../../log';
import { nyDate, previousTradingDay, sessionFor, sessionPhaseAt } from '../../market/calendar';
import type { MarketService } from '../../market/market-service';
import { scheduledEvents } from '../../market/simulator/earnings';
import {
  chainDay,
  chainQuote,
  contractFacts,
  expiryBasis,
  expiryClose,
  expiryRecord,
  isExpiryDate,
  iv30,
  ivHistoryModel,
  optionability,
  pricingContext,
  quoteContract,
  strikeLadder,
  type ChainDay,
  type ContractFacts,
  type ExpiryBasis,
  type ListedExpiry,
} from '../../market/simulator/options-chain';
import { createGreeks } from '../pricing/bsm';
import { impliedVolBatch } from '../pricing/iv';
import { atmRow, expectedMove, gammaExposure, ivStats, maxPain, putCallRatios } from './analytics';
import { formatOccSymbol, parseOccSymbol, type OccParts } from './symbols';

export const DEFAULT_RISK_FREE_RATE = 0.045;
/** Settings key of the risk-free rate (decimal). */
export const RATE_SETTING = 'options.riskFreeRate';
export const DEFAULT_CHAIN_CACHE_MINUTES = 15;
const MULTIPLIER = 100;
const DAY_MS = 86_400_000;
/** Daily closes read per underlying: 252 sessions of IV history plus 120 for the long-run realised vol. */
const CLOSES = 400;
/** A stored snapshot is refreshed early when spot moved more than this fraction. */
const SNAPSHOT_SPOT_MOVE = 0.02;
const MAX_DAYS = 400;

export interface OptionsChainServiceDeps {
  market: MarketService;
  clock: Clock;
  db: Db;
  seed: number;
  log: Logger;
  /** Minutes a stored chain snapshot stays fresh (OPTIONS_CHAIN_CACHE_MINUTES). Default 15. */
  cacheMinutes?: number;
}

export interface ExpiriesResult {
  underlying: string;
  optionable: boolean;
  reason: string | null;
  expiries: Expiry[];
}

export interface OptionsChainService {
  expiries(underlying: string): ExpiriesResult;
  /** The live chain of one expiry (default: the nearest at least one day out). */
  chain(underlying: string, expiry?: string): OptionChain;
  analytics(underlying: string, expiry?: string): ChainAnalytics;
  /** A live quote with Greeks for any contract of a listed or still-trading expiry; null when there is none. */
  contract(symbol: string): OptionQuote | null;
  /**
   * A contract's mark at the previous session's close (the underlying's previous close, that moment's time to
   * expiry and surface), for day P&L; null when there is no such contract.
   */
  previousMark(symbol: string): number | null;
  /** The daily ATM IV30 history (252 sessions before today, oldest first). */
  ivHistory(underlying: string): { date: string; iv: number }[];
  parseSymbol(symbol: string): OccParts | null;
  formatSymbol(parts: OccParts): string;
  /** The risk-free rate in use (the `options.riskFreeRate` setting, default 0.045). */
  rate(): number;
  /** Writes the chain snapshots still queued (tests; the engine at stop). */
  flushSnapshots(): void;
  readonly source: string;
}

interface Ladder {
  lo: number;
  hi: number;
  strikes: number[];
  calls: ContractFacts[];
  puts: ContractFacts[];
}

interface ExpiryState {
  basis: ExpiryBasis;
  ladder: Ladder | null;
  live: { key: string; chain: OptionChain } | null;
}

interface UnderlyingState {
  day: ChainDay;
  closes: number[];
  sessions: string[];
  byExpiry: Map<string, ExpiryState>;
  history: { date: string; iv: number }[] | null;
}

export function createOptionsChainService(deps: OptionsChainServiceDeps): OptionsChainService {
  const { market, clock, seed, log } = deps;
  const cacheMs = Math.max(0, deps.cacheMinutes ?? DEFAULT_CHAIN_CACHE_MINUTES) * 60_000;
  const bars = createBarsRepo(deps.db);
  const repo = createOptionsRepo(deps.db);
  const settings = createSettingsRepo(deps.db);
  const source = `${market.sourceName}:${seed}`;
  const states = new Map<string, UnderlyingState>();
  const scratch: Greeks = createGreeks();
  let instruments: readonly Instrument[] | null = null;
  let bySymbol = new Map<string, Instrument>();

  function instrument(symbol: string): Instrument | undefined {
    const list = market.instruments();
    if (list !== instruments) {
      instruments = list;
      bySymbol = new Map(list.map((i) => [i.symbol, i]));
    }
    return bySymbol.get(symbol.toUpperCase());
  }

  function requireOptionable(underlying: string): Instrument {
    const inst = instrument(underlying);
    if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${underlying}`);
    const o = optionability(inst);
    if (!o.optionable) throw new EngineError(RPC_ERROR.notFound, o.reason ?? `${inst.symbol} has no listed options`);
    return inst;
  }

  function rate(): number {
    const r = settings.get<number>(RATE_SETTING);
    return typeof r === 'number' && Number.isFinite(r) && r > -0.05 && r < 0.5 ? r : DEFAULT_RISK_FREE_RATE;
  }

  /** An OCC symbol's parts and its optionable underlying, or null for anything Kestrel does not list. */
  function contractParts(symbol: string): (OccParts & { inst: Instrument }) | null {
    const p = parseOccSymbol(symbol);
    if (!p) return null;
    const inst = instrument(p.underlying);
    if (!inst || !optionability(inst).optionable || !isExpiryDate(p.expiry)) return null;
    if (Math.abs(p.strike * 2 - Math.round(p.strike * 2)) > 1e-9) return null;
    return { ...p, inst };
  }

  /**
   * One contract priced on the day's surface at spot `spot` and instant `at` (off the live ladder: a contract
   * listed on an earlier day, an expiry closing today, a previous close); null when the expiry had closed by `at`.
   */
  function priceOffLadder(s: UnderlyingState, p: OccParts, spot: number, at: number): OptionQuote | null {
    const es = s.byExpiry.get(p.expiry);
    const listedExp: ListedExpiry = es?.basis.expiry ?? { expiry: p.expiry, kind: 'weekly', close: expiryClose(p.expiry) };
    if (listedExp.close <= at && p.expiry !== nyDate(at)) return null;
    const basis = es?.basis ?? expiryBasis(s.day, listedExp);
    const facts = contractFacts(s.day, basis, p.strike, p.type);
    return quoteContract(s.day, p.expiry, pricingContext(s.day, listedExp, spot, rate(), at), p.strike, p.type, facts, scratch);
  }

  function sessionDateAt(now: number): string {
    return sessionPhaseAt(now).date;
  }

  function state(inst: Instrument, now: number): UnderlyingState {
    const sessionDate = sessionDateAt(now);
    const hit = states.get(inst.symbol);
    if (hit && hit.day.sessionDate === sessionDate) return hit;
    const open = sessionFor(sessionDate)!.open;
    const daily = bars.lastDaily(inst.symbol, open, CLOSES);
    const closes = daily.map((b) => b.c);
    const sessions = daily.map((b) => nyDate(b.t));
    const horizon = new Date(Date.parse(`${sessionDate}T00:00:00Z`) + MAX_DAYS * DAY_MS).toISOString().slice(0, 10);
    const first = sessions[0] ?? sessionDate;
    const events = scheduledEvents(seed, [inst], first, horizon);
    const day = chainDay({
      seed,
      inst,
      sessionDate,
      closes: closes.slice(-121),
      sessions: sessions.slice(-9),
      events: events.filter((e) => e.date >= sessionDate),
      adv: market.avgVolume(inst.symbol),
      fallbackRef: market.quote(inst.symbol).prevClose,
    });
    const s: UnderlyingState = { day, closes, sessions, byExpiry: new Map(), history: null };
    for (const e of day.expiries) s.byExpiry.set(e.expiry, { basis: expiryBasis(day, e), ladder: null, live: null });
    states.set(inst.symbol, s);
    if (states.size > 500) for (const k of states.keys()) if (states.size > 400) states.delete(k);
    return s;
  }

  function listed(s: UnderlyingState, now: number): ListedExpiry[] {
    return s.day.expiries.filter((e) => e.close > now);
  }

  function resolveExpiry(s: UnderlyingState, now: number, expiry: string | undefined): ExpiryState {
    const open = listed(s, now);
    if (expiry === undefined) {
      const pick = open.find((e) => e.close - now >= DAY_MS) ?? open[open.length - 1];
      if (!pick) throw new EngineError(RPC_ERROR.notFound, `${s.day.inst.symbol} has no listed expiry`);
      return s.byExpiry.get(pick.expiry)!;
    }
    const hit = open.some((e) => e.expiry === expiry) ? s.byExpiry.get(expiry) : undefined;
    if (!hit) {
      throw new EngineError(RPC_ERROR.invalidParams, `${expiry} is not a listed expiry of ${s.day.inst.symbol}; listed: ${open.map((e) => e.expiry).join(', ')}`, {
        expiries: open.map((e) => e.expiry),
      });
    }
    return hit;
  }

  /** The ladder of an expiry covering the reference and the session's range so far (it only ever widens). */
  function ladderFor(s: UnderlyingState, es: ExpiryState, lo: number, hi: number): Ladder {
    const cur = es.ladder;
    const L = Math.min(lo, cur?.lo ?? Infinity);
    const H = Math.max(hi, cur?.hi ?? -Infinity);
    if (cur && cur.lo <= L && cur.hi >= H) return cur;
    const strikes = strikeLadder(L, H, es.basis.refDays, s.day.increment);
    const known = new Map<number, [ContractFacts, ContractFacts]>();
    if (cur) cur.strikes.forEach((k, i) => known.set(k, [cur.calls[i]!, cur.puts[i]!]));
    const calls: ContractFacts[] = [];
    const puts: ContractFacts[] = [];
    for (const K of strikes) {
      const k = known.get(K);
      calls.push(k?.[0] ?? contractFacts(s.day, es.basis, K, 'call'));
      puts.push(k?.[1] ?? contractFacts(s.day, es.basis, K, 'put'));
    }
    es.ladder = { lo: L, hi: H, strikes, calls, puts };
    return es.ladder;
  }

  function buildChain(inst: Instrument, s: UnderlyingState, es: ExpiryState, now: number): OptionChain {
    const quote = market.quote(inst.symbol);
    const r = rate();
    const key = `${quote.t}|${quote.last}|${r}|${Math.floor(now / 60_000)}`;
    if (es.live && es.live.key === key) return es.live.chain;
    const spot = quote.last;
    const lo = Math.min(s.day.ref, spot, quote.low > 0 ? quote.low : spot);
    const hi = Math.max(s.day.ref, spot, quote.high);
    const ladder = ladderFor(s, es, lo, hi);
    const exp = es.basis.expiry;
    const ctx = pricingContext(s.day, exp, spot, r, now);
    const rows: ChainRow[] = new Array<ChainRow>(ladder.strikes.length);
    for (let i = 0; i < ladder.strikes.length; i++) {
      const K = ladder.strikes[i]!;
      rows[i] = {
        strike: K,
        call: chainQuote(s.day, ctx, K, 'call', ladder.calls[i]!, scratch),
        put: chainQuote(s.day, ctx, K, 'put', ladder.puts[i]!, scratch),
      };
    }
    const chain: OptionChain = {
      underlying: inst.symbol,
      spot,
      expiry: exp.expiry,
      daysToExpiry: (exp.close - now) / DAY_MS,
      rate: r,
      dividendYield: s.day.q,
      multiplier: MULTIPLIER,
      atmStrike: atmRow(rows, spot).strike,
      rows,
      source: market.sourceName,
      asOf: now,
    };
    es.live = { key, chain };
    return chain;
  }

  /** Snapshots waiting to be written after the reply that produced them (keyed underlying|expiry). */
  const pendingWrites = new Map<string, { chain: OptionChain; sessionDate: string; now: number }>();
  let flushTimer: NodeJS.Immediate | null = null;

  /** Queues the snapshot write for shortly after the reply: a chain request never waits for a disk sync. */
  function storeLater(chain: OptionChain, sessionDate: string, now: number): void {
    pendingWrites.set(`${chain.underlying}|${chain.expiry}`, { chain, sessionDate, now });
    if (flushTimer === null) armFlush();
  }

  /**
   * Right after the current turn: the reply that queued the snapshot is already written to its socket or port by
   * then (the dispatcher sends it from this turn's microtasks), and the caller is busy reading it, so the write
   * lands in the gap before its next request rather than at a fixed delay that can meet one.
   */
  function armFlush(): void {
    flushTimer = setImmediate(flushNext);
    flushTimer.unref?.();
  }

  function store(job: { chain: OptionChain; sessionDate: string; now: number }): void {
    try {
      storeIfStale(job.chain, job.sessionDate, job.now);
    } catch (error) {
      log.warn({ err: error }, 'option chain snapshot not stored');
    }
  }

  /**
   * One queued snapshot per macrotask: a write of a few hundred rows is a synchronous transaction, and several in a
   * row would hold the event loop long enough to delay a request that arrives meanwhile.
   */
  function flushNext(): void {
    flushTimer = null;
    const first = pendingWrites.entries().next();
    if (first.done) return;
    pendingWrites.delete(first.value[0]);
    store(first.value[1]);
    if (pendingWrites.size > 0) armFlush();
  }

  /** Writes every queued snapshot now (tests; the engine at stop). */
  function flushWrites(): void {
    if (flushTimer) clearImmediate(flushTimer);
    flushTimer = null;
    const jobs = [...pendingWrites.values()];
    pendingWrites.clear();
    for (const j of jobs) store(j);
  }

  /** Stores the chain as the snapshot when the stored one is missing or stale; returns whether it wrote. */
  function storeIfStale(chain: OptionChain, sessionDate: string, now: number): boolean {
    if (!deps.db.open) return false;
    const info = repo.snapshotInfo(chain.underlying, chain.expiry);
    const fresh =
      info !== null &&
      info.sessionDate === sessionDate &&
      info.source === chain.source &&
      now >= info.asOf &&
      now - info.asOf < cacheMs &&
      Math.abs(chain.spot / info.spot - 1) <= SNAPSHOT_SPOT_MOVE;
    if (fresh) return false;
    try {
      repo.writeSnapshot(chain, sessionDate);
    } catch (error) {
      log.warn({ err: error, underlying: chain.underlying, expiry: chain.expiry }, 'option chain snapshot not stored');
      return false;
    }
    return true;
  }

  function history(inst: Instrument, s: UnderlyingState): { date: string; iv: number }[] {
    if (s.history) return s.history;
    const dates = s.sessions.slice(20).slice(-252);
    if (dates.length === 0) return (s.history = []);
    const stored = repo.ivHistory(inst.symbol, source, dates[0]!, dates[dates.length - 1]!);
    if (stored.length === dates.length) return (s.history = stored);
    const events = scheduledEvents(seed, [inst], s.sessions[0]!, new Date(Date.parse(`${s.day.sessionDate}T00:00:00Z`) + 40 * DAY_MS).toISOString().slice(0, 10));
    const model = ivHistoryModel(seed, inst, s.closes, s.sessions, events, 252);
    repo.putIvHistory(inst.symbol, source, model);
    return (s.history = model);
  }

  /** The smile from each contract's mark (what a trader's platform shows); the surface IV where no σ fits the mark. */
  function markSmile(chain: OptionChain): { strike: number; callIv: number; putIv: number }[] {
    const T = Math.max(0, chain.daysToExpiry / 365);
    const queries = chain.rows.flatMap((r) =>
      (['call', 'put'] as const).map((type) => ({ type, price: r[type].mark, spot: chain.spot, strike: r.strike, rate: chain.rate, dividendYield: chain.dividendYield, time: T })),
    );
    const solved = impliedVolBatch(queries);
    return chain.rows.map((r, i) => ({ strike: r.strike, callIv: solved[2 * i]!.iv ?? r.call.iv, putIv: solved[2 * i + 1]!.iv ?? r.put.iv }));
  }

  const service: OptionsChainService = {
    source: market.sourceName,
    rate,
    flushSnapshots: flushWrites,
    parseSymbol: parseOccSymbol,
    formatSymbol: formatOccSymbol,

    expiries(underlying) {
      const inst = instrument(underlying);
      if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${underlying}`);
      const o = optionability(inst);
      if (!o.optionable) return { underlying: inst.symbol, optionable: false, reason: o.reason, expiries: [] };
      const now = clock.now();
      const s = state(inst, now);
      return { underlying: inst.symbol, optionable: true, reason: null, expiries: listed(s, now).map((e) => expiryRecord(e, now, s.day.surface)) };
    },

    chain(underlying, expiry) {
      const inst = requireOptionable(underlying);
      const now = clock.now();
      const s = state(inst, now);
      const chain = buildChain(inst, s, resolveExpiry(s, now, expiry), now);
      storeLater(chain, s.day.sessionDate, now);
      return chain;
    },

    analytics(underlying, expiry) {
      const inst = requireOptionable(underlying);
      const now = clock.now();
      const s = state(inst, now);
      const es = resolveExpiry(s, now, expiry);
      const live = buildChain(inst, s, es, now);
      pendingWrites.delete(`${live.underlying}|${live.expiry}`);
      storeIfStale(live, s.day.sessionDate, now);
      const snap = repo.readSnapshot(inst.symbol, live.expiry) ?? live;
      const hist = history(inst, s);
      const current = iv30(s.day.surface, snap.asOf);
      const pcr = putCallRatios(snap.rows);
      const atm = atmRow(snap.rows, snap.spot);
      return {
        underlying: inst.symbol,
        expiry: snap.expiry,
        spot: snap.spot,
        atmIv: (atm.call.iv + atm.put.iv) / 2,
        ivStats: ivStats(
          hist.map((h) => h.iv),
          current,
        ),
        ivHistory: hist,
        pcrVolume: pcr.volume,
        pcrOpenInterest: pcr.openInterest,
        maxPain: maxPain(
          snap.rows.map((r) => ({ strike: r.strike, callOi: r.call.openInterest, putOi: r.put.openInterest })),
          snap.multiplier,
        ),
        expectedMove: expectedMove(snap.rows, snap.spot),
        gammaExposure: gammaExposure(snap.rows, snap.spot, snap.multiplier),
        smile: markSmile(snap),
        source: snap.source,
        asOf: snap.asOf,
      };
    },

    contract(symbol) {
      const p = contractParts(symbol);
      if (!p) return null;
      const { inst } = p;
      const now = clock.now();
      const s = state(inst, now);
      if (p.expiry < s.day.sessionDate && !(p.expiry === nyDate(now))) return null;
      const es = s.byExpiry.get(p.expiry);
      if (es && es.basis.expiry.close > now) {
        const chain = buildChain(inst, s, es, now);
        const row = chain.rows.find((r) => Math.abs(r.strike - p.strike) < 1e-9);
        if (row) return quoteOfRow(chain, row, p.type);
      }
      // A contract off today's ladder (listed on an earlier day) or an expiry closing today: priced the same way.
      if (p.expiry > s.day.expiries[s.day.expiries.length - 1]!.expiry) return null;
      return priceOffLadder(s, p, market.quote(inst.symbol).last, now);
    },

    previousMark(symbol) {
      const p = contractParts(symbol);
      if (!p) return null;
      const s = state(p.inst, clock.now());
      const last = s.day.expiries[s.day.expiries.length - 1];
      if (last === undefined || p.expiry > last.expiry) return null;
      const prevClose = sessionFor(previousTradingDay(s.day.sessionDate))?.close;
      if (prevClose === undefined) return null;
      return priceOffLadder(s, p, market.quote(p.inst.symbol).prevClose, prevClose)?.mark ?? null;
    },

    ivHistory(underlying) {
      const inst = requireOptionable(underlying);
      return history(inst, state(inst, clock.now()));
    },
  };
  return service;
}
