/**
 * Schemas of the market segments (seed 000) and the research agent (seed 001 stage 4): segment status and
 * configuration, runs and their progress, proposals (what a segment asked for and what became of it), the
 * per-segment performance and the comparison, the multi-segment portfolio, and event analyses.
 *
 * A segment proposes trade cards; it never trades. Money is in dollars, times in epoch ms UTC, returns and
 * weights as decimals.
 */
import { z } from 'zod';
import { CorrelationMatrixSchema, PerformanceMetricsSchema } from './analytics-schemas';
import { EvidenceSchema } from './trading-schemas';

export const SegmentIdSchema = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[a-z][a-z0-9_-]*$/, 'a segment id: lower-case letters, digits, - and _');
export type SegmentId = z.infer<typeof SegmentIdSchema>;

/**
 * running: enabled and healthy; degraded: enabled, but the last run failed, timed out or fell back to the rules
 * analyst; faulted: stopped scheduling after repeated failures (Run now or re-enabling clears it); disabled.
 */
export const SEGMENT_STATES = ['running', 'degraded', 'faulted', 'disabled'] as const;
export const SegmentStateSchema = z.enum(SEGMENT_STATES);
export type SegmentState = z.infer<typeof SegmentStateSchema>;

/** Seed 000's risk parameters, plus the allocation the segment's sleeve targets. */
export const SegmentRiskParametersSchema = z.object({
  /** Largest position as a fraction of the segment's capital. */
  maxPositionSize: z.number().gt(0).max(1),
  /** Drawdown of the segment's sleeve (negative peak-to-trough fraction, given positive) at which it stops proposing buys. */
  maxDrawdown: z.number().gt(0).max(1),
  /** Stop distance in multiples of the symbol's ATR(14). */
  stopLossMultiplier: z.number().gt(0).max(10),
  /** Target share of the account's equity for this segment. */
  targetAllocation: z.number().min(0).max(1),
  /** Most proposals one run may raise (flood limit). */
  maxProposalsPerRun: z.number().int().min(0).max(50),
});
export type SegmentRiskParameters = z.infer<typeof SegmentRiskParametersSchema>;

export const SEGMENT_RUN_OUTCOMES = ['running', 'ok', 'degraded', 'failed', 'timeout', 'cancelled'] as const;
export const SegmentRunOutcomeSchema = z.enum(SEGMENT_RUN_OUTCOMES);

export const SegmentRunSchema = z.object({
  jobId: z.string(),
  segmentId: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  outcome: SegmentRunOutcomeSchema,
  /** Who analysed: the configured LLM, or the rules analyst (default, or the fallback). */
  analyst: z.enum(['rules', 'llm']),
  proposals: z.number().int(),
  /** Proposals refused (grounding, guardrail block, flood limit, duplicates). */
  rejected: z.number().int(),
  error: z.string().nullable(),
  /** Wall-clock duration, ms. */
  ms: z.number().nullable(),
});
export type SegmentRun = z.infer<typeof SegmentRunSchema>;

export const SegmentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  enabled: z.boolean(),
  state: SegmentStateSchema,
  lastError: z.object({ message: z.string(), at: z.number() }).nullable(),
  dataSources: z.array(z.string()),
  riskParameters: SegmentRiskParametersSchema,
  /** The AI prompt template (seed 000's ai_prompt_template), editable per segment. */
  promptTemplate: z.string(),
  /** Five-field cron, New York time. */
  schedule: z.string(),
  lastRun: SegmentRunSchema.nullable(),
  nextRunAt: z.number().nullable(),
  universeSize: z.number().int(),
  /** Proposals raised so far and how many a human approved. */
  counts: z.object({ proposed: z.number().int(), carded: z.number().int(), approved: z.number().int() }),
});
export type SegmentSummary = z.infer<typeof SegmentSummarySchema>;

/** A number a segment shows (a commodity price, a risk metric, a count of upcoming events), with its source. */
export const SegmentIndicatorSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number().nullable(),
  /** 'usd', 'pct' (a decimal fraction), 'ratio', 'count', 'usd/oz', 'usd/lb', 'usd/t', 'usd/bbl'. */
  unit: z.string(),
  /** Change over the last session as a decimal fraction, when it has one. */
  change: z.number().nullable(),
  source: z.string(),
  asOf: z.number().nullable(),
});
export type SegmentIndicator = z.infer<typeof SegmentIndicatorSchema>;

/** The segment's risk model applied to its positions. */
export const SegmentRiskSchema = z.object({
  asOf: z.number(),
  capital: z.number(),
  exposure: z.number(),
  /** Exposure over capital. */
  utilisation: z.number(),
  largestPosition: z.object({ symbol: z.string(), weight: z.number() }).nullable(),
  /** Sleeve drawdown now (negative fraction) against the limit. */
  drawdown: z.number(),
  maxDrawdown: z.number(),
  /** True when the drawdown limit stops new buys. */
  buysPaused: z.boolean(),
  /** Segment-specific metrics (e.g. exposure to binary events within 30 days; beta to gold). */
  metrics: z.array(SegmentIndicatorSchema),
});
export type SegmentRisk = z.infer<typeof SegmentRiskSchema>;

export const SegmentMemberSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  last: z.number().nullable(),
  /** Today's change in percent, as Quote.changePct: (last / prevClose − 1) × 100. */
  changePct: z.number().nullable(),
  /** A note the segment attaches (next PDUFA date, main commodity…). */
  note: z.string().nullable(),
});

export const SegmentDetailSchema = SegmentSummarySchema.extend({
  members: z.array(SegmentMemberSchema),
  indicators: z.array(SegmentIndicatorSchema),
  risk: SegmentRiskSchema,
  recentRuns: z.array(SegmentRunSchema),
});
export type SegmentDetail = z.infer<typeof SegmentDetailSchema>;

export const PROPOSAL_ACTIONS = ['buy', 'sell', 'hold'] as const;
export const ProposalActionSchema = z.enum(PROPOSAL_ACTIONS);

/**
 * carded: became a trade card (pending or blocked; the card tells the rest); rejected: refused before a card
 * (grounding, parsing, risk limits, flood); hold: the analyst decided to do nothing.
 */
export const PROPOSAL_OUTCOMES = ['carded', 'rejected', 'hold'] as const;
export const ProposalOutcomeSchema = z.enum(PROPOSAL_OUTCOMES);

export const SegmentProposalSchema = z.object({
  id: z.string(),
  segmentId: z.string(),
  jobId: z.string(),
  createdAt: z.number(),
  symbol: z.string(),
  action: ProposalActionSchema,
  quantity: z.number().int().nullable(),
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  thesis: z.string(),
  /** 0..1 */
  confidence: z.number(),
  evidence: z.array(EvidenceSchema),
  outcome: ProposalOutcomeSchema,
  reason: z.string().nullable(),
  cardId: z.string().nullable(),
  /** The LLM call (or rules-analyst record) that produced it: open it with llm.call. */
  llmCallId: z.string().nullable(),
  analyst: z.enum(['rules', 'llm']),
});
export type SegmentProposal = z.infer<typeof SegmentProposalSchema>;

export const RUN_STAGES = ['queued', 'gather', 'research', 'analyse', 'ground', 'propose', 'done', 'failed'] as const;
export const SegmentRunProgressSchema = z.object({
  jobId: z.string(),
  segmentId: z.string(),
  stage: z.enum(RUN_STAGES),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  message: z.string(),
  done: z.boolean(),
  outcome: SegmentRunOutcomeSchema.nullable(),
});
export type SegmentRunProgress = z.infer<typeof SegmentRunProgressSchema>;

/** One day of a segment's sleeve. */
export const SegmentSnapshotSchema = z.object({
  date: z.string(),
  equity: z.number(),
  /** Daily return of the sleeve (decimal); null on the first day. */
  dailyReturn: z.number().nullable(),
  totalReturn: z.number(),
  sharpe: z.number().nullable(),
  maxDrawdown: z.number().nullable(),
  volatility: z.number().nullable(),
  beta: z.number().nullable(),
  alpha: z.number().nullable(),
});
export type SegmentSnapshot = z.infer<typeof SegmentSnapshotSchema>;

/**
 * Which returns a figure rests on. sleeve: the segment's own paper trades (daily snapshots); universe: the
 * equal-weighted daily returns of the segment's members — the opportunity set, shown until the sleeve has
 * enough history, and always labelled.
 */
export const PerformanceBasisSchema = z.enum(['sleeve', 'universe']);

export const SegmentPerformanceSchema = z.object({
  segmentId: z.string(),
  name: z.string(),
  basis: PerformanceBasisSchema,
  benchmark: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  metrics: PerformanceMetricsSchema,
  /** Growth of 1.0 over the period, one point per session. */
  curve: z.array(z.object({ date: z.string(), value: z.number() })),
  snapshots: z.array(SegmentSnapshotSchema),
});
export type SegmentPerformance = z.infer<typeof SegmentPerformanceSchema>;

export const SegmentAllocationSchema = z.object({
  segmentId: z.string(),
  target: z.number(),
  current: z.number(),
  /** current − target. */
  drift: z.number(),
});

export const DiversificationSchema = z.object({
  /** 0..100: 100 = uncorrelated segments, 0 = perfectly correlated. */
  score: z.number().nullable(),
  averageCorrelation: z.number().nullable(),
  recommendations: z.array(z.string()),
});

export const SegmentComparisonSchema = z.object({
  asOf: z.number(),
  benchmark: z.string(),
  segments: z.array(SegmentPerformanceSchema),
  benchmarkCurve: z.array(z.object({ date: z.string(), value: z.number() })),
  correlation30: CorrelationMatrixSchema.extend({ window: z.number().int(), basis: PerformanceBasisSchema }),
  correlation90: CorrelationMatrixSchema.extend({ window: z.number().int(), basis: PerformanceBasisSchema }),
  diversification: DiversificationSchema,
  allocation: z.array(SegmentAllocationSchema),
});
export type SegmentComparison = z.infer<typeof SegmentComparisonSchema>;

export const SegmentPositionSchema = z.object({
  symbol: z.string(),
  /** Shares, or contracts for an option (multiplier 100; avgCost and last per share). */
  quantity: z.number(),
  multiplier: z.number().int(),
  avgCost: z.number(),
  last: z.number().nullable(),
  marketValue: z.number(),
  unrealizedPnl: z.number(),
});

export const SegmentBookSchema = z.object({
  /** A segment id, or 'unassigned' for manual and other trades outside every segment's universe. */
  segmentId: z.string(),
  name: z.string(),
  /** The sleeve's starting capital: target allocation × the opening deposit. */
  capital: z.number(),
  cash: z.number(),
  marketValue: z.number(),
  equity: z.number(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  positions: z.array(SegmentPositionSchema),
  trades: z.number().int(),
});
export type SegmentBook = z.infer<typeof SegmentBookSchema>;

export const PortfolioBySegmentSchema = z.object({
  asOf: z.number(),
  segments: z.array(SegmentBookSchema),
  total: z.object({ equity: z.number(), cash: z.number(), marketValue: z.number(), realizedPnl: z.number(), unrealizedPnl: z.number() }),
});
export type PortfolioBySegment = z.infer<typeof PortfolioBySegmentSchema>;

export const SentimentSchema = z.enum(['BULLISH', 'BEARISH', 'NEUTRAL']);

/** The research agent's summary of a symbol's news and filings (seed 001 stage 4). */
export const EventAnalysisSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  createdAt: z.number(),
  /** Time of the newest item summarised. */
  asOf: z.number(),
  summary: z.array(z.string()),
  keyPoints: z.array(z.string()),
  risks: z.array(z.string()),
  sentiment: SentimentSchema,
  confidence: z.number(),
  sources: z.array(z.object({ title: z.string(), source: z.string(), t: z.number(), url: z.string().nullable() })),
  analyst: z.enum(['rules', 'llm']),
  llmCallId: z.string().nullable(),
});
export type EventAnalysis = z.infer<typeof EventAnalysisSchema>;
