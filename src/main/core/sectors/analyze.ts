/**
 * One analysis run of the sector traffic light: per sector, the four timeframe performances, the sentiment
 * score and its colour, and the top-3 lists. Pure and fast (linear in members; only each sector's volume
 * ratios are sorted, for their median).
 */
import {
  SECTOR_TIMEFRAMES,
  type SectorSummary,
  type SectorTimeframe,
  type TimeframePerformance,
} from '../../../shared/contract/sector-schemas';
import { SECTORS, type SectorId } from '../../../shared/sectors';
import type { SectorConfig } from './config';
import { rankTopStocks } from './ranking';
import { classifyScore, sectorPerformance, sentimentScore, type MemberInput } from './scoring';

/** Input of {@link analyzeSector}. */
export interface AnalyzeSectorInput {
  sector: SectorId;
  members: readonly MemberInput[];
  /** IWM's percent return per timeframe (null when unknown: alpha is then 0). */
  benchmark: Record<SectorTimeframe, number | null>;
  config: SectorConfig;
  /** The previous run's summary of this sector: for previousColour and the `isNew` flags. */
  previous?: SectorSummary | null;
}

/**
 * Analyse one sector: name/etf from SECTORS, weights from the configuration. previousColour is the previous
 * run's colour when it differs from this one, else null. A sector without members scores 0 (blue neutral)
 * with confidence 0 and empty lists.
 */
export function analyzeSector(input: AnalyzeSectorInput): SectorSummary {
  const { sector, members, benchmark, config, previous } = input;
  const info = SECTORS.find((s) => s.id === sector);
  const sectorCfg = config.sectors.find((s) => s.id === sector);
  if (!info || !sectorCfg) throw new Error(`unknown sector ${sector}`);

  const perf = {} as Record<SectorTimeframe, TimeframePerformance & { rawPct: number }>;
  const timeframes = {} as Record<SectorTimeframe, TimeframePerformance>;
  for (const tf of SECTOR_TIMEFRAMES) {
    const p = sectorPerformance(members, tf, sectorCfg.volatilityWeight, benchmark[tf]);
    perf[tf] = p;
    timeframes[tf] = { performancePct: p.performancePct, alphaPct: p.alphaPct, members: p.members };
  }
  const { score, confidence, factors } = sentimentScore(perf, members, sectorCfg, config);
  const { colour, signal } = classifyScore(score);
  const prevLists = previous
    ? { bullish: previous.topBullish.map((s) => s.symbol), bearish: previous.topBearish.map((s) => s.symbol) }
    : undefined;
  const top = rankTopStocks(members, score, config, prevLists);
  return {
    id: sector,
    name: info.name,
    etf: info.etf,
    score,
    colour,
    signal,
    confidence,
    timeframes,
    topBullish: top.topBullish,
    topBearish: top.topBearish,
    bullishNote: top.bullishNote,
    bearishNote: top.bearishNote,
    factors,
    members: members.length,
    previousColour: previous && previous.colour !== colour ? previous.colour : null,
  };
}

/** Input of {@link analyzeAll}: members grouped by sector (a missing sector has no members). */
export interface AnalyzeAllInput {
  membersBySector: Partial<Record<SectorId, readonly MemberInput[]>>;
  benchmark: Record<SectorTimeframe, number | null>;
  config: SectorConfig;
  /** The previous run's summaries (any order; matched by id). */
  previous?: readonly SectorSummary[] | null;
}

/** Analyse all eight sectors, in SECTORS order. */
export function analyzeAll(input: AnalyzeAllInput): SectorSummary[] {
  const prevById = new Map((input.previous ?? []).map((s) => [s.id, s]));
  return SECTORS.map((s) =>
    analyzeSector({
      sector: s.id,
      members: input.membersBySector[s.id] ?? [],
      benchmark: input.benchmark,
      config: input.config,
      previous: prevById.get(s.id) ?? null,
    }),
  );
}

/** Group members by their sector (members whose sector is null are dropped). */
export function groupBySector<M extends MemberInput>(
  members: readonly M[],
  sectorOf: (m: M) => SectorId | null,
): Partial<Record<SectorId, M[]>> {
  const out: Partial<Record<SectorId, M[]>> = {};
  for (const m of members) {
    const id = sectorOf(m);
    if (id) (out[id] ??= []).push(m);
  }
  return out;
}
