/**
 * Schemas of the options desk (seed 001 stage 2): contracts and chains with Greeks, chain analytics (IV rank and
 * percentile, put/call ratios, max pain, expected move, gamma exposure), and multi-leg strategies with their
 * payoff. Units are those of NUMBERS.md: σ, r and q as decimals, T in years (calendar days / 365), theta per
 * calendar day, vega per 1 volatility point, rho per 1 rate point. Prices are per share; one contract is
 * `multiplier` (100) shares.
 */
import { z } from 'zod';

export const OptionTypeSchema = z.enum(['call', 'put']);
export type OptionType = z.infer<typeof OptionTypeSchema>;

export const CONTRACT_MULTIPLIER = 100;

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

export const GreeksSchema = z.object({
  price: finite,
  delta: finite,
  gamma: finite,
  /** Per calendar day. */
  theta: finite,
  /** Per 1 volatility point. */
  vega: finite,
  /** Per 1 rate point. */
  rho: finite,
});
export type Greeks = z.infer<typeof GreeksSchema>;

/** One listed contract with its quote and Greeks at the chain's IV. */
export const OptionQuoteSchema = z.object({
  /** OCC-style symbol: root + YYMMDD + C/P + strike × 1000 zero-padded to 8 digits, e.g. ACME261218C00012500. */
  symbol: z.string(),
  underlying: z.string(),
  /** Expiry session date, YYYY-MM-DD (New York). */
  expiry: z.string(),
  strike: z.number(),
  type: OptionTypeSchema,
  bid: z.number(),
  ask: z.number(),
  last: z.number(),
  /** (bid + ask) / 2. */
  mark: z.number(),
  /** Implied volatility as a decimal (0.65 = 65 %). */
  iv: z.number(),
  delta: z.number(),
  gamma: z.number(),
  theta: z.number(),
  vega: z.number(),
  rho: z.number(),
  volume: z.number().int(),
  openInterest: z.number().int(),
  inTheMoney: z.boolean(),
});
export type OptionQuote = z.infer<typeof OptionQuoteSchema>;

/**
 * One side of a chain row on the wire: an OptionQuote without `underlying`, `expiry`, `strike` and `type`, which
 * the chain (underlying, expiry) and the row (strike, call/put side) already state — a 1,000-contract chain is
 * about a quarter smaller and faster to serialise and parse for it. `symbol` stays: it is the OCC symbol a
 * strategy leg uses. Prices are rounded to 4 decimals (bid/ask/last to the cent), iv, delta, theta, vega and rho
 * to 6 and gamma to 8 when the chain is built. Rebuild the full contract with `quoteOfRow`.
 */
export const ChainQuoteSchema = OptionQuoteSchema.omit({ underlying: true, expiry: true, strike: true, type: true });
export type ChainQuote = z.infer<typeof ChainQuoteSchema>;

export const ChainRowSchema = z.object({ strike: z.number(), call: ChainQuoteSchema, put: ChainQuoteSchema });
export type ChainRow = z.infer<typeof ChainRowSchema>;

export const OptionChainSchema = z.object({
  underlying: z.string(),
  spot: z.number(),
  expiry: z.string(),
  /** Calendar days to expiry (the session's 16:00 close), fractional. */
  daysToExpiry: z.number(),
  rate: z.number(),
  dividendYield: z.number(),
  multiplier: z.number().int(),
  /** The strike nearest the spot. */
  atmStrike: z.number(),
  rows: z.array(ChainRowSchema),
  source: z.string(),
  asOf: z.number(),
});
export type OptionChain = z.infer<typeof OptionChainSchema>;

/** The full OptionQuote of one side of a chain row (for a leg, a position, a card): the chain's and row's fields put back. */
export function quoteOfRow(chain: Pick<OptionChain, 'underlying' | 'expiry'>, row: ChainRow, type: OptionType): OptionQuote {
  const q = row[type];
  return {
    symbol: q.symbol,
    underlying: chain.underlying,
    expiry: chain.expiry,
    strike: row.strike,
    type,
    bid: q.bid,
    ask: q.ask,
    last: q.last,
    mark: q.mark,
    iv: q.iv,
    delta: q.delta,
    gamma: q.gamma,
    theta: q.theta,
    vega: q.vega,
    rho: q.rho,
    volume: q.volume,
    openInterest: q.openInterest,
    inTheMoney: q.inTheMoney,
  };
}

export const ExpirySchema = z.object({
  expiry: z.string(),
  daysToExpiry: z.number(),
  kind: z.enum(['weekly', 'monthly']),
  /** An earnings or FDA date of the underlying falls before this expiry (its IV carries the event bump). */
  spansEvent: z.boolean(),
});
export type Expiry = z.infer<typeof ExpirySchema>;

export const MaxPainSchema = z.object({
  maxPain: z.number(),
  curve: z.array(z.object({ price: z.number(), callPain: z.number(), putPain: z.number(), total: z.number() })),
});
export type MaxPain = z.infer<typeof MaxPainSchema>;

export const IvStatsSchema = z.object({
  /** 100 × (now − min) / (max − min) over the history; null when the history is flat or empty. */
  ivRank: z.number().nullable(),
  /** 100 × share of history days with IV below now; null when the history is empty. */
  ivPercentile: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  days: z.number().int(),
});
export type IvStats = z.infer<typeof IvStatsSchema>;

export const ChainAnalyticsSchema = z.object({
  underlying: z.string(),
  expiry: z.string(),
  spot: z.number(),
  /** At-the-money IV of the front (or chosen) expiry, decimal. */
  atmIv: z.number(),
  ivStats: IvStatsSchema,
  /** Daily ATM IV of the past 252 sessions, oldest first (the IV-rank history). */
  ivHistory: z.array(z.object({ date: z.string(), iv: z.number() })),
  /** Σ put volume / Σ call volume; null when there is no call volume. */
  pcrVolume: z.number().nullable(),
  /** Σ put OI / Σ call OI; null when there is no call OI. */
  pcrOpenInterest: z.number().nullable(),
  maxPain: MaxPainSchema,
  /** The ATM straddle's mark: the market's expected move to expiry, dollars and percent of spot. */
  expectedMove: z.object({ dollars: z.number(), pct: z.number(), straddleStrike: z.number() }),
  /** Dealer gamma exposure per strike, dollars per 1 % move: (call OI − put OI) × gamma × 100 × S² × 0.01. */
  gammaExposure: z.array(z.object({ strike: z.number(), gex: z.number() })),
  /** IV by strike for calls and puts (the smile). */
  smile: z.array(z.object({ strike: z.number(), callIv: z.number(), putIv: z.number() })),
  source: z.string(),
  asOf: z.number(),
});
export type ChainAnalytics = z.infer<typeof ChainAnalyticsSchema>;

export const LegSchema = z.object({
  /** An option contract (OCC-style) or, for a stock leg (covered call), the underlying's ticker. */
  symbol: z.string().trim().min(1).max(32),
  kind: z.enum(['option', 'stock']),
  type: OptionTypeSchema.nullable(),
  strike: z.number().positive().nullable(),
  expiry: z.string().nullable(),
  side: z.enum(['buy', 'sell']),
  /** Contracts (or shares for a stock leg) per one unit of the strategy. */
  ratio: z.number().int().positive().max(1_000),
  /** Per-share price used for the analysis (mark by default; edit for what-ifs). */
  price: z.number().min(0),
  /** IV used for today's and a date's payoff (decimal). Null for a stock leg. */
  iv: z.number().positive().nullable(),
});
export type Leg = z.infer<typeof LegSchema>;

export const STRATEGY_TEMPLATES = ['iron_condor', 'bull_put_spread', 'bear_call_spread', 'covered_call', 'long_straddle', 'custom'] as const;
export const StrategyTemplateSchema = z.enum(STRATEGY_TEMPLATES);
export type StrategyTemplate = z.infer<typeof StrategyTemplateSchema>;

export const OUTLOOKS = ['bullish', 'bearish', 'neutral', 'volatile'] as const;
export const OutlookSchema = z.enum(OUTLOOKS);
export type Outlook = z.infer<typeof OutlookSchema>;

export const StrategySchema = z.object({
  template: StrategyTemplateSchema,
  underlying: z.string(),
  /** Strategy units (each unit holds every leg times its ratio). */
  quantity: z.number().int().positive().max(10_000),
  legs: z.array(LegSchema).min(1).max(8),
});
export type Strategy = z.infer<typeof StrategySchema>;

export const PayoffPointSchema = z.object({ price: z.number(), expiry: z.number(), today: z.number(), atDate: z.number().nullable() });

export const StrategyAnalysisSchema = z.object({
  /** Per strategy unit in dollars: positive = debit paid, negative = credit received. */
  netDebit: z.number(),
  /** Dollars for the whole position, as positive amounts (maxLoss 320 = up to $320 lost); null = unlimited. */
  maxProfit: z.number().nullable(),
  maxLoss: z.number().nullable(),
  breakevens: z.array(z.number()),
  /** Probability that the position makes money at expiry (lognormal under each leg's IV, risk-neutral drift). */
  probabilityOfProfit: z.number(),
  /** Buying power the position needs (Reg-T style), dollars, and the rule applied, in words. */
  margin: z.object({ requirement: z.number(), rule: z.string() }),
  /** maxProfit / |maxLoss|; null when either is unlimited. */
  rewardToRisk: z.number().nullable(),
  /** Position Greeks (all legs × ratio × quantity × multiplier; theta per day, vega per point). */
  greeks: z.object({ delta: z.number(), gamma: z.number(), theta: z.number(), vega: z.number(), rho: z.number() }),
  /** P&L in dollars over a price grid: at expiry, today, and at `atDate` when asked. */
  payoff: z.array(PayoffPointSchema),
  spot: z.number(),
  daysToExpiry: z.number(),
});
export type StrategyAnalysis = z.infer<typeof StrategyAnalysisSchema>;

export const WhatIfSchema = z
  .object({
    /** Shift the underlying by this many percent. */
    spotShiftPct: z.number().min(-95).max(500).optional(),
    /** Days forward from now for the "at date" curve. */
    daysForward: z.number().min(0).max(3_650).optional(),
    /** Add this many volatility points to every leg's IV. */
    ivShiftPoints: z.number().min(-100).max(500).optional(),
  })
  .strict();
export type WhatIf = z.infer<typeof WhatIfSchema>;
