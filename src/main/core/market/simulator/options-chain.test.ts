/** The simulator's option listing rules and quote model: optionability, expiries, ladders, surface, spreads, history. */
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../../../shared/contract';
import { isTradingDay, sessionFor, tradingDaysBetween } from '../calendar';
import { createMarketSimulator } from './index';
import {
  atmVol,
  buildSurface,
  chainDay,
  expiryForFriday,
  isExpiryDate,
  isMonthlyExpiry,
  ivHistoryModel,
  lastNear,
  listExpiries,
  moneyness,
  optionTick,
  optionability,
  quoteAround,
  realisedVol,
  smileVol,
  strikeIncrement,
  strikeLadder,
} from './options-chain';

const SEED = 7;
const sim = createMarketSimulator({ seed: SEED });
const NOW = sessionFor('2026-11-18')!.open + 60 * 60_000;
const stock = (over: Partial<Instrument> = {}): Instrument => ({
  symbol: 'ACME',
  name: 'Acme',
  kind: 'stock',
  sector: 'technology',
  industry: 'Software',
  exchange: 'NASDAQ',
  marketCap: 500e6,
  float: 20e6,
  sharesOutstanding: 25e6,
  ...over,
});

describe('optionability', () => {
  it('stocks ≥ $300M on NASDAQ/NYSE/NYSE American and every ETF; others say why', () => {
    expect(optionability(stock())).toEqual({ optionable: true, reason: null });
    expect(optionability(stock({ exchange: 'NYSE American', marketCap: 300e6 })).optionable).toBe(true);
    const small = optionability(stock({ marketCap: 299e6 }));
    expect(small.optionable).toBe(false);
    expect(small.reason).toMatch(/under \$300M/);
    const otc = optionability(stock({ exchange: 'OTC', marketCap: 5e9 }));
    expect(otc.reason).toMatch(/OTC/);
    expect(optionability(stock({ kind: 'etf', exchange: 'NYSE Arca', marketCap: 1e6 })).optionable).toBe(true);
  });
  it('splits the simulated universe: IWM and every sector ETF optionable, OTC names never', () => {
    const list = sim.instruments();
    for (const i of list.filter((x) => x.kind === 'etf')) expect(optionability(i).optionable).toBe(true);
    for (const i of list.filter((x) => x.exchange === 'OTC')) expect(optionability(i).optionable).toBe(false);
    const n = list.filter((x) => optionability(x).optionable).length;
    expect(n).toBeGreaterThan(500);
    expect(n).toBeLessThan(list.length);
  });
});

describe('expiries', () => {
  it('Friday, or Thursday when Friday is a holiday', () => {
    expect(expiryForFriday('2026-11-20')).toBe('2026-11-20');
    expect(expiryForFriday('2026-12-25')).toBe('2026-12-24');
    expect(expiryForFriday('2027-01-01')).toBe('2026-12-31');
    expect(expiryForFriday('2027-03-26')).toBe('2027-03-25'); // Good Friday 2027
    expect(isExpiryDate('2026-12-24')).toBe(true);
    expect(isExpiryDate('2026-12-23')).toBe(false);
    expect(isMonthlyExpiry('2026-12-18')).toBe(true);
    expect(isMonthlyExpiry('2026-12-11')).toBe(false);
  });
  it('8 weeklies plus monthlies to six months, all on trading days, ascending, kinds right', () => {
    const list = listExpiries('2026-11-18', NOW);
    expect(list.map((e) => e.expiry)).toEqual([
      '2026-11-20', '2026-11-27', '2026-12-04', '2026-12-11', '2026-12-18', '2026-12-24', '2026-12-31', '2027-01-08',
      '2027-01-15', '2027-02-19', '2027-03-19', '2027-04-16',
    ]);
    for (const e of list) {
      expect(isTradingDay(e.expiry)).toBe(true);
      expect(e.kind).toBe(isMonthlyExpiry(e.expiry) ? 'monthly' : 'weekly');
      expect(e.close).toBe(sessionFor(e.expiry)!.close);
    }
    expect(list.filter((e) => e.kind === 'monthly').map((e) => e.expiry)).toEqual(['2026-11-20', '2026-12-18', '2027-01-15', '2027-02-19', '2027-03-19', '2027-04-16']);
  });
  it('an expiry leaves the list at its close', () => {
    const close = sessionFor('2026-11-20')!.close;
    expect(listExpiries('2026-11-20', close - 1)[0]!.expiry).toBe('2026-11-20');
    expect(listExpiries('2026-11-20', close)[0]!.expiry).toBe('2026-11-27');
  });
});

describe('strikes', () => {
  it('increments follow the ladder', () => {
    expect([2, 24.99, 25, 49, 50, 99, 100, 499, 500].map((p) => strikeIncrement(p, 'stock'))).toEqual([0.5, 0.5, 1, 1, 2.5, 2.5, 5, 5, 10]);
    expect([20, 112].map((p) => strikeIncrement(p, 'etf'))).toEqual([0.5, 1]);
  });
  it('covers ±40 % near term and more strikes further out, on the increment grid', () => {
    const near = strikeLadder(20, 20, 7, 0.5);
    expect(near[0]).toBe(12);
    expect(near.at(-1)).toBe(28);
    const far = strikeLadder(20, 20, 180, 0.5);
    expect(far.length).toBeGreaterThan(near.length);
    for (const k of far) expect(Math.abs(k / 0.5 - Math.round(k / 0.5))).toBeLessThan(1e-9);
    expect(strikeLadder(2, 2, 7, 0.5)).toEqual([1.5, 2, 2.5]);
  });
});

describe('surface', () => {
  const closes = sim.dailyBars('IWM', '2026-01-02', '2026-11-17').map((b) => b.c);
  const sessions = tradingDaysBetween('2026-01-02', '2026-11-17');
  const inst = sim.instruments().find((i) => i.symbol === 'IWM')!;
  it('realised vol of a constant-growth series is 0; of an alternating one is known', () => {
    expect(realisedVol([1, 1.01, 1.0201, 1.030301])).toBeCloseTo(0, 12);
    const r = Math.log(1.01);
    const alt = [100, 101, 100, 101, 100];
    const sd = Math.sqrt((4 * r * r) / 3);
    expect(realisedVol(alt)).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(realisedVol([100])).toBeNull();
  });
  it('an event before expiry adds its variance; after expiry it does not', () => {
    const base = buildSurface(SEED, inst, closes, sessions, []);
    const withEvent = buildSurface(SEED, stock({ symbol: 'IWMX' }), closes, sessions, [
      { symbol: 'IWMX', kind: 'earnings', date: '2026-11-24', timing: 'amc', source: 'simulator' },
    ]);
    const T = 7 / 365;
    const before = sessionFor('2026-11-27')!.close;
    const shortExp = sessionFor('2026-11-20')!.close;
    expect(atmVol(withEvent, T, NOW, before)).toBeGreaterThan(atmVol({ ...withEvent, events: [] }, T, NOW, before) * 1.2);
    expect(atmVol(withEvent, T, NOW, shortExp)).toBeCloseTo(atmVol({ ...withEvent, events: [] }, T, NOW, shortExp), 12);
    expect(base.short).toBeGreaterThan(0.05);
  });
  it('a trial readout bumps the expiries that span it, as an FDA decision does (15–35 % moves)', () => {
    const s = buildSurface(SEED, stock({ symbol: 'BIOX' }), closes, sessions, [
      { symbol: 'BIOX', kind: 'trial_readout', date: '2026-11-24', timing: 'bmo', source: 'simulator' },
    ]);
    expect(s.events).toHaveLength(1);
    const move = Math.sqrt(s.events[0]!.variance);
    expect(move).toBeGreaterThanOrEqual(0.15);
    expect(move).toBeLessThanOrEqual(0.35);
    const T = 7 / 365;
    const spanning = sessionFor('2026-11-27')!.close;
    expect(atmVol(s, T, NOW, spanning)).toBeGreaterThan(atmVol({ ...s, events: [] }, T, NOW, spanning) * 1.2);
  });
  it('puts are richer than equidistant calls and both wings are above the money’s minimum', () => {
    const s = buildSurface(SEED, stock(), closes, sessions, []);
    const atm = 0.5;
    expect(smileVol(s, atm, -2)).toBeGreaterThan(smileVol(s, atm, 2));
    expect(smileVol(s, atm, -3)).toBeGreaterThan(atm);
    expect(smileVol(s, atm, 0)).toBe(atm);
    expect(moneyness(1e6, 1, 0.5, 0.1)).toBe(4);
  });
});

describe('quotes', () => {
  it('bid ≥ 0, ask ≥ bid + a tick, both on the tick ($0.01 under $3, $0.05 above), value inside', () => {
    for (const v of [0, 0.004, 0.2, 1.37, 2.96, 3.2, 11.11, 85]) {
      for (const x of [0, -2, 4]) {
        const { bid, ask } = quoteAround(v, x, 1);
        expect(bid).toBeGreaterThanOrEqual(0);
        expect(ask - bid).toBeGreaterThanOrEqual(optionTick(bid) - 1e-9);
        expect(bid).toBeLessThanOrEqual(v + 1e-12);
        expect(ask).toBeGreaterThanOrEqual(v - 1e-12);
        for (const p of [bid, ask]) expect(Math.abs(p / optionTick(p) - Math.round(p / optionTick(p)))).toBeLessThan(1e-6);
      }
    }
  });
  it('widen away from the money and for less liquid names', () => {
    const w = (x: number, l = 1) => {
      const q = quoteAround(1.5, x, l);
      return q.ask - q.bid;
    };
    expect(w(3)).toBeGreaterThan(w(0));
    expect(w(0, 3)).toBeGreaterThan(w(0, 1));
  });
  it('last stays inside the quote on the tick', () => {
    for (const u of [-1, -0.3, 0, 0.8, 1]) {
      const l = lastNear(1.2, 1.3, u);
      expect(l).toBeGreaterThanOrEqual(1.2);
      expect(l).toBeLessThanOrEqual(1.3);
    }
    expect(lastNear(0, 0.01, -1)).toBe(0.01);
  });
});

describe('IV history model and the day state', () => {
  const inst = sim.instruments().find((i) => i.kind === 'stock' && optionability(i).optionable)!;
  const bars = sim.dailyBars(inst.symbol, '2025-03-03', '2026-11-17');
  const closes = bars.map((b) => b.c);
  const sessions = tradingDaysBetween('2025-03-03', '2026-11-17');
  it('252 sessions, the latest last, deterministic, finite and positive', () => {
    expect(sessions).toHaveLength(closes.length);
    const a = ivHistoryModel(SEED, inst, closes, sessions, [], 252);
    const b = ivHistoryModel(SEED, inst, closes, sessions, [], 252);
    expect(a).toHaveLength(252);
    expect(a).toEqual(b);
    expect(a.at(-1)!.date).toBe('2026-11-17');
    for (const p of a) expect(Number.isFinite(p.iv) && p.iv > 0).toBe(true);
    // Shift invariance: a shorter window gives the same values for the dates it shares.
    const c = ivHistoryModel(SEED, inst, closes.slice(5), sessions.slice(5), [], 100);
    expect(c.at(-1)).toEqual(a.at(-1));
  });
  it('tracks realised vol: the mean IV is within a factor of two of the mean 20-day realised vol', () => {
    const h = ivHistoryModel(SEED, inst, closes, sessions, [], 252);
    const rv = h.map((_, i) => realisedVol(closes.slice(closes.length - 252 + i - 20, closes.length - 252 + i + 1))!);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const ratio = mean(h.map((p) => p.iv)) / mean(rv);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(2);
  });
  it('chainDay: the reference is the last close and the expiries are those listed at the pre-open', () => {
    const d = chainDay({ seed: SEED, inst, sessionDate: '2026-11-18', closes, sessions, events: [], adv: 2e6, fallbackRef: 1 });
    expect(d.ref).toBe(closes.at(-1));
    expect(d.expiries[0]!.expiry).toBe('2026-11-20');
    expect(d.q).toBe(0);
  });
});
