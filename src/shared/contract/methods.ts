/**
 * Every engine method, declared once: its params schema and its result schema. Hosts (Electron IPC,
 * WebSocket) and the renderer derive their types from this table; core handlers are checked against it.
 */
import { z } from 'zod';
import {
  LinkGroupSchema,
  LinkSymbolSchema,
  BarSchema,
  ClockStateSchema,
  EpochMsSchema,
  HealthSchema,
  QuoteSchema,
  SectorIdSchema,
  SymbolSchema,
  SystemInfoSchema,
  TimeframeSchema,
  UniverseItemSchema,
  ExchangeSchema,
} from './schemas';
import { EVENT_TOPICS } from './events';
import {
  AlertSchema,
  SectorColourSchema,
  SectorsGridSchema,
  SectorSummarySchema,
  TierSchema,
  TradingSignalSchema,
  UniverseCandidateSchema,
  UniverseMemberSchema,
  UniverseVerdictSchema,
} from './sector-schemas';
import {
  AccountSchema,
  AuditEntrySchema,
  CardOriginSchema,
  CardStatusSchema,
  EvidenceSchema,
  FillSchema,
  FunnelSchema,
  GuardrailConfigSchema,
  GuardrailResultSchema,
  GuardrailLimitsSchema,
  ORDER_INTENT_SHAPE,
  OrderSchema,
  OrderStatusSchema,
  PlaybookSchema,
  PositionSchema,
  RegimeSchema,
  ThesisSchema,
  TimeInForceSchema,
  TradeCardSchema,
  TradingStatusSchema,
  refineIntent,
} from './trading-schemas';
import {
  ChainAnalyticsSchema,
  ExpirySchema,
  GreeksSchema,
  IvStatsSchema,
  MaxPainSchema,
  OptionChainSchema,
  OptionTypeSchema,
  OutlookSchema,
  StrategyAnalysisSchema,
  StrategySchema,
  StrategyTemplateSchema,
  WhatIfSchema,
} from './options-schemas';

import { CorrelationMatrixSchema, CorrelationParamsSchema, PerformanceMetricsSchema, PerformanceParamsSchema } from './analytics-schemas';
import { LlmCallDetailSchema, LlmConfigureParamsSchema, LlmStatusSchema, LlmUsageParamsSchema, LlmUsageSchema } from './llm-schemas';
import {
  EventAnalysisSchema,
  PortfolioBySegmentSchema,
  ProposalOutcomeSchema,
  SegmentComparisonSchema,
  SegmentDetailSchema,
  SegmentIdSchema,
  SegmentPerformanceSchema,
  SegmentProposalSchema,
  SegmentRiskParametersSchema,
  SegmentSummarySchema,
  PerformanceBasisSchema,
} from './segment-schemas';

const Empty = z.object({}).strict().optional().default({});

const GuardrailsInfoSchema = z.object({
  /** The configuration in force: the shipped defaults with the user's override merged over them. */
  config: GuardrailConfigSchema,
  /** The shipped default limits (what "reset to defaults" restores). */
  defaults: GuardrailLimitsSchema,
  defaultsPath: z.string(),
  overridePath: z.string(),
  loadedAt: z.number(),
  regime: RegimeSchema,
  /** The regime with the numbers behind it (benchmark, as-of, moving averages, volatility). */
  regimeReading: z.object({
    label: RegimeSchema,
    benchmark: z.string(),
    asOf: z.number().nullable(),
    inputs: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  }),
});

const CardId = z.string().trim().min(1).max(64);

const Underlying = z.string().trim().min(1).max(16).regex(/^[A-Za-z][A-Za-z0-9.-]*$/, 'a ticker symbol');
const ExpiryDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'an expiry date YYYY-MM-DD');
const BsmInputs = {
  type: OptionTypeSchema,
  spot: z.number().positive().max(1e7),
  strike: z.number().positive().max(1e7),
  /** Decimal, e.g. 0.05. */
  rate: z.number().min(-0.5).max(1),
  /** Years (calendar days / 365); 0 is expiry. */
  time: z.number().min(0).max(50),
  dividendYield: z.number().min(-0.5).max(1).optional(),
};
const StrategyStatus = z.object({
  /** OPTIONS_TRADING_ENABLED: creating option cards needs it; the analytics always work. */
  tradingEnabled: z.boolean(),
  since: z.number().nullable(),
  by: z.string().nullable(),
});
const Reason = z.string().trim().min(1).max(500);
const Price = z.number().positive().max(1e6);

const CardsCreateParams = z
  .object({
    ...ORDER_INTENT_SHAPE,
    /** Plain text, or text with evidence bullets and their sources. */
    thesis: z.union([z.string().trim().max(4_000), ThesisSchema]).optional(),
    /** Evidence bullets (added to the thesis's). */
    evidence: z.array(EvidenceSchema).max(50).optional(),
    /** Minutes until the pending card expires; default the playbook's ttlMinutes. */
    ttlMinutes: z.number().positive().max(7 * 24 * 60).optional(),
    /** Times of the upstream stages (ingest, feature, signal) when a segment or strategy raised the card. */
    stages: z
      .object({ ingest: z.number().int().min(0).optional(), feature: z.number().int().min(0).optional(), signal: z.number().int().min(0).optional() })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine(refineIntent);

const GuardrailsEvaluateParams = z.object({ ...ORDER_INTENT_SHAPE, evidence: z.array(EvidenceSchema).max(50).optional(), signalAt: z.number().int().min(0).optional() }).strict().superRefine(refineIntent);

const CardsListParams = z
  .object({
    status: z.union([CardStatusSchema, z.array(CardStatusSchema).min(1).max(10)]).optional(),
    symbol: z.string().trim().min(1).max(16).optional(),
    origin: CardOriginSchema.optional(),
    offset: z.number().int().min(0).optional().default(0),
    limit: z.number().int().min(1).max(1_000).optional().default(200),
  })
  .strict()
  .optional()
  .default({ offset: 0, limit: 200 });

const TopicsParams = z
  .object({ topics: z.array(z.enum(EVENT_TOPICS)).min(1).max(EVENT_TOPICS.length) })
  .strict();

export const methods = {
  'system.health': { params: Empty, result: HealthSchema },
  'system.info': { params: Empty, result: SystemInfoSchema },

  'clock.get': { params: Empty, result: ClockStateSchema },
  'clock.set': {
    params: z
      .object({
        /** Simulated seconds per wall-clock second. */
        speed: z.number().positive().max(3600).optional(),
        paused: z.boolean().optional(),
        /** An instant to jump to: epoch ms UTC or an ISO-8601 string with an offset. */
        jumpTo: z.union([EpochMsSchema, z.iso.datetime({ offset: true })]).optional(),
      })
      .strict()
      .refine((p) => p.speed !== undefined || p.paused !== undefined || p.jumpTo !== undefined, {
        message: 'give at least one of speed, paused, jumpTo',
      }),
    result: ClockStateSchema,
  },

  'market.universe': {
    params: z
      .object({
        offset: z.number().int().min(0).optional().default(0),
        limit: z.number().int().min(1).max(10_000).optional().default(500),
        sector: SectorIdSchema.optional(),
        search: z.string().trim().max(64).optional(),
      })
      .strict()
      .optional()
      .default({ offset: 0, limit: 500 }),
    result: z.object({ total: z.number().int(), items: z.array(UniverseItemSchema) }),
  },
  'market.search': {
    params: z
      .object({ query: z.string().trim().min(1).max(64), limit: z.number().int().min(1).max(100).optional().default(20) })
      .strict(),
    result: z.object({
      items: z.array(
        z.object({
          symbol: z.string(),
          name: z.string(),
          sector: SectorIdSchema.nullable(),
          exchange: ExchangeSchema,
        }),
      ),
    }),
  },
  'market.quote': { params: z.object({ symbol: SymbolSchema }).strict(), result: QuoteSchema },
  'market.quotes': {
    params: z
      .object({ symbols: z.array(SymbolSchema).min(1).max(10_000).optional() })
      .strict()
      .optional()
      .default({}),
    result: z.object({ source: z.string(), asOf: z.number().nullable(), quotes: z.array(QuoteSchema) }),
  },
  'market.bars': {
    params: z
      .object({
        symbol: SymbolSchema,
        timeframe: TimeframeSchema,
        from: EpochMsSchema.optional(),
        to: EpochMsSchema.optional(),
        limit: z.number().int().min(1).max(20_000).optional(),
      })
      .strict()
      .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
        message: 'from must not be after to',
      }),
    result: z.object({
      symbol: z.string(),
      timeframe: TimeframeSchema,
      source: z.string(),
      bars: z.array(BarSchema),
    }),
  },

  'universe.current': {
    params: z
      .object({
        offset: z.number().int().min(0).optional().default(0),
        limit: z.number().int().min(1).max(10_000).optional().default(500),
        sector: SectorIdSchema.optional(),
        tier: TierSchema.optional(),
        /** true: members only; false: exclusions only; absent: both. */
        included: z.boolean().optional(),
      })
      .strict()
      .optional()
      .default({ offset: 0, limit: 500 }),
    result: z.object({
      /** Session date the universe was built for. */
      date: z.string(),
      total: z.number().int(),
      members: z.number().int(),
      items: z.array(UniverseMemberSchema),
      /** Who entered and who left at the last daily refresh. */
      changes: z.object({ entered: z.array(z.string()), left: z.array(z.string()) }),
    }),
  },
  'universe.evaluate': {
    params: z.object({ candidates: z.array(UniverseCandidateSchema).min(1).max(5_000) }).strict(),
    result: z.object({ results: z.array(UniverseVerdictSchema) }),
  },

  'sectors.grid': { params: Empty, result: SectorsGridSchema },
  'sectors.detail': {
    params: z.object({ sector: SectorIdSchema }).strict(),
    result: z.object({
      summary: SectorSummarySchema,
      members: z.array(
        z.object({
          symbol: z.string(),
          name: z.string(),
          tier: TierSchema.nullable(),
          price: z.number(),
          changePct: z.number(),
          gapPct: z.number(),
          volumeRatio: z.number(),
          marketCap: z.number(),
          float: z.number(),
          performance: z.object({ '30m': z.number().nullable(), '1D': z.number().nullable(), '3D': z.number().nullable(), '1W': z.number().nullable() }),
        }),
      ),
    }),
  },
  'sectors.history': {
    params: z
      .object({ sector: SectorIdSchema, from: EpochMsSchema.optional(), to: EpochMsSchema.optional() })
      .strict(),
    result: z.object({
      sector: SectorIdSchema,
      points: z.array(z.object({ t: z.number(), score: z.number(), colour: SectorColourSchema, confidence: z.number() })),
    }),
  },
  'sectors.classify': {
    params: z.object({ score: z.number().min(-1).max(1) }).strict(),
    result: z.object({ colour: SectorColourSchema, signal: TradingSignalSchema }),
  },
  'sectors.analyze': { params: Empty, result: z.object({ jobId: z.string() }) },
  'sectors.cancelAnalysis': {
    params: z.object({ jobId: z.string().min(1).max(64) }).strict(),
    result: z.object({ cancelled: z.boolean() }),
  },
  'sectors.overrideClassification': {
    params: z.object({ symbol: SymbolSchema, sector: SectorIdSchema.nullable() }).strict(),
    result: z.object({ symbol: z.string(), sector: SectorIdSchema.nullable(), override: z.boolean() }),
  },
  'alerts.list': {
    params: z
      .object({ limit: z.number().int().min(1).max(1_000).optional().default(100), unackedOnly: z.boolean().optional().default(false) })
      .strict()
      .optional()
      .default({ limit: 100, unackedOnly: false }),
    result: z.object({ alerts: z.array(AlertSchema) }),
  },
  'alerts.ack': { params: z.object({ id: z.number().int().positive() }).strict(), result: AlertSchema },

  'cards.createStrategy': {
    params: z
      .object({
        strategy: StrategySchema,
        /** Limit for the package, per share: the absolute net debit (or credit) accepted. Default: the mid. */
        limitPrice: z.number().positive().max(1e5).optional(),
        thesis: z.union([z.string().trim().max(4_000), ThesisSchema]).optional(),
        playbook: z.string().min(1).max(64).optional(),
        origin: CardOriginSchema.optional(),
        originId: z.string().min(1).max(64).optional(),
        ttlMinutes: z.number().positive().max(7 * 24 * 60).optional(),
      })
      .strict(),
    result: TradeCardSchema,
  },
  'cards.list': { params: CardsListParams, result: z.object({ total: z.number().int(), cards: z.array(TradeCardSchema) }) },
  'cards.get': { params: z.object({ id: CardId }).strict(), result: TradeCardSchema },
  'cards.create': { params: CardsCreateParams, result: TradeCardSchema },
  'cards.approve': {
    params: z
      .object({
        id: CardId,
        /** A changed quantity: at most the card's quantity (approval can shrink, never grow, a card). */
        quantity: z.number().int().positive().max(100_000_000).optional(),
        /** A changed limit price: within the fat-finger band of the last price. */
        limitPrice: Price.optional(),
      })
      .strict(),
    result: z.object({ card: TradeCardSchema, order: OrderSchema }),
  },
  'cards.approveAll': {
    params: z.object({ ids: z.array(CardId).min(1).max(200), confirm: z.literal(true) }).strict(),
    result: z.object({
      approved: z.array(z.object({ card: TradeCardSchema, order: OrderSchema })),
      refused: z.array(z.object({ id: z.string(), code: z.number().int(), message: z.string() })),
    }),
  },
  'cards.reject': { params: z.object({ id: CardId, reason: Reason }).strict(), result: TradeCardSchema },
  'cards.modify': {
    params: z
      .object({
        id: CardId,
        quantity: z.number().int().positive().max(100_000_000).optional(),
        limitPrice: Price.optional(),
        stopPrice: Price.optional(),
        takeProfitPrice: Price.optional(),
        stopLossPrice: Price.optional(),
        timeInForce: TimeInForceSchema.optional(),
      })
      .strict(),
    result: TradeCardSchema,
  },
  'cards.cancel': { params: z.object({ id: CardId, reason: Reason.optional() }).strict(), result: TradeCardSchema },
  'cards.funnel': {
    params: z.object({ from: EpochMsSchema.optional(), to: EpochMsSchema.optional() }).strict().optional().default({}),
    result: FunnelSchema,
  },

  'guardrails.evaluate': { params: GuardrailsEvaluateParams, result: GuardrailResultSchema },
  'guardrails.explain': {
    params: z.object({ cardId: CardId }).strict(),
    result: z.object({
      cardId: z.string(),
      /** The latest evaluation. */
      latest: GuardrailResultSchema,
      /** Every evaluation of the card, oldest first (creation, modifications, approval, submission). */
      history: z.array(GuardrailResultSchema),
      limits: GuardrailLimitsSchema,
      playbook: PlaybookSchema,
    }),
  },
  'guardrails.config': { params: Empty, result: GuardrailsInfoSchema },
  'guardrails.updateLimits': {
    params: z.object({ limits: GuardrailLimitsSchema.partial().strict() }).strict(),
    result: GuardrailsInfoSchema,
  },

  'options.price': {
    params: z.object({ ...BsmInputs, vol: z.number().min(0).max(20) }).strict(),
    result: GreeksSchema,
  },
  'options.impliedVol': {
    params: z.object({ ...BsmInputs, price: z.number().min(0).max(1e7) }).strict(),
    result: z.object({ iv: z.number(), iterations: z.number().int() }),
  },
  'options.expiries': {
    params: z.object({ underlying: Underlying }).strict(),
    result: z.object({
      underlying: z.string(),
      /** False for names without listed options (market cap under $300M, OTC); `reason` says why. */
      optionable: z.boolean(),
      reason: z.string().nullable(),
      expiries: z.array(ExpirySchema),
    }),
  },
  'options.chain': { params: z.object({ underlying: Underlying, expiry: ExpiryDate.optional() }).strict(), result: OptionChainSchema },
  'options.analytics': { params: z.object({ underlying: Underlying, expiry: ExpiryDate.optional() }).strict(), result: ChainAnalyticsSchema },
  'options.maxPain': {
    params: z
      .object({
        strikes: z
          .array(z.object({ strike: z.number().positive(), callOi: z.number().int().min(0), putOi: z.number().int().min(0) }).strict())
          .min(1)
          .max(2_000),
        multiplier: z.number().int().positive().max(10_000).optional(),
      })
      .strict(),
    result: MaxPainSchema,
  },
  'options.ivStats': {
    params: z.object({ history: z.array(z.number().min(0).max(100)).max(2_000), current: z.number().min(0).max(100) }).strict(),
    result: IvStatsSchema,
  },
  'options.strategy.build': {
    params: z
      .object({
        underlying: Underlying,
        template: StrategyTemplateSchema.exclude(['custom']),
        expiry: ExpiryDate.optional(),
        quantity: z.number().int().positive().max(10_000).optional(),
        /** Short strikes near this |delta| (default 0.20 for condors, 0.30 for credit spreads and covered calls, 0.50 for straddles). */
        targetDelta: z.number().min(0.01).max(0.99).optional(),
        /** Distance between short and long strikes, in strike steps (default 1). */
        widthSteps: z.number().int().min(1).max(20).optional(),
      })
      .strict(),
    result: z.object({ strategy: StrategySchema, analysis: StrategyAnalysisSchema }),
  },
  'options.strategy.analyze': {
    params: z.object({ strategy: StrategySchema, whatIf: WhatIfSchema.optional() }).strict(),
    result: StrategyAnalysisSchema,
  },
  'options.strategy.rank': {
    params: z.object({ underlying: Underlying, outlook: OutlookSchema, expiry: ExpiryDate.optional() }).strict(),
    result: z.object({
      underlying: z.string(),
      outlook: OutlookSchema,
      candidates: z.array(z.object({ strategy: StrategySchema, analysis: StrategyAnalysisSchema, score: z.number(), why: z.string() })),
    }),
  },
  'options.status': { params: Empty, result: StrategyStatus },
  'options.setTradingEnabled': { params: z.object({ enabled: z.boolean() }).strict(), result: StrategyStatus },

  'orders.list': {
    params: z
      .object({
        cardId: CardId.optional(),
        status: z.union([OrderStatusSchema, z.array(OrderStatusSchema).min(1).max(7)]).optional(),
        limit: z.number().int().min(1).max(5_000).optional().default(500),
      })
      .strict()
      .optional()
      .default({ limit: 500 }),
    result: z.object({ orders: z.array(OrderSchema) }),
  },
  'fills.list': {
    params: z
      .object({ cardId: CardId.optional(), symbol: z.string().trim().min(1).max(16).optional(), limit: z.number().int().min(1).max(5_000).optional().default(500) })
      .strict()
      .optional()
      .default({ limit: 500 }),
    result: z.object({ fills: z.array(FillSchema) }),
  },
  'positions.list': { params: Empty, result: z.object({ positions: z.array(PositionSchema), account: AccountSchema }) },
  'account.get': { params: Empty, result: AccountSchema },

  /**
   * The kill switch. `cancelWorking` also cancels every working order — entries and the stop/take-profit orders
   * protecting positions — through each card's cancel path (default false: working orders stay at the broker).
   */
  'trading.halt': { params: z.object({ reason: Reason, cancelWorking: z.boolean().optional() }).strict(), result: TradingStatusSchema },
  'trading.resume': { params: z.object({ reason: Reason.optional() }).strict().optional().default({}), result: TradingStatusSchema },
  'trading.status': { params: Empty, result: TradingStatusSchema },

  'audit.list': {
    params: z
      .object({
        /** Entries with seq below this (paging backwards from the newest). */
        beforeSeq: z.number().int().positive().optional(),
        entity: z.string().trim().min(1).max(32).optional(),
        entityId: z.string().trim().min(1).max(64).optional(),
        limit: z.number().int().min(1).max(1_000).optional().default(200),
      })
      .strict()
      .optional()
      .default({ limit: 200 }),
    result: z.object({ total: z.number().int(), entries: z.array(AuditEntrySchema) }),
  },
  'audit.verify': {
    params: Empty,
    result: z.object({ ok: z.boolean(), rows: z.number().int(), firstBadRow: z.number().int().optional(), reason: z.string().optional() }),
  },
  'audit.export': {
    params: z.object({ format: z.enum(['jsonl', 'csv']).optional().default('jsonl') }).strict().optional().default({ format: 'jsonl' }),
    result: z.object({ path: z.string(), rows: z.number().int(), lastHash: z.string(), format: z.enum(['jsonl', 'csv']) }),
  },

  'links.publish': {
    params: z.object({ group: LinkGroupSchema, symbol: SymbolSchema, source: z.string().trim().min(1).max(64) }).strict(),
    result: LinkSymbolSchema,
  },
  'links.current': {
    params: Empty,
    result: z.object({ links: z.array(LinkSymbolSchema) }),
  },
  'segments.list': { params: Empty, result: z.object({ segments: z.array(SegmentSummarySchema) }) },
  'segments.get': { params: z.object({ id: SegmentIdSchema }).strict(), result: SegmentDetailSchema },
  'segments.setEnabled': {
    params: z.object({ id: SegmentIdSchema, enabled: z.boolean() }).strict(),
    result: SegmentSummarySchema,
  },
  /** Edits a segment's row of segment_config (risk parameters, prompt template, schedule); audited. */
  'segments.configure': {
    params: z
      .object({
        id: SegmentIdSchema,
        riskParameters: SegmentRiskParametersSchema.partial().optional(),
        promptTemplate: z.string().trim().min(1).max(8_000).optional(),
        schedule: z.string().trim().min(9).max(100).optional(),
      })
      .strict(),
    result: SegmentSummarySchema,
  },
  /** Starts a run now; progress arrives as segments.runProgress events with the jobId. 4009 if one is running. */
  'segments.run': { params: z.object({ id: SegmentIdSchema }).strict(), result: z.object({ jobId: z.string() }) },
  'segments.proposals': {
    params: z
      .object({
        segmentId: SegmentIdSchema.optional(),
        jobId: z.string().min(1).max(64).optional(),
        cardId: z.string().min(1).max(64).optional(),
        outcome: ProposalOutcomeSchema.optional(),
        limit: z.number().int().min(1).max(1_000).optional().default(100),
      })
      .strict()
      .optional()
      .default({ limit: 100 }),
    result: z.object({ proposals: z.array(SegmentProposalSchema) }),
  },
  'segments.performance': {
    params: z
      .object({
        id: SegmentIdSchema.optional(),
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
      })
      .strict()
      .optional()
      .default({}),
    result: z.object({ segments: z.array(SegmentPerformanceSchema) }),
  },
  'segments.compare': { params: Empty, result: SegmentComparisonSchema },
  'segments.correlation': {
    params: z.object({ window: z.number().int().min(5).max(504).optional().default(30) }).strict().optional().default({ window: 30 }),
    result: CorrelationMatrixSchema.extend({ window: z.number().int(), basis: PerformanceBasisSchema }),
  },

  'analytics.performance': { params: PerformanceParamsSchema, result: PerformanceMetricsSchema },
  'analytics.correlation': { params: CorrelationParamsSchema, result: CorrelationMatrixSchema },

  'portfolio.bySegment': { params: Empty, result: PortfolioBySegmentSchema },
  /** The unified multi-segment report: CSV, or a printable HTML page (the desktop saves it as PDF). */
  'portfolio.exportReport': {
    params: z.object({ format: z.enum(['csv', 'html']).optional().default('csv') }).strict().optional().default({ format: 'csv' }),
    result: z.object({ path: z.string(), format: z.enum(['csv', 'html']), bytes: z.number().int(), rows: z.number().int() }),
  },

  /** Summarises the symbol's news and filings (cached per as-of time unless refresh). */
  'agents.research': {
    params: z.object({ symbol: SymbolSchema, refresh: z.boolean().optional().default(false) }).strict(),
    result: EventAnalysisSchema,
  },
  'agents.analyses': {
    params: z.object({ symbol: SymbolSchema.optional(), limit: z.number().int().min(1).max(500).optional().default(50) }).strict().optional().default({ limit: 50 }),
    result: z.object({ analyses: z.array(EventAnalysisSchema) }),
  },

  'llm.status': { params: Empty, result: LlmStatusSchema },
  'llm.usage': { params: LlmUsageParamsSchema, result: LlmUsageSchema },
  'llm.configure': { params: LlmConfigureParamsSchema, result: LlmStatusSchema },
  /** One recorded call with its prompt and answer (the trace behind a card). */
  'llm.call': { params: z.object({ id: z.string().min(1).max(64) }).strict(), result: LlmCallDetailSchema },

  'events.subscribe': { params: TopicsParams, result: z.object({ topics: z.array(z.enum(EVENT_TOPICS)) }) },
  'events.unsubscribe': { params: TopicsParams, result: z.object({ topics: z.array(z.enum(EVENT_TOPICS)) }) },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller may send (defaults not yet applied). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives (validated, defaults applied). */
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
