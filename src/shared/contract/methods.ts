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
