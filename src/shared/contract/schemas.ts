/**
 * Domain schemas of the contract. Every type the engine and the UI exchange is declared here once, as a zod
 * schema; the TypeScript types are inferred from it so the two can never drift.
 */
import { z } from 'zod';
import { SECTOR_IDS } from '../sectors';

export const SectorIdSchema = z.enum(SECTOR_IDS);

export const EXCHANGES = ['NASDAQ', 'NYSE', 'NYSE American', 'NYSE Arca', 'OTC'] as const;
export const ExchangeSchema = z.enum(EXCHANGES);
export type Exchange = z.infer<typeof ExchangeSchema>;

export const SymbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(12)
  .regex(/^[A-Za-z][A-Za-z0-9.-]*$/, 'a ticker symbol: letters, digits, dot or dash')
  .transform((s) => s.toUpperCase());

/** Epoch milliseconds UTC. */
export const EpochMsSchema = z.number().int().min(0).max(8.64e15);

export const InstrumentKindSchema = z.enum(['stock', 'etf']);

export const InstrumentSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  kind: InstrumentKindSchema,
  /** null for the benchmark and other instruments outside the eight sectors. */
  sector: SectorIdSchema.nullable(),
  industry: z.string(),
  exchange: ExchangeSchema,
  /** US dollars. */
  marketCap: z.number(),
  /** Shares available to trade. */
  float: z.number().int(),
  sharesOutstanding: z.number().int(),
});
export type Instrument = z.infer<typeof InstrumentSchema>;

export const UniverseItemSchema = z.object({
  symbol: z.string(),
  name: z.string(),
  sector: SectorIdSchema.nullable(),
  industry: z.string(),
  exchange: ExchangeSchema,
  kind: InstrumentKindSchema,
  marketCap: z.number(),
  float: z.number().int(),
  /** Last price. */
  price: z.number(),
  /** 20-session average daily volume, shares. */
  avgVolume20: z.number(),
});
export type UniverseItem = z.infer<typeof UniverseItemSchema>;

export const TIMEFRAMES = ['5m', '30m', '1d'] as const;
export const TimeframeSchema = z.enum(TIMEFRAMES);
export type Timeframe = z.infer<typeof TimeframeSchema>;

export const BarSchema = z.object({
  /** Bar open time, epoch ms UTC. Daily bars are stamped at the session's 09:30 New York open. */
  t: z.number(),
  o: z.number(),
  h: z.number(),
  l: z.number(),
  c: z.number(),
  /** Shares traded in the bar. */
  v: z.number(),
});
export type Bar = z.infer<typeof BarSchema>;

export const QuoteSchema = z.object({
  symbol: z.string(),
  last: z.number(),
  bid: z.number(),
  ask: z.number(),
  /** The session's regular open (09:30), or the first trade of the day before it. */
  open: z.number(),
  high: z.number(),
  low: z.number(),
  prevClose: z.number(),
  /** last − prevClose. */
  change: z.number(),
  /** (last / prevClose − 1) × 100. */
  changePct: z.number(),
  /** Shares traded today, extended session included. */
  volume: z.number(),
  /** Time of the last trade, epoch ms UTC. */
  t: z.number(),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const SourceSchema = z.object({
  /** The market-data source, e.g. 'simulator'. */
  name: z.string(),
  /** Time of the newest data from it, epoch ms UTC (null before the first). */
  asOf: z.number().nullable(),
});
export type Source = z.infer<typeof SourceSchema>;

export const SESSION_PHASES = ['pre', 'regular', 'post', 'closed'] as const;
export const SessionPhaseSchema = z.enum(SESSION_PHASES);
export type SessionPhase = z.infer<typeof SessionPhaseSchema>;

export const ClockStateSchema = z.object({
  mode: z.enum(['system', 'simulated']),
  now: z.number(),
  speed: z.number(),
  paused: z.boolean(),
  timeZone: z.string(),
  session: z.object({
    /** The exchange's trading date, YYYY-MM-DD, of the session at `now` (or the next one when closed). */
    date: z.string(),
    phase: SessionPhaseSchema,
  }),
});
export type ClockState = z.infer<typeof ClockStateSchema>;

export const HealthStatusSchema = z.enum(['ok', 'degraded', 'down']);

export const HealthSchema = z.object({
  status: HealthStatusSchema,
  version: z.string(),
  uptimeMs: z.number(),
  db: z.object({ ok: z.boolean() }),
  source: SourceSchema,
  clock: z.object({ mode: z.enum(['system', 'simulated']), now: z.number(), speed: z.number(), paused: z.boolean() }),
});
export type Health = z.infer<typeof HealthSchema>;

export const SystemInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'server', 'test']),
  node: z.string(),
  platform: z.string(),
  arch: z.string(),
  pid: z.number(),
  startedAt: z.number(),
  dataDir: z.string(),
  dbPath: z.string(),
  schemaVersion: z.number(),
  seed: z.number(),
  source: z.string(),
  instruments: z.number(),
});
export type SystemInfo = z.infer<typeof SystemInfoSchema>;

export const QuoteBatchSchema = z.object({
  source: z.string(),
  asOf: z.number(),
  quotes: z.array(QuoteSchema),
});
export type QuoteBatch = z.infer<typeof QuoteBatchSchema>;

export const BarsUpdatedSchema = z.object({
  timeframe: TimeframeSchema,
  source: z.string(),
  bars: z.array(BarSchema.extend({ symbol: z.string() })),
});
export type BarsUpdated = z.infer<typeof BarsUpdatedSchema>;

export const SystemStatusSchema = z.object({
  status: HealthStatusSchema,
  message: z.string(),
  source: SourceSchema,
});
export type SystemStatus = z.infer<typeof SystemStatusSchema>;

/** Window link groups, as in TWS: windows of the same colour follow each other's symbol. */
export const LINK_GROUPS = ['red', 'green', 'blue', 'yellow'] as const;
export const LinkGroupSchema = z.enum(LINK_GROUPS);
export type LinkGroup = z.infer<typeof LinkGroupSchema>;

export const LinkSymbolSchema = z.object({
  group: LinkGroupSchema,
  symbol: z.string(),
  /** The window that selected it (its own id), so it can ignore its own echo. */
  source: z.string(),
  t: z.number(),
});
export type LinkSymbol = z.infer<typeof LinkSymbolSchema>;
