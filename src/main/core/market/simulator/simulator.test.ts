import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InstrumentSchema, type Bar, type Instrument, type Quote } from '../../../../shared/contract/schemas';
import { SECTORS } from '../../../../shared/sectors';
import { addTradingDays, nyDate, sessionFor, tradingDaysBetween } from '../calendar';
import { createMarketSimulator, REGIMES, SIMULATOR_ORIGIN } from './index';

const sim = createMarketSimulator({ seed: 42 });
const instruments = sim.instruments();
const stocks = instruments.filter((i) => i.kind === 'stock');
const FROM = '2024-11-20';
const TO = '2026-11-20';
const FIVE_MIN = 300_000;

function onTick(p: number): boolean {
  const scale = p >= 1 ? 100 : 10_000;
  return Math.abs(p * scale - Math.round(p * scale)) < 1e-6;
}

function validBar(b: Bar): boolean {
  return (
    [b.t, b.o, b.h, b.l, b.c, b.v].every(Number.isFinite) &&
    b.h >= Math.max(b.o, b.c) &&
    b.l <= Math.min(b.o, b.c) &&
    b.l > 0 &&
    Number.isInteger(b.v) &&
    b.v >= 0 &&
    [b.o, b.h, b.l, b.c].every(onTick)
  );
}

function validQuote(q: Quote): boolean {
  return (
    [q.last, q.bid, q.ask, q.open, q.high, q.low, q.prevClose, q.change, q.changePct, q.volume, q.t].every(Number.isFinite) &&
    q.last > 0 &&
    q.bid >= 0 &&
    q.bid <= q.last &&
    q.last <= q.ask &&
    q.ask - q.bid >= (q.last >= 1 ? 0.01 : 0.0001) - 1e-9 &&
    q.low <= q.last &&
    q.last <= q.high &&
    Number.isInteger(q.volume) &&
    q.volume >= 0 &&
    [q.last, q.bid, q.ask, q.open, q.high, q.low].every(onTick)
  );
}

/** NUMBERS.md small-cap rules; returns the names of the rules a stock fails at `date`. */
function failedRules(s: ReturnType<typeof createMarketSimulator>, i: Instrument, date: string): string[] {
  const bars = s.dailyBars(i.symbol, addTradingDays(date, -19), date);
  const price = bars[bars.length - 1]!.c;
  const adv20 = bars.reduce((a, b) => a + b.v, 0) / bars.length;
  const cap = price * i.sharesOutstanding;
  const out: string[] = [];
  if (cap < 10e6) out.push('cap<10M');
  if (cap > 2e9) out.push('cap>2B');
  if (adv20 < 1e6) out.push('adv<1M');
  if (price < 2) out.push('price<2');
  if (price > 100) out.push('price>100');
  if (!['NASDAQ', 'NYSE', 'NYSE American'].includes(i.exchange)) out.push('exchange');
  if (cap < 300e6 ? i.float <= 5e6 : i.float <= 10e6) out.push('float');
  return out;
}

describe('universe', () => {
  it('holds >= 1,800 fictional stocks in the eight sectors plus IWM and the sector ETFs', () => {
    expect(stocks.length).toBeGreaterThanOrEqual(1800);
    for (const i of instruments) expect(InstrumentSchema.safeParse(i).success).toBe(true);
    const etfs = instruments.filter((i) => i.kind === 'etf');
    expect(etfs.map((e) => [e.symbol, e.sector])).toEqual([['IWM', null], ...SECTORS.map((s) => [s.etf, s.id])]);
    const symbols = new Set(instruments.map((i) => i.symbol));
    expect(symbols.size).toBe(instruments.length);
    for (const s of stocks) {
      expect(s.symbol).toMatch(/^[A-Z]{2,5}$/);
      expect(s.sector).not.toBeNull();
      expect(s.industry.length).toBeGreaterThan(0);
      expect(s.float).toBeLessThanOrEqual(s.sharesOutstanding);
    }
    for (const sector of SECTORS) expect(stocks.filter((s) => s.sector === sector.id).length).toBeGreaterThan(50);
    expect(new Set(stocks.filter((s) => s.sector === 'healthcare').map((s) => s.industry))).toContain('Biotechnology');
    expect(new Set(stocks.filter((s) => s.sector === 'materials').map((s) => s.industry))).toContain('Gold Mining');
    expect(new Set(stocks.map((s) => s.exchange))).toEqual(new Set(['NASDAQ', 'NYSE', 'NYSE American', 'OTC']));
  });

  it('gives the small-cap filters real work: >= 1,500 pass, and every exclusion occurs', () => {
    for (const date of ['2024-06-03', '2026-11-20']) {
      const counts = new Map<string, number>();
      let pass = 0;
      for (const s of stocks) {
        const failed = failedRules(sim, s, date);
        if (failed.length === 0) pass++;
        for (const f of failed) counts.set(f, (counts.get(f) ?? 0) + 1);
      }
      expect(pass).toBeGreaterThanOrEqual(1500);
      for (const rule of ['cap<10M', 'cap>2B', 'adv<1M', 'price<2', 'price>100', 'exchange', 'float']) {
        expect(counts.get(rule) ?? 0, rule).toBeGreaterThanOrEqual(20);
      }
    }
  });
});

describe('determinism', () => {
  it('gives the same market for the same seed and a different one for another seed', () => {
    const again = createMarketSimulator({ seed: 42 });
    const other = createMarketSimulator({ seed: 43 });
    expect(again.instruments()).toEqual(instruments);
    expect(other.instruments().map((i) => i.symbol)).not.toEqual(instruments.map((i) => i.symbol));
    const t = sessionFor('2026-03-09')!.open + 3_723_456;
    for (const symbol of [stocks[0]!.symbol, stocks[999]!.symbol, 'IWM', 'XLV']) {
      expect(again.dailyBars(symbol, FROM, TO)).toEqual(sim.dailyBars(symbol, FROM, TO));
      expect(again.intradayBars(symbol, '2026-03-09')).toEqual(sim.intradayBars(symbol, '2026-03-09'));
      expect(again.quote(symbol, t)).toEqual(sim.quote(symbol, t));
    }
    expect(other.dailyBars('IWM', FROM, TO)).not.toEqual(sim.dailyBars('IWM', FROM, TO));
  });

  it('makes a date\'s data independent of what was asked before and of cache evictions', () => {
    const fresh = createMarketSimulator({ seed: 42 });
    const symbol = stocks[17]!.symbol;
    const day = fresh.dailyBars(symbol, '2025-06-10', '2025-06-10');
    for (const s of stocks.slice(0, 1200)) fresh.dailyBars(s.symbol, '2019-01-01', '2021-12-31'); // evicts
    expect(fresh.dailyBars(symbol, '2025-06-01', '2025-06-30').find((b) => b.t === day[0]!.t)).toEqual(day[0]);
    expect(sim.dailyBars(symbol, '2025-06-10', '2025-06-10')).toEqual(day);
  });

  it('starts at a fixed origin', () => {
    const bars = sim.dailyBars('IWM', '2010-01-01', '2016-01-08');
    expect(nyDate(bars[0]!.t)).toBe(SIMULATOR_ORIGIN);
    expect(() => sim.quote('IWM', Date.UTC(2015, 5, 1))).toThrow(RangeError);
  });

  it('throws a plain Error for an unknown symbol', () => {
    expect(() => sim.dailyBars('NOPE1', FROM, TO)).toThrow(/unknown symbol/);
    expect(() => sim.quote('NOPE1', Date.now())).toThrow(Error);
    expect(() => sim.dailyBars('IWM', '2026-13-01', TO)).toThrow(RangeError);
  });
});

describe('daily bars', () => {
  const days = tradingDaysBetween(FROM, TO);
  const opens = days.map((d) => sessionFor(d)!.open);

  it('are valid for every symbol over two years, one per session, stamped at 09:30 New York', () => {
    let invalid = 0;
    for (const i of instruments) {
      const bars = sim.dailyBars(i.symbol, FROM, TO);
      expect(bars.length).toBe(days.length);
      for (let k = 0; k < bars.length; k++) {
        if (!validBar(bars[k]!) || bars[k]!.t !== opens[k]) invalid++;
      }
    }
    expect(invalid).toBe(0);
  });

  it('have fat tails and realistic sector differences', () => {
    let kurtosisSum = 0;
    const volBySector = new Map<string, number[]>();
    for (const s of stocks) {
      const bars = sim.dailyBars(s.symbol, FROM, TO);
      const r = bars.slice(1).map((b, k) => Math.log(b.c / bars[k]!.c));
      const mean = r.reduce((a, x) => a + x, 0) / r.length;
      const m2 = r.reduce((a, x) => a + (x - mean) ** 2, 0) / r.length;
      const m4 = r.reduce((a, x) => a + (x - mean) ** 4, 0) / r.length;
      kurtosisSum += m4 / (m2 * m2);
      const list = volBySector.get(s.sector!) ?? [];
      list.push(Math.sqrt(m2));
      volBySector.set(s.sector!, list);
    }
    expect(kurtosisSum / stocks.length).toBeGreaterThan(3);
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    expect(median(volBySector.get('healthcare')!)).toBeGreaterThan(median(volBySector.get('utilities')!) * 1.5);
  });

  it('label market regimes, and all four occur', () => {
    const seen = new Set(tradingDaysBetween('2016-01-04', TO).map((d) => sim.regimeOn(d)));
    expect([...seen].sort()).toEqual([...REGIMES].sort());
    expect(sim.regimeOn('2026-03-07')).toBe(sim.regimeOn('2026-03-06'));
  });

  it('realise catalysts mostly as overnight gaps, more often in healthcare than in utilities', () => {
    const perName = (sector: string): number => {
      const names = stocks.filter((s) => s.sector === sector).slice(0, 80);
      return names.reduce((a, s) => a + sim.catalysts(s.symbol, FROM, TO).length, 0) / names.length;
    };
    expect(perName('healthcare')).toBeGreaterThan(4 * perName('utilities'));
    const events = stocks.slice(0, 400).flatMap((s) => sim.catalysts(s.symbol, FROM, TO));
    const pre = events.filter((e) => e.part === 'premarket');
    expect(pre.length / events.length).toBeGreaterThan(0.7);
    const big = pre.filter((e) => Math.abs(e.movePct) > 25);
    expect(big.length).toBeGreaterThan(5);
    let gapped = 0;
    for (const e of big) {
      const [prev, day] = sim.dailyBars(e.symbol, addTradingDays(e.date, -1), e.date);
      if (Math.abs(day!.o / prev!.c - 1) > 0.1) gapped++;
      expect(day!.v).toBeGreaterThan(0);
    }
    expect(gapped / big.length).toBeGreaterThan(0.8);
  });
});

describe('intraday bars', () => {
  const sample = [...stocks.filter((_, k) => k % 25 === 0), ...instruments.filter((i) => i.kind === 'etf')];

  for (const [label, date, expected] of [
    ['a DST day', '2026-03-09', 192],
    ['an early close', '2026-11-27', 156],
    ['an ordinary day', '2025-10-15', 192],
  ] as const) {
    it(`cover the extended session of ${label} and agree with the daily bar`, () => {
      const s = sessionFor(date)!;
      for (const i of sample) {
        const five = sim.intradayBars(i.symbol, date);
        expect(five).toHaveLength(expected);
        expect(five[0]!.t).toBe(s.preOpen);
        expect(five[five.length - 1]!.t + FIVE_MIN).toBe(s.postClose);
        const [daily] = sim.dailyBars(i.symbol, date, date);
        const regular = five.filter((b) => b.t >= s.open && b.t < s.close);
        expect(regular).toHaveLength((s.close - s.open) / FIVE_MIN);
        expect(regular[0]!.o).toBe(daily!.o);
        expect(regular[regular.length - 1]!.c).toBe(daily!.c);
        expect(Math.max(...regular.map((b) => b.h))).toBe(daily!.h);
        expect(Math.min(...regular.map((b) => b.l))).toBe(daily!.l);
        expect(five.reduce((a, b) => a + b.v, 0)).toBe(daily!.v);
        expect(five.every(validBar)).toBe(true);
        expect(five.every((b, k) => k === 0 || (b.t === five[k - 1]!.t + FIVE_MIN && b.o === five[k - 1]!.c))).toBe(true);
      }
    });
  }

  it('serve only the bars closed by `until`, and nothing on a non-trading day', () => {
    const s = sessionFor('2026-03-09')!;
    const symbol = stocks[3]!.symbol;
    expect(sim.intradayBars(symbol, '2026-03-09', s.open + 7 * 60_000)).toHaveLength(67);
    expect(sim.intradayBars(symbol, '2026-03-09', s.preOpen + FIVE_MIN - 1)).toHaveLength(0);
    expect(sim.intradayBars(symbol, '2026-03-07')).toEqual([]);
    expect(sim.intradayBars(symbol, '2026-03-09', s.open + 7 * 60_000)).toEqual(sim.intradayBars(symbol, '2026-03-09').slice(0, 67));
  });
});

describe('quotes', () => {
  const date = '2026-03-09';
  const s = sessionFor(date)!;

  it('quote every instrument, matching the daily bar at the open and the close', () => {
    const atOpen = sim.quotes(s.open);
    const atClose = sim.quotes(s.close);
    expect(atClose.map((q) => q.symbol)).toEqual(instruments.map((i) => i.symbol));
    for (const [k, i] of instruments.entries()) {
      const [prev, daily] = sim.dailyBars(i.symbol, '2026-03-06', date);
      expect(atOpen[k]!.last).toBe(daily!.o);
      expect(atClose[k]!.last).toBe(daily!.c);
      expect(atClose[k]!.prevClose).toBe(prev!.c);
      expect(atClose[k]!.open).toBe(daily!.o);
      expect(atClose[k]!.change).toBeCloseTo(daily!.c - prev!.c, 6);
      expect(atClose[k]!.high).toBeGreaterThanOrEqual(daily!.h);
      expect(atClose[k]!.low).toBeLessThanOrEqual(daily!.l);
    }
    expect(atClose.every(validQuote)).toBe(true);
  });

  it('move on every tick, with monotone running extremes and volume reaching the day\'s total', () => {
    const liquid = stocks.filter((i) => sim.dailyBars(i.symbol, date, date)[0]!.c > 20).slice(0, 3);
    for (const i of [...liquid, instruments.find((x) => x.symbol === 'IWM')!]) {
      let prev: Quote | null = null;
      let moves = 0;
      let samples = 0;
      for (let t = s.preOpen; t < s.postClose; t += 37_000) {
        const q = sim.quote(i.symbol, t);
        expect(validQuote(q)).toBe(true);
        expect(q.t).toBe(t);
        if (prev) {
          expect(q.high).toBeGreaterThanOrEqual(prev.high);
          expect(q.low).toBeLessThanOrEqual(prev.low);
          expect(q.volume).toBeGreaterThanOrEqual(prev.volume);
          if (t >= s.open && t < s.close) {
            samples++;
            if (q.last !== prev.last) moves++;
          }
        }
        prev = q;
      }
      // Prices are on the tick, so two quotes 37 s apart can print the same price; most should not.
      expect(moves / samples, i.symbol).toBeGreaterThan(0.5);
      const [daily] = sim.dailyBars(i.symbol, date, date);
      expect(sim.quote(i.symbol, s.postClose - 1).volume).toBe(daily!.v);
    }
  });

  it('outside a session, show the last trade of the latest session', () => {
    const friday = sessionFor('2026-03-06')!;
    const symbol = stocks[8]!.symbol;
    const saturday = sim.quote(symbol, Date.parse('2026-03-07T17:00:00Z'));
    expect(saturday).toEqual(sim.quote(symbol, friday.postClose));
    expect(saturday.t).toBe(friday.postClose);
    expect(saturday.volume).toBe(sim.dailyBars(symbol, '2026-03-06', '2026-03-06')[0]!.v);
    // Before 04:00 on a trading day: still the previous session.
    expect(sim.quote(symbol, s.preOpen - 1)).toEqual(saturday);
  });

  it('give a valid quote at any instant', () => {
    const lo = sessionFor('2025-01-02')!.preOpen;
    const hi = sessionFor('2026-12-31')!.postClose;
    fc.assert(
      fc.property(fc.integer({ min: lo, max: hi }), fc.integer({ min: 0, max: instruments.length - 1 }), (t, k) => {
        const q = sim.quote(instruments[k]!.symbol, t);
        expect(validQuote(q)).toBe(true);
        expect(q.t).toBeLessThanOrEqual(t);
        expect(q.changePct).toBeCloseTo((q.last / q.prevClose - 1) * 100, 3);
      }),
      { numRuns: 150 },
    );
  });

  it('build the partial daily bar as it stands', () => {
    const symbol = stocks[11]!.symbol;
    const [daily] = sim.dailyBars(symbol, date, date);
    expect(sim.partialDailyBar(symbol, s.preOpen - 1)).toBeNull();
    expect(sim.partialDailyBar(symbol, s.postClose)).toBeNull();
    expect(sim.partialDailyBar(symbol, s.postClose - 1)).toEqual(daily);
    const pre = sim.partialDailyBar(symbol, s.preOpen + 90 * 60_000)!;
    expect(pre.o).toBe(sim.intradayBars(symbol, date)[0]!.o);
    for (const t of [s.open, s.open + 1, s.open + 3_600_000, s.close - 1]) {
      const bar = sim.partialDailyBar(symbol, t)!;
      expect(bar.t).toBe(s.open);
      expect(bar.o).toBe(daily!.o);
      expect(validBar(bar)).toBe(true);
      expect(bar.h).toBeLessThanOrEqual(daily!.h);
      expect(bar.l).toBeGreaterThanOrEqual(daily!.l);
      expect(bar.c).toBe(sim.quote(symbol, t).last);
    }
  });

  it('are fast once the session is cached', () => {
    const t = s.open + 5_000_000;
    sim.quotes(t);
    const t0 = performance.now();
    for (let k = 1; k <= 20; k++) sim.quotes(t + k * 250);
    // Target is < 5 ms per call; the bound is loose for busy CI machines.
    expect((performance.now() - t0) / 20).toBeLessThan(50);
  });
});

describe('intradayBars from a lower bound', () => {
  it('returns exactly the tail of the full session that opens at or after `from`', () => {
    const full = sim.intradayBars('IWM', '2026-11-20');
    const from = Date.parse('2026-11-20T10:02:00-05:00');
    const tail = sim.intradayBars('IWM', '2026-11-20', undefined, from);
    expect(tail).toEqual(full.filter((b) => b.t >= from));
    expect(tail[0]!.t).toBe(Date.parse('2026-11-20T10:05:00-05:00'));
    const until = Date.parse('2026-11-20T10:20:00-05:00');
    const opens = ['10:05', '10:10', '10:15'].map((hm) => Date.parse(`2026-11-20T${hm}:00-05:00`));
    expect(sim.intradayBars('IWM', '2026-11-20', until, from).map((b) => b.t)).toEqual(opens);
  });
});
