import { describe, expect, it } from 'vitest';
import { EngineError, RPC_ERROR, methods, quoteOfRow } from '../../../shared/contract';
import type { OptionChain, Strategy } from '../../../shared/contract/options-schemas';
import { NOW, expiryTime, syntheticChain } from '../options/strategy/chain.test-util';
import { optionsStrategyHandlers } from './options-strategy';

const chains: Record<string, OptionChain> = {
  '2026-11-24': syntheticChain({ expiry: '2026-11-24' }),
  '2026-12-18': syntheticChain({ expiry: '2026-12-18', skew: -0.1 }),
  '2027-01-15': syntheticChain({ expiry: '2027-01-15', skew: -0.1 }),
};
const deps = {
  chains: {
    chain(u: string, e?: string): OptionChain {
      if (u.toUpperCase() !== 'ACME') throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${u}`);
      const c = chains[e ?? '2026-11-24'];
      if (!c) throw new EngineError(RPC_ERROR.invalidParams, `${e} is not a listed expiry`);
      return c;
    },
    expiries: () => ({ expiries: Object.keys(chains).map((expiry) => ({ expiry })) }),
  },
  now: () => NOW,
  expiryTime,
};
const h = optionsStrategyHandlers(deps);

async function rejects(f: () => unknown, message: RegExp, code: number = RPC_ERROR.invalidParams) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(EngineError);
  expect((err as EngineError).code).toBe(code);
  expect((err as EngineError).message).toMatch(message);
}

describe('options.strategy.* handlers', () => {
  it('build: a template from the chain of the asked expiry, with its analysis, inside the contract', async () => {
    const r = await h['options.strategy.build']({ underlying: 'ACME', template: 'iron_condor', expiry: '2026-12-18', widthSteps: 2 });
    expect(methods['options.strategy.build'].result.safeParse(r).success).toBe(true);
    expect(r.strategy.legs.every((l) => l.expiry === '2026-12-18')).toBe(true);
    expect(r.analysis.maxProfit).toBeCloseTo(-r.analysis.netDebit, 9);
    await rejects(() => h['options.strategy.build']({ underlying: 'ACME', template: 'bull_put_spread', expiry: '2026-12-18', widthSteps: 20 }), /no strike 20 step/);
  });

  it('analyze: a built strategy analyses to the same numbers, with what-if', async () => {
    const { strategy, analysis } = await h['options.strategy.build']({ underlying: 'ACME', template: 'bull_put_spread', expiry: '2026-12-18' });
    const again = await h['options.strategy.analyze']({ strategy });
    expect(again).toEqual(analysis);
    const whatIf = await h['options.strategy.analyze']({ strategy, whatIf: { daysForward: 10, ivShiftPoints: 5, spotShiftPct: -3 } });
    expect(methods['options.strategy.analyze'].result.safeParse(whatIf).success).toBe(true);
    expect(whatIf.payoff.every((p) => p.atDate !== null)).toBe(true);
    expect(whatIf.spot).toBeCloseTo(97, 9);
  });

  it('analyze: fills a missing IV from the chain; a calendar takes its context from the nearest expiry', async () => {
    const near = chains['2026-12-18']!.rows.find((r) => r.strike === 100)!.call;
    const far = chains['2027-01-15']!.rows.find((r) => r.strike === 100)!.call;
    const strategy: Strategy = {
      template: 'custom',
      underlying: 'acme',
      quantity: 1,
      legs: [
        { symbol: far.symbol, kind: 'option', type: null, strike: null, expiry: null, side: 'buy', ratio: 1, price: far.mark, iv: null },
        { symbol: near.symbol, kind: 'option', type: 'call', strike: 100, expiry: '2026-12-18', side: 'sell', ratio: 1, price: near.mark, iv: null },
      ],
    };
    const a = await h['options.strategy.analyze']({ strategy });
    expect(a.daysToExpiry).toBeCloseTo(chains['2026-12-18']!.daysToExpiry, 9);
    expect(a.netDebit).toBeCloseTo((far.mark - near.mark) * 100, 9);
    expect(a.greeks.vega).toBeCloseTo((far.vega - near.vega) * 100, 9);
  });

  it('analyze: -32602 for an unknown symbol, an unlisted strike, a past expiry, a mismatched leg or a foreign stock', async () => {
    const q = quoteOfRow(chains['2026-12-18']!, chains['2026-12-18']!.rows[5]!, 'put');
    const leg = { symbol: q.symbol, kind: 'option' as const, type: q.type, strike: q.strike, expiry: q.expiry, side: 'buy' as const, ratio: 1, price: q.mark, iv: q.iv };
    const s = (l: Strategy['legs'][number]): Strategy => ({ template: 'custom', underlying: 'ACME', quantity: 1, legs: [l] });
    const analyze = (st: Strategy) => h['options.strategy.analyze']({ strategy: st });
    await rejects(() => analyze(s({ ...leg, symbol: 'NOPE' })), /leg 1 \(NOPE\): unknown option symbol/);
    await rejects(() => analyze(s({ ...leg, symbol: 'ACME261218P00101000', strike: 101 })), /strike 101 is not listed/);
    await rejects(() => analyze(s({ ...leg, symbol: 'ACME261113P00100000', strike: 100, expiry: '2026-11-13' })), /expired at the 2026-11-13 close/);
    await rejects(() => analyze(s({ ...leg, symbol: 'ACME261204P00100000', strike: 100, expiry: '2026-12-04' })), /no 2026-12-04 expiry is listed/);
    await rejects(() => analyze(s({ ...leg, type: 'call' })), /the symbol is a put/);
    await rejects(() => analyze(s({ ...leg, symbol: 'ZZZ261218P00100000', strike: 100 })), /not on the strategy's underlying ACME/);
    await rejects(() => analyze(s({ symbol: 'ZZZ', kind: 'stock', type: null, strike: null, expiry: null, side: 'buy', ratio: 100, price: 10, iv: null })), /stock leg must be the underlying/);
  });

  it('rank: expiries 7–60 days out by default, or the one asked', async () => {
    const r = await h['options.strategy.rank']({ underlying: 'ACME', outlook: 'neutral' });
    expect(methods['options.strategy.rank'].result.safeParse(r).success).toBe(true);
    expect(r.candidates.length).toBeGreaterThan(0);
    const used = new Set(r.candidates.map((c) => c.strategy.legs[0]!.expiry));
    expect(used.has('2026-11-24')).toBe(false); // 4.25 days out: inside a week
    expect(used.has('2026-12-18') || used.has('2027-01-15')).toBe(true);
    const one = await h['options.strategy.rank']({ underlying: 'ACME', outlook: 'bullish', expiry: '2027-01-15' });
    expect(one.candidates.every((c) => c.strategy.legs.every((l) => l.kind === 'stock' || l.expiry === '2027-01-15'))).toBe(true);
    await rejects(() => h['options.strategy.rank']({ underlying: 'NOPE', outlook: 'bullish' }), /unknown symbol/, RPC_ERROR.notFound);
  });
});
