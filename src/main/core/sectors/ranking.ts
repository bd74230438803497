/**
 * Top-3 bullish / bearish names per sector (seed 004). Composite 0..10 =
 *   10 × (w.gap·gap + w.volume·volume + w.alignment·alignment + w.shortability·shortability)
 * with the weights of the configuration (0.40 / 0.30 / 0.20 / 0.10) and every sub-score in [0, 1]:
 * - gap: the larger of the opening gap and today's change in the candidate's direction, saturating at 15 %;
 * - volume: today's volume / 20-day average, saturating at 4× (unknown → 0);
 * - alignment: 1 when the stock moves with the sector (score ≤ −0.2 bearish, ≥ 0.2 bullish), 0.5 in a
 *   neutral sector, 0 against;
 * - shortability: 0.7 × min(1, float / 50M) + 0.3 × min(1, ADV20 / 5M shares).
 * Bullish candidates are the names up today (price above the previous close), bearish the names down.
 * Mixed-signal rule: no bullish names in a dark-red sector (score ≤ −0.6), no bearish names in a dark-green
 * one (score ≥ 0.6); the note says why instead.
 */
import type { RankedStock } from '../../../shared/contract/sector-schemas';
import type { SectorConfig } from './config';
import { classifyScore, volumeRatio, type MemberInput } from './scoring';

/** Gap (or move) in percent at which the gap sub-score saturates. */
export const GAP_SATURATION_PCT = 15;
/** Volume ratio at which the volume sub-score saturates. */
export const VOLUME_RATIO_SATURATION = 4;
/** Float (shares) at which the float part of shortability saturates. */
export const FLOAT_SATURATION = 50e6;
/** 20-day average volume (shares) at which the liquidity part of shortability saturates. */
export const LIQUIDITY_SATURATION = 5e6;
/** Names per list. */
export const TOP_N = 3;

/** Shortability 0..1 from float and 20-day average volume (see the module comment). */
export function shortabilityScore(float: number, avgVolume20: number): number {
  const f = Number.isFinite(float) && float > 0 ? Math.min(1, float / FLOAT_SATURATION) : 0;
  const l = Number.isFinite(avgVolume20) && avgVolume20 > 0 ? Math.min(1, avgVolume20 / LIQUIDITY_SATURATION) : 0;
  return 0.7 * f + 0.3 * l;
}

interface Candidate {
  m: MemberInput;
  score: number;
  gapPct: number;
  changePct: number;
  ratio: number | null;
  alignment: number;
  shortability: number;
}

/** Insert into a list kept sorted best first (score desc, then symbol asc), at most TOP_N long. */
function offer(top: Candidate[], c: Candidate): void {
  let i = top.length;
  while (i > 0) {
    const o = top[i - 1]!;
    if (c.score > o.score || (c.score === o.score && c.m.symbol < o.m.symbol)) i--;
    else break;
  }
  if (i >= TOP_N) return;
  top.splice(i, 0, c);
  if (top.length > TOP_N) top.pop();
}

const beats = (top: Candidate[], score: number, symbol: string): boolean => {
  if (top.length < TOP_N) return true;
  const last = top[TOP_N - 1]!;
  return score > last.score || (score === last.score && symbol < last.m.symbol);
};

const signed1 = (x: number): string => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(1)} %`;
const shares = (x: number): string =>
  x >= 1e9 ? `${+(x / 1e9).toFixed(1)}B` : x >= 1e6 ? `${+(x / 1e6).toFixed(1)}M` : x >= 1e3 ? `${+(x / 1e3).toFixed(0)}K` : `${Math.round(x)}`;

function toRanked(c: Candidate, previous: readonly string[] | undefined): RankedStock {
  const { m } = c;
  const reasons = [`gap ${signed1(c.gapPct)}`];
  if (Math.abs(c.changePct - c.gapPct) >= 0.05) reasons.push(`now ${signed1(c.changePct)}`);
  reasons.push(c.ratio === null ? 'volume unknown' : `volume ${c.ratio.toFixed(1)}× avg`);
  const dir = c.changePct > 0 ? 'bullish' : 'bearish';
  reasons.push(c.alignment > 0 ? `aligned with ${dir} sector` : c.alignment < 0 ? `against the ${dir === 'bullish' ? 'bearish' : 'bullish'} sector` : 'sector neutral');
  const borrow = m.float >= FLOAT_SATURATION ? 'easy to borrow' : m.float > 10e6 ? 'moderate borrow' : 'hard to borrow';
  reasons.push(`float ${shares(Math.max(0, m.float))}: ${borrow}`);
  return {
    symbol: m.symbol,
    name: m.name,
    price: m.price,
    gapPct: c.gapPct,
    changePct: c.changePct,
    volumeRatio: c.ratio ?? 0,
    alignment: c.alignment,
    float: m.float,
    shortability: c.shortability,
    score: c.score,
    reasons,
    isNew: previous !== undefined && !previous.includes(m.symbol),
  };
}

const fmtScore = (s: number): string => `${s < 0 ? '−' : '+'}${Math.abs(s).toFixed(2)}`;

/**
 * The top three bullish and bearish names of a sector, best first (ties by symbol). Members without a
 * positive previous close or a finite price are skipped. `isNew` is true for a name absent from the same
 * list of `previous` (false for every name when there is no previous run). A note explains an empty list:
 * the mixed-signal rule, or that no member moved that way today; null when the list has names.
 */
export function rankTopStocks(
  members: readonly MemberInput[],
  sectorScore: number,
  cfg: SectorConfig,
  previous?: { bullish: readonly string[]; bearish: readonly string[] },
): { topBullish: RankedStock[]; topBearish: RankedStock[]; bullishNote: string | null; bearishNote: string | null } {
  const colour = classifyScore(sectorScore).colour;
  const sectorDir = colour === 'dark_red' || colour === 'light_red' ? -1 : colour === 'dark_green' || colour === 'light_green' ? 1 : 0;
  const noBullish = colour === 'dark_red';
  const noBearish = colour === 'dark_green';
  const w = cfg.ranking;
  const bull: Candidate[] = [];
  const bear: Candidate[] = [];

  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!(m.prevClose > 0) || !Number.isFinite(m.prevClose) || !Number.isFinite(m.price)) continue;
    const changePct = ((m.price - m.prevClose) / m.prevClose) * 100;
    const dir = changePct > 0 ? 1 : changePct < 0 ? -1 : 0;
    if (dir === 0 || (dir > 0 && noBullish) || (dir < 0 && noBearish)) continue;
    const open = m.open !== null && Number.isFinite(m.open) && m.open > 0 ? m.open : m.price;
    const gapPct = ((open - m.prevClose) / m.prevClose) * 100;
    const move = Math.max(dir * gapPct, dir * changePct, 0);
    const gapScore = Math.min(1, move / GAP_SATURATION_PCT);
    const ratio = volumeRatio(m);
    const volumeScore = ratio === null ? 0 : Math.min(1, ratio / VOLUME_RATIO_SATURATION);
    const alignment = sectorDir === 0 ? 0 : dir === sectorDir ? 1 : -1;
    const alignmentScore = alignment === 0 ? 0.5 : alignment > 0 ? 1 : 0;
    const shortability = shortabilityScore(m.float, m.avgVolume20);
    const score = 10 * (w.gap * gapScore + w.volume * volumeScore + w.alignment * alignmentScore + w.shortability * shortability);
    const top = dir > 0 ? bull : bear;
    if (beats(top, score, m.symbol)) offer(top, { m, score, gapPct, changePct, ratio, alignment, shortability });
  }

  const topBullish = bull.map((c) => toRanked(c, previous?.bullish));
  const topBearish = bear.map((c) => toRanked(c, previous?.bearish));
  const bullishNote = noBullish
    ? `None in a strongly bearish sector (score ${fmtScore(sectorScore)}): wait for a sector reversal.`
    : topBullish.length === 0
      ? 'No member is up today.'
      : null;
  const bearishNote = noBearish
    ? `None: avoid shorts in a strongly bullish sector (score ${fmtScore(sectorScore)}), squeeze risk is high.`
    : topBearish.length === 0
      ? 'No member is down today.'
      : null;
  return { topBullish, topBearish, bullishNote, bearishNote };
}
