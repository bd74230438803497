/**
 * Schemas of the trading desk (seed 001 stage 1): trade cards and their pipeline, the guardrails and playbooks,
 * the approval queue, the broker's orders, fills and positions, the account, the kill switch and the audit log.
 *
 * Money on the wire is in dollars (numbers); the ledger stores integer cents. Quantities are whole shares.
 * Times are epoch ms UTC.
 */
import { z } from 'zod';
import { SectorIdSchema, SymbolSchema } from './schemas';
import { LegSchema, OptionTypeSchema, StrategyTemplateSchema } from './options-schemas';

export const SIDES = ['buy', 'sell', 'short', 'cover'] as const;
export const SideSchema = z.enum(SIDES);
export type Side = z.infer<typeof SideSchema>;

/** buy and cover add shares; sell and short remove them. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'buy' || side === 'cover' ? 1 : -1;
}

export const ORDER_TYPES = ['market', 'limit', 'stop', 'stop_limit', 'bracket'] as const;
export const OrderTypeSchema = z.enum(ORDER_TYPES);
export type OrderType = z.infer<typeof OrderTypeSchema>;

/** day: cancelled at the session's close (20:00 ET incl. extended hours); gtc: until cancelled; ioc: fill what
 * can be filled now, cancel the rest. */
export const TIME_IN_FORCE = ['day', 'gtc', 'ioc'] as const;
export const TimeInForceSchema = z.enum(TIME_IN_FORCE);
export type TimeInForce = z.infer<typeof TimeInForceSchema>;

export const CARD_STATUSES = [
  'pending',
  'approved',
  'submitted',
  'partially_filled',
  'filled',
  'rejected',
  'expired',
  'cancelled',
  'blocked',
  'failed',
] as const;
export const CardStatusSchema = z.enum(CARD_STATUSES);
export type CardStatus = z.infer<typeof CardStatusSchema>;

/** Statuses a card never leaves. */
export const TERMINAL_CARD_STATUSES: readonly CardStatus[] = ['filled', 'rejected', 'expired', 'cancelled', 'failed'];

export const CARD_ORIGINS = ['manual', 'sector_grid', 'segment', 'strategy', 'hedge'] as const;
export const CardOriginSchema = z.enum(CARD_ORIGINS);
export type CardOrigin = z.infer<typeof CardOriginSchema>;

/** The stages of the pipeline, in order; each card records when it passed each one. */
export const PIPELINE_STAGES = ['ingest', 'feature', 'signal', 'card', 'guardrails', 'approval', 'execution'] as const;
export const PipelineStageSchema = z.enum(PIPELINE_STAGES);
export type PipelineStage = z.infer<typeof PipelineStageSchema>;

/** The six checks of seed 001, the two the anchors teach, and the two playbook rules enforced before sizing. */
export const GUARDRAIL_CHECKS = [
  'liquidity',
  'position_size',
  'sector_exposure',
  'event_window',
  'regime',
  'catalyst_freshness',
  'data_freshness',
  'fat_finger',
  'playbook_stale',
  'playbook_gap_chase',
] as const;
export const GuardrailCheckIdSchema = z.enum(GUARDRAIL_CHECKS);
export type GuardrailCheckId = z.infer<typeof GuardrailCheckIdSchema>;

export const GUARDRAIL_SEVERITIES = ['info', 'warn', 'block'] as const;
export const GuardrailSeveritySchema = z.enum(GUARDRAIL_SEVERITIES);
export type GuardrailSeverity = z.infer<typeof GuardrailSeveritySchema>;

/** A number, a label, or nothing (a check that had no input). */
const Scalar = z.union([z.number(), z.string(), z.boolean(), z.null()]);

export const GuardrailCheckSchema = z.object({
  check: GuardrailCheckIdSchema,
  passed: z.boolean(),
  severity: GuardrailSeveritySchema,
  /** The measured value (a ratio, a share of equity, days, hours, seconds, a regime label…). */
  value: Scalar,
  /** The limit it was compared with. */
  limit: Scalar,
  /** Unit of value and limit: 'ratio', 'pct', 'days', 'hours', 'seconds', 'usd', 'label', 'minutes'. */
  unit: z.string(),
  /** One sentence a trader understands, with the numbers. */
  message: z.string(),
  /** Every number behind the check, for the explain dialog (e.g. adv20, orderShares, equity). */
  inputs: z.record(z.string(), Scalar),
});
export type GuardrailCheck = z.infer<typeof GuardrailCheckSchema>;

export const REGIMES = ['trending_up', 'trending_down', 'ranging', 'volatile'] as const;
export const RegimeSchema = z.enum(REGIMES);
export type Regime = z.infer<typeof RegimeSchema>;

export const GuardrailResultSchema = z.object({
  /** No check blocks. */
  passed: z.boolean(),
  /** The most severe severity among the checks. */
  severity: GuardrailSeveritySchema,
  evaluatedAt: z.number(),
  /** When it ran: a what-if, at creation, after a modify, at approval or at submission. */
  phase: z.enum(['what_if', 'creation', 'modify', 'approval', 'submission']),
  checks: z.array(GuardrailCheckSchema),
  /** Price the checks used (last trade), its source and as-of time. */
  price: z.number().nullable(),
  source: z.string(),
  quoteAsOf: z.number().nullable(),
  /** Notional of the order at that price, in dollars. */
  notional: z.number().nullable(),
});
export type GuardrailResult = z.infer<typeof GuardrailResultSchema>;

export const EvidenceSchema = z.object({
  text: z.string().trim().min(1).max(500),
  /** Where it came from: a feed, an analysis run, a person. */
  source: z.string().trim().min(1).max(120),
  url: z.string().max(2_000).optional(),
  /** When the evidence was observed (epoch ms), used by catalyst_freshness. */
  t: z.number().int().min(0).optional(),
  /** A catalyst behind the thesis: its time drives catalyst_freshness. */
  catalyst: z.boolean().optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ThesisSchema = z.object({
  text: z.string().trim().max(4_000),
  evidence: z.array(EvidenceSchema).max(50),
});
export type Thesis = z.infer<typeof ThesisSchema>;

export const TranchesSchema = z.object({
  count: z.number().int().min(1).max(10),
  /** Minutes between tranches. */
  intervalMinutes: z.number().min(0).max(24 * 60),
});

export const PlaybookSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** Regimes this playbook trades in; regime blocks outside them. */
  allowedRegimes: z.array(RegimeSchema),
  /** A pending card expires this many minutes after creation. */
  ttlMinutes: z.number().positive(),
  /** The signal behind a card may be at most this old when it is evaluated. */
  staleMinutes: z.number().positive(),
  /** Do not chase a gap larger than this (percent from the previous close, in the trade's direction). */
  gapChaseMaxPercent: z.number().positive(),
  /** An approved card's orders must be submitted within this many hours of approval. */
  executionWindowHours: z.number().positive(),
  tranches: TranchesSchema,
});
export type Playbook = z.infer<typeof PlaybookSchema>;

export const GuardrailLimitsSchema = z.object({
  /** ADV lookback in sessions. */
  advLookbackDays: z.number().int().min(1).max(250),
  /** The order may be at most this fraction of ADV20 (seed 001 ADV_MIN_LIQUIDITY_RATIO). */
  advMaxOrderRatio: z.number().positive().max(1),
  /** Warn above this fraction of the limit. */
  warnFraction: z.number().min(0).max(1),
  /** One position's market value at most this share of equity. */
  maxPositionPctEquity: z.number().positive().max(1),
  /** One position's market value at most this many dollars. */
  maxPositionUsd: z.number().positive(),
  /** Market value of one segment's (or strategy's) positions at most this share of equity. */
  maxSegmentPctEquity: z.number().positive().max(1),
  /** Gross exposure of one sector at most this share of equity, after the trade (MAX_SECTOR_EXPOSURE). */
  maxSectorExposure: z.number().positive().max(1),
  /** Earnings or corporate events within this many trading days block (EVENT_BLACKOUT_DAYS). */
  eventBlackoutDays: z.number().int().min(0).max(20),
  /** The newest catalyst behind a thesis may be at most this old (CATALYST_FRESHNESS_HOURS). */
  catalystFreshnessHours: z.number().positive(),
  /** Whether a card with no catalyst evidence passes catalyst_freshness (manual tickets usually have none). */
  catalystRequired: z.boolean(),
  /** A quote older than this blocks (during a session). */
  maxQuoteAgeSeconds: z.number().positive(),
  /** A limit or stop price more than this many percent away from the last price blocks. */
  fatFingerMaxPct: z.number().positive(),
  /** One order's notional above this blocks. */
  fatFingerMaxNotionalUsd: z.number().positive(),
  /** Options: a leg whose bid/ask spread is wider than this many percent of its mark blocks (liquidity). */
  maxOptionSpreadPct: z.number().positive().max(200),
});
export type GuardrailLimits = z.infer<typeof GuardrailLimitsSchema>;

export const GuardrailConfigSchema = z.object({
  limits: GuardrailLimitsSchema,
  defaultPlaybook: z.string(),
  playbooks: z.array(PlaybookSchema).min(1),
  /** Thresholds of the market-regime reading from the benchmark's daily bars (built-in defaults when absent). */
  regime: z
    .object({
      /** The benchmark the regime is read from (IWM). */
      benchmark: z.string().min(1).max(12),
      /** Sessions of daily log returns behind the realised volatility. */
      volLookbackDays: z.number().int().min(5).max(250),
      /** Annualised realised volatility (decimal: 0.30 = 30 %) above which the market is 'volatile'. */
      volatileAbove: z.number().positive().max(5),
      /** Fast and slow simple moving averages of the close, in sessions. */
      smaFast: z.number().int().min(2).max(250),
      smaSlow: z.number().int().min(3).max(400),
      /** The fast SMA is rising when above its value this many sessions earlier. */
      slopeLookbackDays: z.number().int().min(1).max(60),
    })
    .optional(),
});
export type GuardrailConfig = z.infer<typeof GuardrailConfigSchema>;

/** The fields of the order a card proposes (what guardrails.evaluate takes as a what-if). */
export const ORDER_INTENT_SHAPE = {
    symbol: SymbolSchema,
    side: SideSchema,
    quantity: z.number().int().positive().max(100_000_000).optional(),
    /** Dollars; converted to whole shares at the last price when quantity is absent. */
    notional: z.number().positive().max(1e9).optional(),
    orderType: OrderTypeSchema,
    limitPrice: z.number().positive().max(1e6).optional(),
    stopPrice: z.number().positive().max(1e6).optional(),
    /** Bracket legs. */
    takeProfitPrice: z.number().positive().max(1e6).optional(),
    stopLossPrice: z.number().positive().max(1e6).optional(),
    timeInForce: TimeInForceSchema.optional(),
    playbook: z.string().min(1).max(64).optional(),
    origin: CardOriginSchema.optional(),
    /** The segment or strategy id behind the card. */
    originId: z.string().min(1).max(64).optional(),
};

/** Adds intentProblems() as validation issues, so a malformed order is an invalid-params error (-32602). */
export function refineIntent(p: Parameters<typeof intentProblems>[0], ctx: z.RefinementCtx): void {
  for (const message of intentProblems(p)) ctx.addIssue({ code: 'custom', message });
}

export const OrderIntentSchema = z.object(ORDER_INTENT_SHAPE).strict().superRefine(refineIntent);
export type OrderIntent = z.output<typeof OrderIntentSchema>;

/** Checks that an intent names its prices as its order type needs. */
export function intentProblems(p: {
  quantity?: number | undefined;
  notional?: number | undefined;
  orderType: OrderType;
  side: Side;
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  takeProfitPrice?: number | undefined;
  stopLossPrice?: number | undefined;
}): string[] {
  const out: string[] = [];
  if (p.quantity === undefined && p.notional === undefined) out.push('give quantity or notional');
  if (p.quantity !== undefined && p.notional !== undefined) out.push('give quantity or notional, not both');
  const needsLimit = p.orderType === 'limit' || p.orderType === 'stop_limit';
  const needsStop = p.orderType === 'stop' || p.orderType === 'stop_limit';
  if (needsLimit && p.limitPrice === undefined) out.push(`a ${p.orderType} order needs limitPrice`);
  if (needsStop && p.stopPrice === undefined) out.push(`a ${p.orderType} order needs stopPrice`);
  if (!needsLimit && p.orderType !== 'bracket' && p.limitPrice !== undefined) out.push(`a ${p.orderType} order takes no limitPrice`);
  if (!needsStop && p.stopPrice !== undefined) out.push(`a ${p.orderType} order takes no stopPrice`);
  if (p.orderType === 'bracket') {
    if (p.takeProfitPrice === undefined || p.stopLossPrice === undefined) out.push('a bracket needs takeProfitPrice and stopLossPrice');
    else {
      const long = p.side === 'buy' || p.side === 'cover';
      if (long && !(p.takeProfitPrice > p.stopLossPrice)) out.push('a long bracket needs takeProfitPrice above stopLossPrice');
      if (!long && !(p.takeProfitPrice < p.stopLossPrice)) out.push('a short bracket needs takeProfitPrice below stopLossPrice');
      if (p.limitPrice !== undefined && long && !(p.stopLossPrice < p.limitPrice && p.limitPrice < p.takeProfitPrice))
        out.push('a long bracket needs stopLossPrice < limitPrice < takeProfitPrice');
      if (p.limitPrice !== undefined && !long && !(p.takeProfitPrice < p.limitPrice && p.limitPrice < p.stopLossPrice))
        out.push('a short bracket needs takeProfitPrice < limitPrice < stopLossPrice');
    }
  } else if (p.takeProfitPrice !== undefined || p.stopLossPrice !== undefined) {
    out.push('takeProfitPrice and stopLossPrice belong to bracket orders');
  }
  if (p.orderType === 'stop_limit' && p.limitPrice !== undefined && p.stopPrice !== undefined) {
    const long = p.side === 'buy' || p.side === 'cover';
    if (long && p.limitPrice < p.stopPrice) out.push('a buy stop-limit needs limitPrice at or above stopPrice');
    if (!long && p.limitPrice > p.stopPrice) out.push('a sell stop-limit needs limitPrice at or below stopPrice');
  }
  return out;
}

export const CardStagesSchema = z.object({
  ingest: z.number().nullable(),
  feature: z.number().nullable(),
  signal: z.number().nullable(),
  card: z.number(),
  guardrails: z.number().nullable(),
  approval: z.number().nullable(),
  execution: z.number().nullable(),
});
export type CardStages = z.infer<typeof CardStagesSchema>;

/** The multi-leg part of an options card (null for a stock card). */
export const CardStrategySchema = z.object({
  template: StrategyTemplateSchema,
  legs: z.array(LegSchema).min(1).max(8),
  /** Per strategy unit, per share: positive = debit paid, negative = credit received. */
  netPrice: z.number(),
  /** Whole position, dollars; null = unlimited. */
  maxLoss: z.number().nullable(),
  maxProfit: z.number().nullable(),
  multiplier: z.number().int(),
  /** Nearest expiry among the legs (YYYY-MM-DD). */
  expiry: z.string(),
});
export type CardStrategy = z.infer<typeof CardStrategySchema>;

export const TradeCardSchema = z.object({
  id: z.string(),
  symbol: z.string(),
  name: z.string(),
  sector: SectorIdSchema.nullable(),
  side: SideSchema,
  quantity: z.number().int(),
  /** The notional the card was raised with, when it was raised by notional. */
  notional: z.number().nullable(),
  orderType: OrderTypeSchema,
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  takeProfitPrice: z.number().nullable(),
  stopLossPrice: z.number().nullable(),
  timeInForce: TimeInForceSchema,
  thesis: ThesisSchema,
  origin: CardOriginSchema,
  originId: z.string().nullable(),
  playbook: z.string(),
  status: CardStatusSchema,
  /** Why the card is in its status (reject reason, blocking checks, expiry, broker rejection…). */
  statusReason: z.string().nullable(),
  createdAt: z.number(),
  expiresAt: z.number(),
  updatedAt: z.number(),
  /** Who decided (approve/reject): e.g. 'ws#3 approvals' or 'ipc#1 window:approvals'. */
  decidedBy: z.string().nullable(),
  decidedAt: z.number().nullable(),
  /** Last price when the card was raised. */
  priceAtCreation: z.number().nullable(),
  filledQuantity: z.number().int(),
  avgFillPrice: z.number().nullable(),
  /** The latest guardrail evaluation. */
  guardrails: GuardrailResultSchema,
  stages: CardStagesSchema,
  /** Increments on every change (optimistic concurrency, UI freshness). */
  version: z.number().int(),
  /**
   * An options strategy card: its legs and risk. The card's symbol is the underlying, quantity the number of
   * strategy units, limitPrice the absolute net price per share. Null for a stock card.
   */
  strategy: CardStrategySchema.nullable(),
});
export type TradeCard = z.infer<typeof TradeCardSchema>;

export const ORDER_STATUSES = [
  'pending_submit',
  'submitted',
  'partially_filled',
  'filled',
  'cancelled',
  'rejected',
  'expired',
] as const;
export const OrderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;
export const TERMINAL_ORDER_STATUSES: readonly OrderStatus[] = ['filled', 'cancelled', 'rejected', 'expired'];

export const BrokerOrderTypeSchema = z.enum(['market', 'limit', 'stop', 'stop_limit']);
export type BrokerOrderType = z.infer<typeof BrokerOrderTypeSchema>;

export const ORDER_ROLES = ['entry', 'take_profit', 'stop_loss'] as const;
export const OrderRoleSchema = z.enum(ORDER_ROLES);
export type OrderRole = z.infer<typeof OrderRoleSchema>;

export const OrderSchema = z.object({
  id: z.string(),
  cardId: z.string(),
  /** The idempotency key, derived from the card: `<cardId>-t<tranche>` or `<cardId>-tp` / `<cardId>-sl`. */
  clientOrderId: z.string(),
  brokerOrderId: z.string().nullable(),
  broker: z.string(),
  symbol: z.string(),
  side: SideSchema,
  quantity: z.number().int(),
  filledQuantity: z.number().int(),
  orderType: BrokerOrderTypeSchema,
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  timeInForce: TimeInForceSchema,
  role: OrderRoleSchema,
  /** 1-based tranche number of an entry order. */
  tranche: z.number().int(),
  status: OrderStatusSchema,
  statusReason: z.string().nullable(),
  avgFillPrice: z.number().nullable(),
  /** When the tranche is due for submission (later tranches wait). */
  dueAt: z.number(),
  /**
   * A multi-leg package (an options strategy): each leg's contract, side and ratio per unit. Then `quantity` counts
   * strategy units, `limitPrice` is the absolute net price per share and `side` is buy for a debit, sell for a credit.
   */
  legs: z.array(z.object({ symbol: z.string(), side: z.enum(['buy', 'sell']), ratio: z.number().int(), multiplier: z.number().int() })).nullable(),
  createdAt: z.number(),
  submittedAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type Order = z.infer<typeof OrderSchema>;

export const FillSchema = z.object({
  id: z.string(),
  orderId: z.string(),
  cardId: z.string(),
  /** The broker's id of the execution; recording it twice is impossible. */
  brokerFillId: z.string(),
  symbol: z.string(),
  side: SideSchema,
  quantity: z.number().int(),
  price: z.number(),
  /** Fees in dollars. */
  fee: z.number(),
  t: z.number(),
  source: z.string(),
});
export type Fill = z.infer<typeof FillSchema>;

export const PositionSchema = z.object({
  /** A stock ticker, or an option contract (OCC-style) whose details are in `option`. */
  symbol: z.string(),
  name: z.string(),
  sector: SectorIdSchema.nullable(),
  /** Signed shares: negative is short. */
  quantity: z.number().int(),
  avgCost: z.number(),
  lastPrice: z.number().nullable(),
  marketValue: z.number(),
  costBasis: z.number(),
  unrealizedPnl: z.number(),
  unrealizedPnlPct: z.number(),
  realizedPnl: z.number(),
  /** Change of today's value against the previous close. */
  dayPnl: z.number(),
  quoteAsOf: z.number().nullable(),
  source: z.string(),
  openedAt: z.number(),
  updatedAt: z.number(),
  /** An option position: its contract and live Greeks for the whole position (× quantity × multiplier). */
  option: z
    .object({
      underlying: z.string(),
      expiry: z.string(),
      strike: z.number(),
      type: OptionTypeSchema,
      multiplier: z.number().int(),
      iv: z.number(),
      delta: z.number(),
      gamma: z.number(),
      theta: z.number(),
      vega: z.number(),
    })
    .nullable(),
});
export type Position = z.infer<typeof PositionSchema>;

export const AccountSchema = z.object({
  broker: z.string(),
  currency: z.literal('USD'),
  startingCash: z.number(),
  cash: z.number(),
  /** Long market value. */
  longMarketValue: z.number(),
  /** Short market value (negative or zero). */
  shortMarketValue: z.number(),
  equity: z.number(),
  /** Equity × margin multiplier minus what open orders and positions use. */
  buyingPower: z.number(),
  realizedPnl: z.number(),
  unrealizedPnl: z.number(),
  dayPnl: z.number(),
  openOrders: z.number().int(),
  asOf: z.number(),
  source: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const TradingStatusSchema = z.object({
  halted: z.boolean(),
  reason: z.string().nullable(),
  /** When the current state began. */
  since: z.number().nullable(),
  by: z.string().nullable(),
  pendingCards: z.number().int(),
  openOrders: z.number().int(),
  broker: z.string(),
});
export type TradingStatus = z.infer<typeof TradingStatusSchema>;

export const AuditEntrySchema = z.object({
  seq: z.number().int(),
  t: z.number(),
  /** Who acted: 'ws#3 approvals', 'ipc#1 window:approvals', 'engine', 'broker:paper'. */
  actor: z.string(),
  /** e.g. 'card.created', 'card.approved', 'order.submitted', 'fill.recorded', 'trading.halted', 'settings.changed'. */
  action: z.string(),
  entity: z.string(),
  entityId: z.string(),
  data: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const FunnelSchema = z.object({
  from: z.number(),
  to: z.number(),
  stages: z.array(
    z.object({
      stage: PipelineStageSchema,
      /** Cards that reached the stage. */
      cards: z.number().int(),
      /** Median ms from the previous recorded stage, or null. */
      medianMs: z.number().nullable(),
    }),
  ),
  byStatus: z.record(z.string(), z.number().int()),
});
