/**
 * The chain service over a real migrated in-memory database holding the seeded simulator's daily bars, and a small
 * MarketService serving the simulator's instruments and quotes on a simulated clock.
 */
import { DateTime } from 'luxon';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError, OptionChainSchema, ChainAnalyticsSchema, RPC_ERROR, quoteOfRow, type Instrument, type OptionChain } from '../../../../shared/contract';
import { SimulatedClock } from '../../clock';
import { createBarsRepo, openMemoryDatabase, type Db } from '../../db';
import { createOptionsRepo } from '../../db/repositories/options-repo';
import { createSettingsRepo } from '../../db/repositories/settings-repo';
import { silentLogger } from '../../log';
import { averageVolume } from '../../market/bars-math';
import { isTradingDay, sessionFor } from '../../market/calendar';
import type { MarketService } from '../../market/market-service';
import { createMarketSimulator } from '../../market/simulator';
import { optionability } from '../../market/simulator/options-chain';
import { createOptionsChainService, RATE_SETTING, type OptionsChainService } from './service';

const SEED = 11;
const sim = createMarketSimulator({ seed: SEED });
const ny = (s: string): number => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm', { zone: 'America/New_York' }).toMillis();
const list = sim.instruments();
const STOCK = list.find((i) => i.kind === 'stock' && optionability(i).optionable && sim.quote(i.symbol, ny('2026-11-18 10:30')).last > 10)!;
const CHEAP = list.find((i) => i.kind === 'stock' && optionability(i).optionable && sim.quote(i.symbol, ny('2026-11-18 10:30')).last < 8)!;
const SMALL = list.find((i) => i.kind === 'stock' && !optionability(i).optionable)!;
const SYMBOLS = ['IWM', STOCK.symbol, CHEAP.symbol];
/** A ticker no instrument has. */
const UNKNOWN = ['ZZZZZZ', 'ZZZZZY', 'ZZZZZX'].find((s) => !list.some((i) => i.symbol === s))!;

function seedBars(db: Db): void {
  const repo = createBarsRepo(db);
  db.transaction(() => {
    const c = { inserted: 0, updated: 0, unchanged: 0 };
    for (const s of SYMBOLS) repo.write('daily', s, sim.dailyBars(s, '2025-03-03', '2026-11-30'), 'simulator', c);
  })();
}

function fakeMarket(clock: SimulatedClock, db: Db): MarketService {
  const repo = createBarsRepo(db);
  const known = new Set(list.map((i) => i.symbol));
  return {
    sourceName: 'simulator',
    instruments: () => list as Instrument[],
    quote(symbol: string) {
      if (!known.has(symbol)) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${symbol}`);
      return sim.quote(symbol, clock.now());
    },
    avgVolume: (s: string) => averageVolume(repo.lastDaily(s, sessionFor('2026-11-18')!.open, 20), 20),
  } as unknown as MarketService;
}

function make(start = ny('2026-11-18 10:30'), cacheMinutes?: number): { svc: OptionsChainService; clock: SimulatedClock; db: Db } {
  const db = openMemoryDatabase();
  seedBars(db);
  const clock = new SimulatedClock({ start, paused: true });
  const svc = createOptionsChainService({ market: fakeMarket(clock, db), clock, db, seed: SEED, log: silentLogger(), ...(cacheMinutes !== undefined ? { cacheMinutes } : {}) });
  return { svc, clock, db };
}

function finiteEverywhere(chain: OptionChain): void {
  for (const r of chain.rows) {
    for (const q of [r.call, r.put]) {
      for (const k of ['bid', 'ask', 'last', 'mark', 'iv', 'delta', 'gamma', 'theta', 'vega', 'rho'] as const) expect(Number.isFinite(q[k]), `${q.symbol} ${k}`).toBe(true);
    }
  }
}

let svc: OptionsChainService;
let clock: SimulatedClock;
beforeEach(() => {
  ({ svc, clock } = make());
});

describe('expiries', () => {
  it('lists weeklies and monthlies on trading days for optionable names; says why for others', () => {
    const r = svc.expiries(STOCK.symbol);
    expect(r.optionable).toBe(true);
    expect(r.expiries.length).toBeGreaterThanOrEqual(11);
    for (const e of r.expiries) {
      expect(isTradingDay(e.expiry)).toBe(true);
      expect(e.daysToExpiry).toBeGreaterThan(0);
    }
    expect(r.expiries.some((e) => e.kind === 'monthly') && r.expiries.some((e) => e.kind === 'weekly')).toBe(true);
    const no = svc.expiries(SMALL.symbol);
    expect(no).toMatchObject({ optionable: false, expiries: [] });
    expect(no.reason).toContain(SMALL.symbol);
  });
  it('unknown underlying → 4004; unknown expiry → -32602 naming the listed ones; non-optionable chain → 4004', () => {
    expect(() => svc.expiries(UNKNOWN)).toThrow(expect.objectContaining({ code: RPC_ERROR.notFound }));
    expect(() => svc.chain(UNKNOWN)).toThrow(expect.objectContaining({ code: RPC_ERROR.notFound }));
    expect(() => svc.chain(SMALL.symbol)).toThrow(expect.objectContaining({ code: RPC_ERROR.notFound }));
    try {
      svc.chain(STOCK.symbol, '2026-11-19');
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe(RPC_ERROR.invalidParams);
      expect((e as EngineError).message).toContain('2026-11-20');
    }
  });
  it('flags the expiries that span an earnings or FDA date', () => {
    const spans = list.filter((i) => i.kind === 'stock' && SYMBOLS.includes(i.symbol)).flatMap((i) => svc.expiries(i.symbol).expiries.filter((e) => e.spansEvent));
    const any = spans.length > 0;
    expect(any).toBe(true);
    expect(svc.expiries('IWM').expiries.every((e) => !e.spansEvent)).toBe(true);
  });
});

describe('chain', () => {
  it('is deterministic for the same seed, clock and bars, and matches the contract schema', () => {
    const a = svc.chain(STOCK.symbol);
    const b = make().svc.chain(STOCK.symbol);
    expect(b).toEqual(a);
    expect(OptionChainSchema.safeParse(a).success).toBe(true);
    expect(a.expiry).toBe('2026-11-20');
    expect(a.daysToExpiry).toBeGreaterThanOrEqual(1);
    expect(a.rate).toBe(0.045);
    expect(a.spot).toBe(sim.quote(STOCK.symbol, clock.now()).last);
  });
  it('defaults to the nearest expiry at least a day out', () => {
    const c = make(ny('2026-11-20 10:00')).svc.chain(STOCK.symbol);
    expect(c.expiry).toBe('2026-11-27');
  });
  it('strikes ascend on the increment around spot; ITM flags; the ATM strike is nearest spot', () => {
    for (const sym of SYMBOLS) {
      const c = svc.chain(sym);
      const ks = c.rows.map((r) => r.strike);
      for (let i = 1; i < ks.length; i++) expect(ks[i]!).toBeGreaterThan(ks[i - 1]!);
      expect(ks[0]!).toBeLessThan(c.spot * 0.7);
      expect(ks.at(-1)!).toBeGreaterThan(c.spot * 1.3);
      for (const r of c.rows) {
        expect(r.call.inTheMoney).toBe(r.strike < c.spot);
        expect(r.put.inTheMoney).toBe(r.strike > c.spot);
        expect(r.call.symbol).toBe(svc.formatSymbol({ underlying: sym, expiry: c.expiry, type: 'call', strike: r.strike }));
      }
      for (const r of c.rows) expect(Math.abs(c.atmStrike - c.spot)).toBeLessThanOrEqual(Math.abs(r.strike - c.spot));
      finiteEverywhere(c);
    }
  });
  it('longer expiries list more strikes', () => {
    const ex = svc.expiries(STOCK.symbol).expiries;
    expect(svc.chain(STOCK.symbol, ex.at(-1)!.expiry).rows.length).toBeGreaterThan(svc.chain(STOCK.symbol, ex[0]!.expiry).rows.length);
  });
  it('spreads are ≥ 0, contain the mark, and widen away from the money', () => {
    for (const sym of SYMBOLS) {
      const c = svc.chain(sym, svc.expiries(sym).expiries[3]!.expiry);
      for (const r of c.rows) {
        for (const q of [r.call, r.put]) {
          expect(q.bid).toBeGreaterThanOrEqual(0);
          expect(q.ask).toBeGreaterThan(q.bid);
          expect(q.mark).toBeCloseTo((q.bid + q.ask) / 2, 9);
        }
      }
      const atm = c.rows.find((r) => r.strike === c.atmStrike)!;
      const deepItmCall = c.rows[0]!.call;
      const deepItmPut = c.rows.at(-1)!.put;
      const rel = (q: { bid: number; ask: number; mark: number }) => (q.ask - q.bid) / q.mark;
      expect(deepItmCall.ask - deepItmCall.bid).toBeGreaterThan(atm.call.ask - atm.call.bid);
      expect(deepItmPut.ask - deepItmPut.bid).toBeGreaterThan(atm.put.ask - atm.put.bid);
      expect(rel(c.rows.at(-1)!.call)).toBeGreaterThan(rel(atm.call));
      expect(rel(c.rows[0]!.put)).toBeGreaterThan(rel(atm.put));
    }
  });
  it('marks obey put–call parity within the two half-spreads', () => {
    for (const sym of SYMBOLS) {
      for (const e of svc.expiries(sym).expiries) {
        const c = svc.chain(sym, e.expiry);
        const T = c.daysToExpiry / 365;
        for (const r of c.rows) {
          const parity = c.spot * Math.exp(-c.dividendYield * T) - r.strike * Math.exp(-c.rate * T);
          const slack = (r.call.ask - r.call.bid) / 2 + (r.put.ask - r.put.bid) / 2 + 1e-9;
          expect(Math.abs(r.call.mark - r.put.mark - parity), `${r.call.symbol}`).toBeLessThanOrEqual(slack);
        }
      }
    }
  });
  it('puts are richer than equidistant calls (skew) and an event bump lifts a spanning expiry', () => {
    const c = svc.chain(STOCK.symbol, svc.expiries(STOCK.symbol).expiries[4]!.expiry);
    const atm = c.rows.findIndex((r) => r.strike === c.atmStrike);
    const lo = c.rows[Math.max(0, atm - 4)]!;
    const hi = c.rows[Math.min(c.rows.length - 1, atm + 4)]!;
    expect(lo.put.iv).toBeGreaterThan(hi.call.iv);
  });
  it('OI is fixed within the session while volume grows with it; the chain follows the live quote', () => {
    const a = svc.chain(STOCK.symbol, '2026-12-18');
    clock.advance(3 * 3_600_000);
    const b = svc.chain(STOCK.symbol, '2026-12-18');
    const common = a.rows.filter((r) => b.rows.some((x) => x.strike === r.strike));
    let grew = 0;
    for (const r of common) {
      const s = b.rows.find((x) => x.strike === r.strike)!;
      expect(s.call.openInterest).toBe(r.call.openInterest);
      expect(s.put.openInterest).toBe(r.put.openInterest);
      expect(s.call.volume).toBeGreaterThanOrEqual(r.call.volume);
      if (s.call.volume > r.call.volume) grew++;
    }
    expect(grew).toBeGreaterThan(0);
    expect(b.spot).toBe(sim.quote(STOCK.symbol, clock.now()).last);
    expect(b.asOf).toBe(clock.now());
    const oiAtm = Math.max(...a.rows.map((r) => r.call.openInterest + r.put.openInterest));
    const oiWing = a.rows[0]!.call.openInterest + a.rows[0]!.put.openInterest;
    expect(oiAtm).toBeGreaterThan(oiWing);
  });
  it('reads the risk-free rate from settings', () => {
    const { svc: s, db } = make();
    createSettingsRepo(db).set(RATE_SETTING, 0.03, 0);
    expect(s.chain(STOCK.symbol).rate).toBe(0.03);
    expect(s.rate()).toBe(0.03);
  });
});

describe('contract', () => {
  it('returns the chain’s own quote for a listed contract and prices off-ladder strikes the same way', () => {
    const c = svc.chain(STOCK.symbol, '2026-12-18');
    const r = c.rows[3]!;
    // The wire row side omits what the chain and row state; the single contract carries it all, same numbers.
    for (const k of ['underlying', 'expiry', 'strike', 'type']) expect(r.put).not.toHaveProperty(k);
    const full = quoteOfRow(c, r, 'put');
    expect(full).toMatchObject({ underlying: STOCK.symbol, expiry: '2026-12-18', strike: r.strike, type: 'put', bid: r.put.bid, iv: r.put.iv });
    expect(svc.contract(r.put.symbol)).toEqual(full);
    expect(svc.contract(r.put.symbol.toLowerCase())).toEqual(full);
    const offLadder = svc.formatSymbol({ underlying: STOCK.symbol, expiry: '2026-12-18', type: 'call', strike: c.rows.at(-1)!.strike + 50 });
    const q = svc.contract(offLadder)!;
    expect(q.strike).toBe(c.rows.at(-1)!.strike + 50);
    expect(q.delta).toBeGreaterThanOrEqual(0);
    expect(q.delta).toBeLessThan(c.rows.at(-1)!.call.delta + 1e-12);
  });
  it('null for malformed symbols, unknown names, non-expiry dates and expired contracts', () => {
    expect(svc.contract('garbage')).toBeNull();
    expect(svc.contract(`${UNKNOWN}261218C00010000`)).toBeNull();
    expect(svc.contract(svc.formatSymbol({ underlying: STOCK.symbol, expiry: '2026-12-17', type: 'call', strike: 10 }))).toBeNull();
    expect(svc.contract(svc.formatSymbol({ underlying: STOCK.symbol, expiry: '2026-11-13', type: 'call', strike: 10 }))).toBeNull();
    expect(svc.contract(svc.formatSymbol({ underlying: SMALL.symbol, expiry: '2026-12-18', type: 'call', strike: 10 }))).toBeNull();
  });
  it('an expiry closing today is worth its intrinsic value after the close', () => {
    const { svc: s, clock: c } = make(ny('2026-11-20 10:00'));
    const chain = s.chain(STOCK.symbol, '2026-11-20');
    const row = chain.rows.find((r) => r.strike < chain.spot)!;
    c.jumpTo(ny('2026-11-20 16:30'));
    const q = s.contract(row.call.symbol)!;
    const spot = sim.quote(STOCK.symbol, c.now()).last;
    expect(q.mark).toBeCloseTo(spot - row.strike, 0);
    expect(q.gamma).toBe(0);
  });
});

describe('previousMark (day P&L of option positions)', () => {
  it('prices the contract at the previous close: the underlying’s prevClose and one more day to expiry', () => {
    const c = svc.chain(STOCK.symbol, '2026-12-18');
    const spot = sim.quote(STOCK.symbol, clock.now());
    const deep = c.rows.find((r) => r.strike <= spot.prevClose * 0.6) ?? c.rows[0]!;
    const prev = svc.previousMark(deep.call.symbol)!;
    // deep in the money: intrinsic at the previous close plus a little time value, not today's mark
    expect(prev).toBeGreaterThan(spot.prevClose - deep.strike - 0.05);
    expect(prev).toBeLessThan(spot.prevClose - deep.strike + 0.6);
    // the same contract quoted at the previous close by a service living then is close (the surface moves a day)
    const { svc: then } = make(ny('2026-11-17 15:59'));
    const atm = c.rows.reduce((a, r) => (Math.abs(r.strike - spot.prevClose) < Math.abs(a.strike - spot.prevClose) ? r : a));
    const thenMark = then.contract(atm.put.symbol)!.mark;
    expect(Math.abs(svc.previousMark(atm.put.symbol)! - thenMark) / thenMark).toBeLessThan(0.2);
  });
  it('null for malformed symbols, unknown names and expiries that had closed by the previous close', () => {
    expect(svc.previousMark('garbage')).toBeNull();
    expect(svc.previousMark(`${UNKNOWN}261218C00010000`)).toBeNull();
    expect(svc.previousMark(svc.formatSymbol({ underlying: STOCK.symbol, expiry: '2026-11-13', type: 'call', strike: 10 }))).toBeNull();
  });
});

describe('analytics and storage', () => {
  it('analytics match the schema, carry a 252-session IV history and both IV rank and percentile', () => {
    const a = svc.analytics(STOCK.symbol);
    expect(ChainAnalyticsSchema.safeParse(a).success).toBe(true);
    expect(a.ivHistory).toHaveLength(252);
    expect(a.ivHistory.at(-1)!.date).toBe('2026-11-17');
    expect(a.ivStats.days).toBe(252);
    expect(a.ivStats.ivRank).not.toBeNull();
    expect(a.ivStats.ivPercentile).not.toBeNull();
    expect(a.maxPain.curve.length).toBe(svc.chain(STOCK.symbol).rows.length);
    expect(a.expectedMove.dollars).toBeGreaterThan(0);
    expect(a.gammaExposure).toHaveLength(a.maxPain.curve.length);
    for (const p of a.smile) expect(p.callIv > 0 && p.putIv > 0).toBe(true);
  });
  it('stores the snapshot after the reply and the IV history in SQLite, refreshing the snapshot at most every cacheMinutes', async () => {
    const { svc: s, clock: c, db } = make(undefined, 15);
    const repo = createOptionsRepo(db);
    const settle = () => Promise.resolve(s.flushSnapshots());
    const first = s.chain(STOCK.symbol, '2026-12-18');
    expect(repo.snapshotInfo(STOCK.symbol, '2026-12-18')).toBeNull();
    await new Promise((r) => setTimeout(r, 300)); // written in the background, no flush needed
    expect(repo.snapshotInfo(STOCK.symbol, '2026-12-18')).toMatchObject({ asOf: first.asOf, sessionDate: '2026-11-18' });
    const stored = repo.readSnapshot(STOCK.symbol, '2026-12-18')!;
    expect(stored.rows).toHaveLength(first.rows.length);
    // Each stored contract keeps its underlying, expiry, strike and type though the wire row omits them.
    expect(quoteOfRow(stored, stored.rows[4]!, 'call')).toEqual(quoteOfRow(first, first.rows[4]!, 'call'));
    expect(stored.rows[4]!.call).toMatchObject({ underlying: STOCK.symbol, expiry: '2026-12-18', strike: first.rows[4]!.strike, type: 'call' });
    c.advance(5 * 60_000);
    s.chain(STOCK.symbol, '2026-12-18');
    await settle();
    expect(repo.snapshotInfo(STOCK.symbol, '2026-12-18')!.asOf).toBe(first.asOf);
    c.advance(11 * 60_000);
    const third = s.chain(STOCK.symbol, '2026-12-18');
    await settle();
    expect(repo.snapshotInfo(STOCK.symbol, '2026-12-18')!.asOf).toBe(third.asOf);
    c.advance(20 * 60_000);
    const a = s.analytics(STOCK.symbol, '2026-12-18');
    expect(repo.snapshotInfo(STOCK.symbol, '2026-12-18')!.asOf).toBe(a.asOf);
    expect(a.asOf).toBe(c.now());
    expect(repo.ivHistory(STOCK.symbol, 'simulator:11', '2000-01-01', '2100-01-01')).toHaveLength(252);
  });
  it('writes queued snapshots after the reply, one per event-loop turn, so no single turn holds the loop for all of them', () => {
    vi.useFakeTimers({ toFake: ['setImmediate', 'clearImmediate'] });
    try {
      const { svc: s, db } = make(undefined, 15);
      const repo = createOptionsRepo(db);
      const expiries = s.expiries(STOCK.symbol).expiries.slice(0, 3).map((e) => e.expiry);
      for (const e of expiries) s.chain(STOCK.symbol, e);
      const stored = () => expiries.filter((e) => repo.snapshotInfo(STOCK.symbol, e) !== null).length;
      expect(stored()).toBe(0);
      vi.advanceTimersToNextTimer();
      expect(stored()).toBe(1);
      vi.advanceTimersToNextTimer();
      expect(stored()).toBe(2);
      s.flushSnapshots();
      expect(stored()).toBe(3);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
  it('the same underlying on a later session recomputes its day (new reference, OI)', () => {
    const a = svc.chain(STOCK.symbol, '2026-12-18');
    clock.jumpTo(ny('2026-11-19 10:30'));
    const b = svc.chain(STOCK.symbol, '2026-12-18');
    const k = a.rows.find((r) => b.rows.some((x) => x.strike === r.strike))!;
    expect(b.rows.find((x) => x.strike === k.strike)!.call.openInterest).not.toBe(k.call.openInterest);
    expect(svc.ivHistory(STOCK.symbol).at(-1)!.date).toBe('2026-11-18');
  });
});
