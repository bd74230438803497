/** Test data of the options desk: a small chain, its analytics and a strategy analysis, shaped by the contract. */
import { ChainQuoteSchema, type ChainAnalytics, type ChainRow, type Leg, type OptionChain, type OptionQuote, type Strategy, type StrategyAnalysis } from '../../../../shared/contract/options-schemas';

export const T0 = Date.UTC(2026, 10, 20, 15, 30); // 10:30 New York

/** One quote; call ITM below spot, put ITM above. */
export function quote(strike: number, type: 'call' | 'put', spot = 100, over: Partial<OptionQuote> = {}): OptionQuote {
  const itm = type === 'call' ? strike < spot : strike > spot;
  const intrinsic = Math.max(0, type === 'call' ? spot - strike : strike - spot);
  const mark = intrinsic + 1.2;
  return {
    symbol: `ACME261218${type === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
    underlying: 'ACME',
    expiry: '2026-12-18',
    strike,
    type,
    bid: mark - 0.05,
    ask: mark + 0.05,
    last: mark,
    mark,
    iv: 0.5 + Math.abs(strike - spot) / 200,
    delta: type === 'call' ? 0.5 : -0.5,
    gamma: 0.04,
    theta: -0.05,
    vega: 0.12,
    rho: 0.03,
    volume: 100 + strike,
    openInterest: 1000 + strike,
    inTheMoney: itm,
    ...over,
  };
}

/** A chain of strikes 90..110 step 5 around spot 101. */
export function chainFixture(over: Partial<OptionChain> = {}): OptionChain {
  const spot = over.spot ?? 101;
  const rows: ChainRow[] = [90, 95, 100, 105, 110].map((k) => ({ strike: k, call: ChainQuoteSchema.parse(quote(k, 'call', spot)), put: ChainQuoteSchema.parse(quote(k, 'put', spot)) }));
  return { underlying: 'ACME', spot, expiry: '2026-12-18', daysToExpiry: 28, rate: 0.04, dividendYield: 0, multiplier: 100, atmStrike: 100, rows, source: 'sim', asOf: T0, ...over };
}

export function analyticsFixture(over: Partial<ChainAnalytics> = {}): ChainAnalytics {
  return {
    underlying: 'ACME',
    expiry: '2026-12-18',
    spot: 101,
    atmIv: 0.52,
    ivStats: { ivRank: 50, ivPercentile: 80, min: 0.1, max: 0.3, days: 252 },
    ivHistory: [
      { date: '2026-11-18', iv: 0.3 },
      { date: '2026-11-19', iv: 0.1 },
    ],
    pcrVolume: 0.85,
    pcrOpenInterest: 1.12,
    maxPain: { maxPain: 100, curve: [95, 100, 105].map((p) => ({ price: p, callPain: 0, putPain: 0, total: p === 100 ? 7000 : 20000 })) },
    expectedMove: { dollars: 6.4, pct: 6.34, straddleStrike: 100 },
    gammaExposure: [],
    smile: [95, 100, 105].map((k) => ({ strike: k, callIv: 0.5, putIv: 0.55 })),
    source: 'sim',
    asOf: T0,
    ...over,
  };
}

export function legFixture(over: Partial<Leg> = {}): Leg {
  return { symbol: 'ACME261218P00095000', kind: 'option', type: 'put', strike: 95, expiry: '2026-12-18', side: 'sell', ratio: 1, price: 1.15, iv: 0.53, ...over };
}

export function strategyFixture(over: Partial<Strategy> = {}): Strategy {
  return {
    template: 'bull_put_spread',
    underlying: 'ACME',
    quantity: 1,
    legs: [legFixture(), legFixture({ symbol: 'ACME261218P00090000', strike: 90, side: 'buy', price: 0.6 })],
    ...over,
  };
}

export function analysisFixture(over: Partial<StrategyAnalysis> = {}): StrategyAnalysis {
  return {
    netDebit: -55,
    maxProfit: 55,
    maxLoss: 445,
    breakevens: [94.45],
    probabilityOfProfit: 0.71,
    margin: { requirement: 500, rule: 'Reg-T: width of the spread × 100 minus nothing; credit applied' },
    rewardToRisk: 0.1236,
    greeks: { delta: 12.5, gamma: -0.8, theta: 1.9, vega: -4.2, rho: 0.3 },
    payoff: [90, 95, 100, 105].map((p) => ({ price: p, expiry: p < 95 ? -445 : 55, today: 10, atDate: null })),
    spot: 101,
    daysToExpiry: 28,
    ...over,
  };
}
