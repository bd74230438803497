/**
 * Schemas of the small-cap sector traffic light (seed 004): universe membership, sector sentiment, the top-3
 * lists, analysis jobs and alerts. Conventions (rules, colours, signals) are those of NUMBERS.md.
 */
import { z } from 'zod';
import { ExchangeSchema, SectorIdSchema } from './schemas';

export const SECTOR_COLOURS = ['dark_red', 'light_red', 'blue_neutral', 'light_green', 'dark_green'] as const;
export const SectorColourSchema = z.enum(SECTOR_COLOURS);
export type SectorColour = z.infer<typeof SectorColourSchema>;

export const TRADING_SIGNALS = [
  'PRIME_SHORTING_ENVIRONMENT',
  'GOOD_SHORTING_ENVIRONMENT',
  'NEUTRAL_CAUTIOUS',
  'AVOID_SHORTS',
  'DO_NOT_SHORT',
] as const;
export const TradingSignalSchema = z.enum(TRADING_SIGNALS);
export type TradingSignal = z.infer<typeof TradingSignalSchema>;

export const SECTOR_TIMEFRAMES = ['30m', '1D', '3D', '1W'] as const;
export const SectorTimeframeSchema = z.enum(SECTOR_TIMEFRAMES);
export type SectorTimeframe = z.infer<typeof SectorTimeframeSchema>;

export const TierSchema = z.enum(['micro', 'small']);
export type Tier = z.infer<typeof TierSchema>;

/** One sector's performance over one timeframe. */
export const TimeframePerformanceSchema = z.object({
  /** Volume-weighted mean return of the members, in percent, times the sector's volatility weight. */
  performancePct: z.number(),
  /** performancePct minus IWM's return over the same timeframe, in percent. */
  alphaPct: z.number(),
  /** Members with data for this timeframe. */
  members: z.number().int(),
});
export type TimeframePerformance = z.infer<typeof TimeframePerformanceSchema>;

/** Why a score is what it is: the multiplicative factors of seed 004 and the numbers behind them. */
export const SentimentFactorsSchema = z.object({
  /** Base performance score in [−1, 1] from the timeframe-weighted raw performance. */
  base: z.number(),
  /** The timeframe-weighted raw (unweighted by volatility) performance it came from, percent. */
  basePerformancePct: z.number(),
  volatility: z.number(),
  volume: z.number(),
  catalyst: z.number(),
  technical: z.number(),
  /** Product before clamping to [−1, 1]. */
  unclamped: z.number(),
  /** Median of today's volume / 20-day average volume over the members. */
  medianVolumeRatio: z.number(),
  catalysts: z.object({ positive: z.number().int(), negative: z.number().int() }),
  /** Mean position of the members in their 20-session high–low range, 0..1. */
  rangePosition: z.number(),
  /** One sentence per factor, for the explain panel. */
  notes: z.array(z.string()),
});
export type SentimentFactors = z.infer<typeof SentimentFactorsSchema>;

export const RankedStockSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  price: z.number(),
  /** (open or last − previous close) / previous close, percent. */
  gapPct: z.number(),
  /** Today's change from the previous close, percent. */
  changePct: z.number(),
  /** Today's volume / 20-day average. */
  volumeRatio: z.number(),
  /** +1 when the stock moves with its sector's sentiment, −1 against, 0 neutral. */
  alignment: z.number(),
  float: z.number(),
  /** 0..1 from float and liquidity. */
  shortability: z.number(),
  /** Composite 0..10: gap 0.40, volume 0.30, alignment 0.20, shortability 0.10. */
  score: z.number(),
  reasons: z.array(z.string()),
  /** New to this list since the previous run. */
  isNew: z.boolean(),
});
export type RankedStock = z.infer<typeof RankedStockSchema>;

export const SectorSummarySchema = z.object({
  id: SectorIdSchema,
  name: z.string(),
  etf: z.string(),
  score: z.number(),
  colour: SectorColourSchema,
  signal: TradingSignalSchema,
  /** 0..1 */
  confidence: z.number(),
  timeframes: z.object({ '30m': TimeframePerformanceSchema, '1D': TimeframePerformanceSchema, '3D': TimeframePerformanceSchema, '1W': TimeframePerformanceSchema }),
  topBullish: z.array(RankedStockSchema),
  topBearish: z.array(RankedStockSchema),
  /** Why a list is empty (the mixed-signal rule), or null. */
  bullishNote: z.string().nullable(),
  bearishNote: z.string().nullable(),
  factors: SentimentFactorsSchema,
  members: z.number().int(),
  /** The colour of the previous run, when it differs. */
  previousColour: SectorColourSchema.nullable(),
});
export type SectorSummary = z.infer<typeof SectorSummarySchema>;

export const FreshnessSchema = z.object({
  ageMs: z.number(),
  tier: z.enum(['fresh', 'aging', 'stale']),
  advice: z.string(),
});
export type Freshness = z.infer<typeof FreshnessSchema>;

export const SectorsGridSchema = z.object({
  /** Market time the analysis describes, epoch ms, or null before the first run. */
  asOf: z.number().nullable(),
  runId: z.number().int().nullable(),
  freshness: FreshnessSchema,
  sectors: z.array(SectorSummarySchema),
});
export type SectorsGrid = z.infer<typeof SectorsGridSchema>;

export const UniverseCandidateSchema = z.object({
  symbol: z.string().min(1).max(12),
  marketCap: z.number().nonnegative(),
  avgVolume20: z.number().nonnegative(),
  price: z.number().nonnegative(),
  float: z.number().nonnegative(),
  exchange: z.string().min(1).max(32),
});
export type UniverseCandidate = z.infer<typeof UniverseCandidateSchema>;

export const UniverseVerdictSchema = z.object({
  symbol: z.string(),
  included: z.boolean(),
  tier: TierSchema.nullable(),
  /** Every rule the candidate failed (empty when included). */
  reasons: z.array(z.string()),
});
export type UniverseVerdict = z.infer<typeof UniverseVerdictSchema>;

export const UniverseMemberSchema = UniverseVerdictSchema.extend({
  name: z.string(),
  sector: SectorIdSchema.nullable(),
  /** 0..1 classification confidence; 1 for a manual override. */
  sectorConfidence: z.number(),
  exchange: ExchangeSchema,
  marketCap: z.number(),
  avgVolume20: z.number(),
  price: z.number(),
  float: z.number(),
  /** Higher first: gap-prone names are analysed and listed first. */
  gapPriority: z.number(),
});
export type UniverseMember = z.infer<typeof UniverseMemberSchema>;

export const AnalysisProgressSchema = z.object({
  jobId: z.string(),
  percent: z.number(),
  stage: z.string(),
  etaMs: z.number().nullable(),
  done: z.boolean(),
  /** Set when the job failed or was cancelled. */
  error: z.string().nullable(),
});
export type AnalysisProgress = z.infer<typeof AnalysisProgressSchema>;

export const AlertSchema = z.object({
  id: z.number().int(),
  t: z.number(),
  kind: z.enum(['significant_move']),
  severity: z.enum(['info', 'warn', 'critical']),
  symbol: z.string(),
  sector: SectorIdSchema.nullable(),
  message: z.string(),
  movePct: z.number(),
  price: z.number(),
  prevClose: z.number(),
  acked: z.boolean(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const SectorsUpdatedSchema = z.object({
  asOf: z.number(),
  runId: z.number().int(),
  /** Sectors whose score, colour or a top-3 list changed. */
  sectors: z.array(SectorSummarySchema),
});
export type SectorsUpdated = z.infer<typeof SectorsUpdatedSchema>;
