/**
 * Every engine event, declared once. Topics are `domain.pastTense` or `domain.updated`; a window subscribes
 * only to the topics it shows (`events.subscribe`).
 */
import { z } from 'zod';
import { BarsUpdatedSchema, ClockStateSchema, QuoteBatchSchema, SystemStatusSchema } from './schemas';
import { AlertSchema, AnalysisProgressSchema, SectorsUpdatedSchema } from './sector-schemas';
import { LinkSymbolSchema } from './schemas';
import { SegmentRunProgressSchema, SegmentStateSchema, SegmentSummarySchema } from './segment-schemas';
import { LlmCallSchema } from './llm-schemas';
import { AccountSchema, FillSchema, OrderSchema, PositionSchema, TradeCardSchema, TradingStatusSchema } from './trading-schemas';

export const EVENT_TOPICS = [
  'quotes.updated',
  'bars.updated',
  'clock.changed',
  'system.status',
  'sectors.updated',
  'analysis.progress',
  'alerts.raised',
  'cards.changed',
  'orders.changed',
  'fills.created',
  'positions.changed',
  'trading.statusChanged',
  'links.symbolChanged',
  'segments.statusChanged',
  'segments.runProgress',
  'llm.callCompleted',
] as const;

export type EventTopic = (typeof EVENT_TOPICS)[number];

export const events = {
  /** Batched and throttled quotes of every instrument that traded since the previous batch. */
  'quotes.updated': QuoteBatchSchema,
  /** Bars that just closed. */
  'bars.updated': BarsUpdatedSchema,
  /** The clock's mode, speed or pause state changed, or it jumped. */
  'clock.changed': ClockStateSchema,
  /** The engine's health changed. */
  'system.status': SystemStatusSchema,
  /** A sector's score, colour or top-3 list changed. */
  'sectors.updated': SectorsUpdatedSchema,
  /** Progress of an analysis job (on-demand or scheduled). */
  'analysis.progress': AnalysisProgressSchema,
  /** A significant move or another alert. */
  'alerts.raised': AlertSchema,
  /** A card was created or changed status, quantity, prices or guardrails. */
  'cards.changed': z.object({ card: TradeCardSchema, previousStatus: TradeCardSchema.shape.status.nullable() }),
  /** An order was created or changed status or filled quantity. */
  'orders.changed': z.object({ order: OrderSchema }),
  /** A fill was recorded. */
  'fills.created': z.object({ fill: FillSchema }),
  /** Positions or the account changed (a fill, or a price move, throttled). */
  'positions.changed': z.object({ positions: z.array(PositionSchema), account: AccountSchema }),
  /** The kill switch was thrown or reset, or the pending/open counts changed. */
  'trading.statusChanged': TradingStatusSchema,
  /** A window of a link group selected a symbol; the other windows of that group follow it. */
  'links.symbolChanged': LinkSymbolSchema,
  /** A segment was enabled or disabled, changed state (running, degraded, faulted) or finished a run. */
  'segments.statusChanged': z.object({ segment: SegmentSummarySchema, previousState: SegmentStateSchema.nullable() }),
  /** Progress of a segment run (manual or scheduled), by jobId. */
  'segments.runProgress': SegmentRunProgressSchema,
  /** An LLM call (or its rules-analyst stand-in) finished: tokens, cost, latency, outcome. Sent again with outcome
   *  grounding_failed when grounding rejects the answer afterwards (same id: replace, do not add). */
  'llm.callCompleted': LlmCallSchema,
} as const satisfies Record<EventTopic, z.ZodType>;

export type Events = typeof events;
export type EventData<T extends EventTopic> = z.output<Events[T]>;

export function isEventTopic(topic: string): topic is EventTopic {
  return (EVENT_TOPICS as readonly string[]).includes(topic);
}
