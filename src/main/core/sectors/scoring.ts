/**
 * Sector performance and the multi-factor sentiment score of seed 004:
 *   score = clamp(base × volatility × volume × catalyst × technical, −1, 1)
 * and its mapping to the five colours / trading signals with the exact edges of NUMBERS.md.
 * Pure functions; no allocation per member beyond one typed array per sector.
 */
import {
  SECTOR_TIMEFRAMES,
  type SectorColour,
  type SectorTimeframe,
  type SentimentFactors,
  type TimeframePerformance,
  type TradingSignal,
} from '../../../shared/contract/sector-schemas';
import type { SectorConfig, SectorEntry } from './config';

/** One sector member's market data for an analysis run. */
export interface MemberInput {
  symbol: string;
  name: string;
  price: number;
  prevClose: number;
  open: number | null;
  volume: number;
  avgVolume20: number;
  float: number;
  /** Percent return per timeframe, null when unknown. */
  returns: Record<SectorTimeframe, number | null>;
  /** 0..1 within the 20-session high–low range, null when unknown. */
  rangePosition: number | null;
  /** News/filings of the last 3 sessions. */
  catalysts: { positive: number; negative: number };
}

/** Clamp x into [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** Today's volume / 20-day average volume, or null when either is unknown or the average is not positive. */
export function volumeRatio(m: MemberInput): number | null {
  return m.avgVolume20 > 0 && Number.isFinite(m.avgVolume20) && Number.isFinite(m.volume) && m.volume >= 0 ? m.volume / m.avgVolume20 : null;
}

/** Bounds of a member's weight in the sector mean (its volume ratio, clamped). */
export const VOLUME_WEIGHT_MIN = 0.25;
/** See {@link VOLUME_WEIGHT_MIN}. */
export const VOLUME_WEIGHT_MAX = 5;

/**
 * A sector's performance over one timeframe. rawPct = mean of the members' returns weighted by their volume
 * ratio (today / 20-day average, clamped to [0.25, 5]; unknown ratio weighs 1), so high-volume moves count
 * more; performancePct = rawPct × volatilityWeight; alphaPct = performancePct − benchmarkPct (0 when the
 * benchmark is unknown); members = members with a finite return for the timeframe. No members → zeros.
 */
export function sectorPerformance(
  members: readonly MemberInput[],
  tf: SectorTimeframe,
  volatilityWeight: number,
  benchmarkPct: number | null,
): TimeframePerformance & { rawPct: number } {
  let sw = 0;
  let swr = 0;
  let n = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    const r = m.returns[tf];
    if (r === null || r === undefined || !Number.isFinite(r)) continue;
    const w = clamp(volumeRatio(m) ?? 1, VOLUME_WEIGHT_MIN, VOLUME_WEIGHT_MAX);
    sw += w;
    swr += w * r;
    n++;
  }
  if (n === 0) return { performancePct: 0, alphaPct: 0, members: 0, rawPct: 0 };
  const rawPct = swr / sw;
  const performancePct = rawPct * volatilityWeight;
  const alphaPct = benchmarkPct !== null && Number.isFinite(benchmarkPct) ? performancePct - benchmarkPct : 0;
  return { performancePct, alphaPct, members: n, rawPct };
}

/** The five multiplicative factors of seed 004. */
export interface FactorValues {
  base: number;
  volatility: number;
  volume: number;
  catalyst: number;
  technical: number;
}

/** The clamped product base × volatility × volume × catalyst × technical ∈ [−1, 1] (seed: 0.4·1.3·1.2·1.1·0.9 = 0.6178). */
export function combineFactors(f: FactorValues): number {
  return clamp(f.base * f.volatility * f.volume * f.catalyst * f.technical, -1, 1);
}

/** Range position at or beyond which a member counts as at its 20-session high (1 − this: at its low). */
export const BREAKOUT_POSITION = 0.98;
/** Share of members at the extreme, in the direction of the move, that makes a sector breakout. */
export const BREAKOUT_SHARE = 0.5;

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);
const pct = (x: number): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)} %`;
const num = (x: number): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`;

/**
 * The sector's sentiment score in [−1, 1], its confidence in [0, 1] and the factors behind it.
 * - base = tanh(P / baseScalePct), P = Σ w_tf·rawPct over the timeframes with data (weights renormalised
 *   over those timeframes); P is reported as basePerformancePct.
 * - volatility = the sector's volatilityWeight.
 * - volume = clamp(1 + 0.2·(median volume ratio − 1), 0.8, 1.3) (median over members with a ratio; 1 if none).
 * - catalyst = clamp(1 + 0.05·(aligned − opposed)·10 / members, 0.85, 1.25): aligned = catalysts in the base's
 *   direction (positive when base > 0), i.e. +0.05 per net aligned catalyst per 10 members; 1 when base = 0.
 * - technical (mean range position r over members with one; 1 when none):
 *   1.1 breakout — at least half of them at the extreme of their 20-session range in the move's direction
 *   (r ≥ 0.98 when base > 0, ≤ 0.02 when base < 0); else 0.9 when base > 0 and r > 0.85 (approaching
 *   resistance) or base < 0 and r < 0.15 (approaching support); else 1.
 * - confidence = coverage × (0.5 + 0.5·agreement) × (0.5 + 0.5·consistency): coverage = 1 − e^(−n/10)
 *   (≈ 0.95 at 30 members), agreement = weight share of timeframes whose sign matches P (0.5 when P = 0),
 *   consistency = |mean| / (|mean| + sd) of the members' 1D returns (0.5 with fewer than two).
 */
export function sentimentScore(
  perf: Record<SectorTimeframe, { rawPct: number; members: number }>,
  members: readonly MemberInput[],
  sectorCfg: SectorEntry,
  config: SectorConfig,
): { score: number; confidence: number; factors: SentimentFactors } {
  const tw = config.timeframeWeights;
  let wsum = 0;
  let acc = 0;
  let maxMembers = 0;
  for (const tf of SECTOR_TIMEFRAMES) {
    const p = perf[tf];
    if (p.members > 0 && Number.isFinite(p.rawPct)) {
      wsum += tw[tf];
      acc += tw[tf] * p.rawPct;
      if (p.members > maxMembers) maxMembers = p.members;
    }
  }
  const basePerformancePct = wsum > 0 ? acc / wsum : 0;
  const base = Math.tanh(basePerformancePct / config.sentiment.baseScalePct);
  const dir = sign(base);

  const n = members.length;
  const ratios = new Float64Array(n);
  let nr = 0;
  let positive = 0;
  let negative = 0;
  let rangeSum = 0;
  let rangeCount = 0;
  let atHigh = 0;
  let atLow = 0;
  let dN = 0;
  let dMean = 0;
  let dM2 = 0;
  for (let i = 0; i < n; i++) {
    const m = members[i]!;
    const r = volumeRatio(m);
    if (r !== null) ratios[nr++] = r;
    const cp = m.catalysts.positive;
    const cn = m.catalysts.negative;
    if (Number.isFinite(cp) && cp > 0) positive += Math.round(cp);
    if (Number.isFinite(cn) && cn > 0) negative += Math.round(cn);
    const rp = m.rangePosition;
    if (rp !== null && Number.isFinite(rp)) {
      const c = clamp(rp, 0, 1);
      rangeSum += c;
      rangeCount++;
      if (c >= BREAKOUT_POSITION) atHigh++;
      if (c <= 1 - BREAKOUT_POSITION) atLow++;
    }
    const d = m.returns['1D'];
    if (d !== null && Number.isFinite(d)) {
      dN++;
      const delta = d - dMean;
      dMean += delta / dN;
      dM2 += delta * (d - dMean);
    }
  }

  let medianVolumeRatio = 1;
  if (nr > 0) {
    const s = ratios.subarray(0, nr).sort();
    medianVolumeRatio = nr % 2 ? s[(nr - 1) / 2]! : (s[nr / 2 - 1]! + s[nr / 2]!) / 2;
  }
  const volume = clamp(1 + 0.2 * (medianVolumeRatio - 1), 0.8, 1.3);

  const aligned = dir > 0 ? positive : dir < 0 ? negative : 0;
  const opposed = dir > 0 ? negative : dir < 0 ? positive : 0;
  const catalyst = dir === 0 || n === 0 ? 1 : clamp(1 + (0.05 * (aligned - opposed) * 10) / n, 0.85, 1.25);

  const rangePosition = rangeCount > 0 ? rangeSum / rangeCount : 0.5;
  let technical = 1;
  let technicalWhy = 'no support or resistance in play';
  if (rangeCount === 0) technicalWhy = 'no range data';
  else if (dir > 0 && atHigh / rangeCount >= BREAKOUT_SHARE) [technical, technicalWhy] = [1.1, 'breaking out through 20-session highs'];
  else if (dir < 0 && atLow / rangeCount >= BREAKOUT_SHARE) [technical, technicalWhy] = [1.1, 'breaking down through 20-session lows'];
  else if (dir > 0 && rangePosition > 0.85) [technical, technicalWhy] = [0.9, 'approaching resistance'];
  else if (dir < 0 && rangePosition < 0.15) [technical, technicalWhy] = [0.9, 'approaching support'];

  const volatility = sectorCfg.volatilityWeight;
  const unclamped = base * volatility * volume * catalyst * technical;
  const score = combineFactors({ base, volatility, volume, catalyst, technical });

  // confidence
  const coverage = 1 - Math.exp(-maxMembers / 10);
  const pDir = sign(basePerformancePct);
  let agree = 0;
  if (wsum > 0 && pDir !== 0) {
    for (const tf of SECTOR_TIMEFRAMES) {
      const p = perf[tf];
      if (p.members > 0 && Number.isFinite(p.rawPct) && sign(p.rawPct) === pDir) agree += tw[tf];
    }
  }
  const agreement = wsum > 0 && pDir !== 0 ? agree / wsum : 0.5;
  const sd = dN > 1 ? Math.sqrt(dM2 / (dN - 1)) : 0;
  const consistency = dN < 2 ? 0.5 : Math.abs(dMean) + sd > 0 ? Math.abs(dMean) / (Math.abs(dMean) + sd) : 1;
  const confidence = clamp(coverage * (0.5 + 0.5 * agreement) * (0.5 + 0.5 * consistency), 0, 1);

  const notes = [
    `Base ${num(base)}: timeframe-weighted move ${pct(basePerformancePct)} (tanh over ${config.sentiment.baseScalePct} %).`,
    `Volatility ×${volatility.toFixed(2)}: the ${sectorCfg.name} sector weight.`,
    `Volume ×${volume.toFixed(2)}: median volume ${medianVolumeRatio.toFixed(2)}× the 20-day average.`,
    `Catalysts ×${catalyst.toFixed(2)}: ${positive} positive and ${negative} negative in the last 3 sessions across ${n} members.`,
    `Technical ×${technical.toFixed(2)}: mean range position ${(rangePosition * 100).toFixed(0)} % of the 20-session range, ${technicalWhy}.`,
  ];

  return {
    score,
    confidence,
    factors: {
      base,
      basePerformancePct,
      volatility,
      volume,
      catalyst,
      technical,
      unclamped,
      medianVolumeRatio,
      catalysts: { positive, negative },
      rangePosition,
      notes,
    },
  };
}

/**
 * Colour and trading signal of a score, edges exactly as NUMBERS.md (after clamping to [−1, 1]):
 * s ≤ −0.6 dark_red PRIME_SHORTING_ENVIRONMENT; −0.6 < s ≤ −0.2 light_red GOOD_SHORTING_ENVIRONMENT;
 * −0.2 < s < 0.2 blue_neutral NEUTRAL_CAUTIOUS; 0.2 ≤ s < 0.6 light_green AVOID_SHORTS; s ≥ 0.6 dark_green
 * DO_NOT_SHORT. Throws RangeError on NaN.
 */
export function classifyScore(score: number): { colour: SectorColour; signal: TradingSignal } {
  if (Number.isNaN(score)) throw new RangeError('sector score is NaN');
  const s = clamp(score, -1, 1);
  if (s <= -0.6) return { colour: 'dark_red', signal: 'PRIME_SHORTING_ENVIRONMENT' };
  if (s <= -0.2) return { colour: 'light_red', signal: 'GOOD_SHORTING_ENVIRONMENT' };
  if (s < 0.2) return { colour: 'blue_neutral', signal: 'NEUTRAL_CAUTIOUS' };
  if (s < 0.6) return { colour: 'light_green', signal: 'AVOID_SHORTS' };
  return { colour: 'dark_green', signal: 'DO_NOT_SHORT' };
}
