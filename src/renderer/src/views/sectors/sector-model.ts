/**
 * Pure presentation logic of the Sectors view (seed 004, NUMBERS.md "Sector sentiment"): colour classes and
 * labels, signal text, score and freshness text, the colour-change memory behind the "was: …" chip, the NEW
 * badge, and the member-table sort. No React, no store.
 */
import type {
  Freshness,
  RankedStock,
  SectorColour,
  SectorSummary,
  SectorTimeframe,
  TradingSignal,
} from '../../../../shared/contract/sector-schemas';
import { roundTo } from '../../lib/format';

/** Colours from most bearish to most bullish. */
export const COLOUR_ORDER: readonly SectorColour[] = ['dark_red', 'light_red', 'blue_neutral', 'light_green', 'dark_green'];

/** CSS modifier class of a colour: `sc-dark-red` … `sc-dark-green` (sectors.css). */
export function colourClass(colour: SectorColour): string {
  return `sc-${colour.replace('_', '-')}`;
}

const COLOUR_LABEL: Record<SectorColour, string> = {
  dark_red: 'dark red',
  light_red: 'light red',
  blue_neutral: 'neutral blue',
  light_green: 'light green',
  dark_green: 'dark green',
};

/** Human name of a colour ("light red"), for the "was:" chip and screen readers. */
export function colourLabel(colour: SectorColour): string {
  return COLOUR_LABEL[colour];
}

const SIGNAL_LABEL: Record<TradingSignal, string> = {
  PRIME_SHORTING_ENVIRONMENT: 'PRIME SHORTING',
  GOOD_SHORTING_ENVIRONMENT: 'GOOD SHORTING',
  NEUTRAL_CAUTIOUS: 'NEUTRAL · CAUTIOUS',
  AVOID_SHORTS: 'AVOID SHORTS',
  DO_NOT_SHORT: 'DO NOT SHORT',
};

/** The card's signal label: "DO NOT SHORT", "PRIME SHORTING"… */
export function signalLabel(signal: TradingSignal): string {
  return SIGNAL_LABEL[signal];
}

const SIGNAL_TEXT: Record<TradingSignal, string> = {
  PRIME_SHORTING_ENVIRONMENT: 'Prime shorting environment: strong bearish sentiment',
  GOOD_SHORTING_ENVIRONMENT: 'Good shorting environment: moderate bearish sentiment',
  NEUTRAL_CAUTIOUS: 'Neutral, cautious: mixed signals, sideways action expected',
  AVOID_SHORTS: 'Avoid shorts: moderate bullish sentiment',
  DO_NOT_SHORT: 'Do not short: strong bullish sentiment, squeeze risk high',
};

/** A sentence describing a signal (tooltips). */
export function signalText(signal: TradingSignal): string {
  return SIGNAL_TEXT[signal];
}

/** The colour of a score under NUMBERS.md's bands (the engine decides; this mirrors it for charts). */
export function colourOfScore(score: number): SectorColour {
  if (score <= -0.6) return 'dark_red';
  if (score <= -0.2) return 'light_red';
  if (score < 0.2) return 'blue_neutral';
  if (score < 0.6) return 'light_green';
  return 'dark_green';
}

/** The band edges drawn on the history chart. */
export const SCORE_BANDS = [-0.6, -0.2, 0.2, 0.6] as const;

/** A signed score to two decimals: +0.62, −0.73 (0.00 unsigned). */
export function formatScore(score: number): string {
  const r = roundTo(score, 2);
  if (r === 0) return '0.00';
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(2)}`;
}

/** Confidence 0..1 as a whole percentage: "82%". */
export function formatConfidence(confidence: number): string {
  return `${Math.round(Math.min(1, Math.max(0, confidence)) * 100)}%`;
}

/** A multiplicative factor: "×1.30". */
export function formatFactor(x: number): string {
  return `×${roundTo(x, 2).toFixed(2)}`;
}

/** A volume ratio: "2.1×"; a trickle (pre-market, say) reads "<0.1×" rather than a misleading "0.0×". */
export function formatVolumeRatio(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x > 0 && x < 0.05) return '<0.1×';
  return `${roundTo(x, 1).toFixed(1)}×`;
}

/** A volume ratio worth bolding (a volume spike). */
export function isVolumeSpike(x: number): boolean {
  return x >= 2;
}

/** The card's timeframe chips, in order, with their labels. */
export const TIMEFRAME_CHIPS: readonly { id: SectorTimeframe; label: string; title: string }[] = [
  { id: '30m', label: '30M', title: '30 minutes' },
  { id: '1D', label: '1D', title: '1 day' },
  { id: '3D', label: '3D', title: '3 days' },
  { id: '1W', label: '1W', title: '1 week' },
];

// ---- freshness ----

/** Freshness tiers by analysis age: under 2 h fresh, 2–4 h aging (refresh offered), over 4 h stale. */
export const FRESH_MS = 2 * 3_600_000;
export const STALE_MS = 4 * 3_600_000;

/** The tier of an age (the engine's rule, re-applied as the page ages the last answer). */
export function freshnessTier(ageMs: number): Freshness['tier'] {
  if (ageMs < FRESH_MS) return 'fresh';
  if (ageMs <= STALE_MS) return 'aging';
  return 'stale';
}

const DEFAULT_ADVICE: Record<Freshness['tier'], string> = {
  fresh: 'Analysis is current.',
  aging: 'Analysis is over 2 hours old; a fresh run is available.',
  stale: 'Analysis is over 4 hours old; run a fresh analysis before trading on it.',
};

/** An age as "42m", "2h 05m", "3d 4h". */
export function formatAnalysisAge(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** What the freshness stamp shows. */
export interface FreshnessView {
  tier: Freshness['tier'];
  ageMs: number;
  /** "Fresh · 42m old". */
  label: string;
  /** The engine's advice while its tier still holds, else ours. */
  advice: string;
  /** Whether to push the Run button (aging: offered; stale: recommended). */
  suggestRun: 'none' | 'offer' | 'recommend';
}

const TIER_LABEL: Record<Freshness['tier'], string> = { fresh: 'Fresh', aging: 'Aging', stale: 'Stale' };

/**
 * The freshness stamp for a grid fetched `sinceFetchMs` ago (in engine-clock time, so a fast simulated clock
 * ages it as fast). `null` freshness or no run yet → a stale "no analysis" stamp.
 */
export function freshnessView(freshness: Freshness | null, hasRun: boolean, sinceFetchMs: number): FreshnessView {
  if (!freshness || !hasRun) {
    return { tier: 'stale', ageMs: Infinity, label: 'No analysis yet', advice: 'Run a fresh analysis to colour the sectors.', suggestRun: 'recommend' };
  }
  const ageMs = freshness.ageMs + Math.max(0, sinceFetchMs);
  const tier = freshnessTier(ageMs);
  const advice = tier === freshness.tier && freshness.advice ? freshness.advice : DEFAULT_ADVICE[tier];
  return {
    tier,
    ageMs,
    label: `${TIER_LABEL[tier]} · ${formatAnalysisAge(ageMs)} old`,
    advice,
    suggestRun: tier === 'fresh' ? 'none' : tier === 'aging' ? 'offer' : 'recommend',
  };
}

// ---- colour change memory ----

/** How long the border flashes after a colour change, and how long the "was:" chip stays. */
export const FLASH_MS = 1_500;
export const WAS_CHIP_MS = 8_000;

/**
 * The colour a card changed from, or null. `lastSeen` is the colour this card last rendered (undefined on its
 * first render): a change seen live wins; on first sight, the engine's previousColour (the previous run's
 * colour, when it differs) tells what changed since the last run.
 */
export function colourChangedFrom(lastSeen: SectorColour | undefined, summary: Pick<SectorSummary, 'colour' | 'previousColour'>): SectorColour | null {
  if (lastSeen !== undefined) return lastSeen !== summary.colour ? lastSeen : null;
  const prev = summary.previousColour;
  return prev !== null && prev !== summary.colour ? prev : null;
}

/** Direction of a colour change, for the arrow on the "was:" chip. */
export function colourDirection(from: SectorColour, to: SectorColour): 'up' | 'down' | 'flat' {
  const d = COLOUR_ORDER.indexOf(to) - COLOUR_ORDER.indexOf(from);
  return d > 0 ? 'up' : d < 0 ? 'down' : 'flat';
}

// ---- top-3 lists ----

/** Whether a top-3 name gets the NEW badge: the engine's flag, or it was not in the list this card showed. */
export function showsNewBadge(stock: Pick<RankedStock, 'symbol' | 'isNew'>, previousList?: readonly Pick<RankedStock, 'symbol'>[]): boolean {
  if (stock.isNew) return true;
  return previousList !== undefined && !previousList.some((s) => s.symbol === stock.symbol);
}

/** Symbols in `next` that were not in `prev` (they animate in). */
export function enteredSymbols(prev: readonly Pick<RankedStock, 'symbol'>[] | undefined, next: readonly Pick<RankedStock, 'symbol'>[]): Set<string> {
  if (!prev) return new Set();
  const had = new Set(prev.map((s) => s.symbol));
  return new Set(next.filter((s) => !had.has(s.symbol)).map((s) => s.symbol));
}

/** What an empty list says: the engine's note, or a neutral default. */
export function emptyListText(note: string | null, side: 'bullish' | 'bearish'): string {
  return note ?? (side === 'bullish' ? 'No bullish names this run.' : 'No bearish names this run.');
}

// ---- member table ----

/** A row of sectors.detail's member table. */
export interface MemberRow {
  symbol: string;
  name: string;
  tier: 'micro' | 'small' | null;
  price: number;
  changePct: number;
  gapPct: number;
  volumeRatio: number;
  marketCap: number;
  float: number;
  performance: Record<SectorTimeframe, number | null>;
}

/** Sortable member columns. */
export type MemberSortKey = 'symbol' | 'changePct' | 'gapPct' | 'volumeRatio' | 'marketCap';

/** A member-table sort. */
export interface MemberSort {
  key: MemberSortKey;
  dir: 'asc' | 'desc';
}

/** Clicking a header: the same column flips, a new one starts descending (symbol ascending). */
export function nextMemberSort(current: MemberSort, key: MemberSortKey): MemberSort {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'symbol' ? 'asc' : 'desc' };
}

/** Members sorted (a copy); ties keep symbol order. */
export function sortMembers<T extends MemberRow>(rows: readonly T[], sort: MemberSort): T[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const d = sort.key === 'symbol' ? a.symbol.localeCompare(b.symbol) : a[sort.key] - b[sort.key];
    return d !== 0 ? d * sign : a.symbol.localeCompare(b.symbol);
  });
}
