/**
 * Every engine method, declared once: its params schema and its result schema. Hosts (Electron IPC,
 * WebSocket) and the renderer derive their types from this table; core handlers are checked against it.
 */
import { z } from 'zod';
import {
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

const Empty = z.object({}).strict().optional().default({});

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
