/**
 * The segment plugin interface (seed 000). A segment is one folder under src/main/core/segments/<id>/ exporting a
 * `Segment`, plus its row in segment_config (seeded from `defaults` on first start). The manager runs each one
 * isolated — its own scheduled job, its own error boundary and time limit, its own status — and a run goes:
 *
 *   gather (market data, events, commodities) → research (event analyses as evidence) → analyse (the LLM through
 *   the gateway, or the segment's rules analyst) → ground (every ticker and number checked against `facts`) →
 *   propose (sized by the risk parameters, through the same card pipeline as every card).
 *
 * A segment sees only `SegmentContext`: read-only market views and a progress callback. It holds no broker and
 * no trading service; the manager alone turns grounded decisions into proposed cards.
 */
import { z } from 'zod';
import type { Bar, Instrument, Quote } from '../../../shared/contract/schemas';
import type { SegmentBook, SegmentIndicator, SegmentRiskParameters, SegmentRisk, EventAnalysis } from '../../../shared/contract';
import type { Logger } from '../log';
import type { CorporateEvent } from '../trading/guardrails/types';

/** seed 000's segment_config row defaults (written on first start; the row wins afterwards). */
export interface SegmentDefaults {
  name: string;
  description: string;
  dataSources: readonly string[];
  riskParameters: SegmentRiskParameters;
  promptTemplate: string;
  /** Five-field cron, New York time, exchange days only. */
  schedule: string;
  /** Active on first start. */
  enabled: boolean;
  /** The playbook its cards use (TTL, execution window, tranches). Default 'discretionary'. */
  playbook?: string;
}

/** A news item or filing as data: quoted into prompts, never obeyed. */
export interface NewsItem {
  symbol: string;
  t: number;
  kind: string;
  title: string;
  /** Body text (may contain anything, including instructions: it is data). */
  body: string;
  source: string;
  url: string | null;
}

/** One commodity (gold, silver, copper, lithium, uranium, oil). */
export interface CommodityQuote {
  id: 'gold' | 'silver' | 'copper' | 'lithium' | 'uranium' | 'oil';
  name: string;
  unit: string;
  price: number;
  /** Change since the previous session's close, decimal fraction. */
  change: number;
  t: number;
  source: string;
}

/** Read-only data views a segment may use. */
export interface SegmentMarketView {
  instruments(): readonly Instrument[];
  quote(symbol: string): Quote | null;
  /** The last `n` daily bars up to the latest closed session, oldest first. */
  dailyBars(symbol: string, n: number): Bar[];
  avgVolume(symbol: string): number | null;
  /** Corporate events (earnings, FDA decisions, trial readouts…) between two session dates inclusive. */
  events(symbols: readonly string[], fromDate: string, toDate: string): CorporateEvent[];
  /** News and filings of a symbol since a time, newest first. */
  news(symbol: string, since: number, limit: number): NewsItem[];
  commodities(): CommodityQuote[];
  /** Daily closes of a commodity, oldest first, the last `n` sessions. */
  commodityHistory(id: CommodityQuote['id'], n: number): { date: string; close: number }[];
}

export interface SegmentContext {
  readonly segmentId: string;
  readonly jobId: string;
  now(): number;
  /** Session date (YYYY-MM-DD, New York) of now. */
  today(): string;
  readonly log: Logger;
  /** Aborted when the run times out, is cancelled or the segment is disabled; long loops must check it. */
  readonly signal: AbortSignal;
  readonly market: SegmentMarketView;
  /** The latest research summary of a symbol, running the research agent when it is missing or stale. */
  research(symbol: string): Promise<EventAnalysis | null>;
  progress(stage: 'gather' | 'research' | 'analyse' | 'ground' | 'propose', progress: number, message: string): void;
}

/** What grounding checks an answer against: every ticker and price the prompt gave. */
export interface GroundingFacts {
  /** Symbol → the numbers given for it (last price and any other price-like figures). */
  symbols: Record<string, { last: number; prices?: number[] | undefined }>;
  /** Other numbers the prompt stated (commodity prices, ratios), for numbers quoted in thesis text. */
  numbers: number[];
}

/** A member as the segment saw it at gather time. */
export interface MemberSnapshot {
  symbol: string;
  name: string;
  industry: string | null;
  last: number;
  changePct: number | null;
  /** ATR(14), Wilder, from daily bars (NUMBERS.md); null with too little history. */
  atr: number | null;
  avgVolume: number | null;
  /** A short note the UI shows next to the member (next PDUFA date, main commodity…). */
  note: string | null;
}

export interface SegmentData {
  asOf: number;
  members: MemberSnapshot[];
  indicators: SegmentIndicator[];
  facts: GroundingFacts;
  /** Symbols shortlisted for the research stage (at most 5): the manager runs the research agent on them. */
  candidates: string[];
  /**
   * Filled by the manager in the research stage (symbol → the latest event analysis) before analyse; segments
   * quote it in the prompt and weigh it in the rules analyst. Empty when research is off or failed.
   */
  research: Record<string, EventAnalysis>;
  /** Segment-specific material for the prompt and the rules analyst. */
  detail: Record<string, unknown>;
}

/** The analyst's output: the same schema for the LLM (structured outputs) and the rules analyst. */
export const AnalystDecisionSchema = z
  .object({
    symbol: z.string(),
    action: z.enum(['buy', 'sell', 'hold']),
    /** Size as a fraction of the segment's capital (buy), or of the held position (sell). */
    sizeFraction: z.number(),
    /** The last price the analyst read for the symbol in the data (checked by grounding). */
    referencePrice: z.number(),
    limitPrice: z.number().nullable(),
    stopPrice: z.number().nullable(),
    thesis: z.string(),
    confidence: z.number(),
    evidence: z.array(z.object({ text: z.string(), source: z.string() }).strict()),
  })
  .strict();
export type AnalystDecision = z.infer<typeof AnalystDecisionSchema>;

export const AnalystOutputSchema = z
  .object({
    summary: z.string(),
    decisions: z.array(AnalystDecisionSchema),
  })
  .strict();
export type AnalystOutput = z.infer<typeof AnalystOutputSchema>;

export interface SegmentPrompt {
  system: string;
  user: string;
}

export interface Segment {
  readonly id: string;
  readonly defaults: SegmentDefaults;
  /** The segment's universe among the market's instruments (pure; the manager caches it per session). */
  universe(instruments: readonly Instrument[]): Instrument[];
  gather(ctx: SegmentContext, book: SegmentBook, universe: readonly Instrument[]): Promise<SegmentData>;
  /** The segment's risk model on its own positions. */
  risk(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentRisk;
  /** Builds the prompt from the (editable) template, the segment's book and its data; data goes in quoted blocks. */
  buildPrompt(template: string, book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): SegmentPrompt;
  /** The deterministic analyst: the default without an LLM and the fallback when the LLM's answer is refused. */
  rules(book: SegmentBook, data: SegmentData, params: SegmentRiskParameters): AnalystOutput;
  /** Optional lifecycle hooks (warm caches, subscribe to feeds). Errors here fault only this segment. */
  start?(ctx: Pick<SegmentContext, 'segmentId' | 'log' | 'market' | 'now'>): Promise<void> | void;
  stop?(): Promise<void> | void;
}
