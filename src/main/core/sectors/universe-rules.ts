/**
 * Small-cap universe rules of seed 004 with the exact boundaries of NUMBERS.md ("Sector sentiment"):
 * 10M ≤ cap ≤ 2B (micro below 300M, small from 300M); 20-day average volume ≥ 1,000,000;
 * 2.00 ≤ price ≤ 100.00; exchange in the list; float strictly above 5M (micro) or 10M (small).
 * Every failed rule is reported with its own reason and numbers.
 */
import type { Tier, UniverseCandidate, UniverseVerdict } from '../../../shared/contract/sector-schemas';
import type { GapFrequency, SectorConfig } from './config';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function compactDollars(x: number): string {
  const a = Math.abs(x);
  if (a >= 1e9) return `$${(x / 1e9).toFixed(2)}B`;
  if (a >= 1e6) return `$${(x / 1e6).toFixed(2)}M`;
  if (a >= 1e3) return `$${(x / 1e3).toFixed(2)}K`;
  return `$${x.toFixed(2)}`;
}

/** Two dollar amounts as text; exact digits when the compact forms would look equal ($2.00B vs $2.00B). */
function dollarsPair(value: number, limit: number): [string, string] {
  const v = compactDollars(value);
  const l = compactDollars(limit);
  return v === l && value !== limit ? [`$${int.format(value)}`, `$${int.format(limit)}`] : [v, l];
}

/** Two share counts as whole shares; decimals only where rounding would make the value look equal to the limit. */
function sharesPair(value: number, limit: number): [string, string] {
  const exact = (x: number): string => (Number.isInteger(x) ? int.format(x) : x.toLocaleString('en-US', { maximumFractionDigits: 2 }));
  const shown = Math.round(value) === limit && value !== limit ? exact(value) : int.format(Math.round(value));
  return [shown, exact(limit)];
}

const price = (x: number): string => `$${x.toFixed(2)}`;

/** The market-cap tier a cap falls in, or null when outside both ranges (micro [min, max), small [min, max]). */
export function capTier(marketCap: number, rules: SectorConfig['universe']): Tier | null {
  if (marketCap >= rules.smallCap.min && marketCap <= rules.smallCap.max) return 'small';
  if (marketCap >= rules.microCap.min && marketCap < rules.microCap.max) return 'micro';
  return null;
}

/**
 * Judge one candidate against the universe rules. `included` only when no rule failed; `tier` is null when
 * excluded; `reasons` holds one human-readable sentence per failed rule (e.g. "average volume 950,000 below
 * 1,000,000", "market cap $2.10B above $2.00B", "exchange OTC not in NASDAQ, NYSE, NYSE American").
 * Float is judged against the tier's limit; when the cap is outside both ranges, against the micro limit.
 */
export function evaluateCandidate(c: UniverseCandidate, rules: SectorConfig['universe']): UniverseVerdict {
  const reasons: string[] = [];
  const tier = Number.isFinite(c.marketCap) ? capTier(c.marketCap, rules) : null;

  const capMin = Math.min(rules.microCap.min, rules.smallCap.min);
  const capMax = Math.max(rules.microCap.max, rules.smallCap.max);
  if (!Number.isFinite(c.marketCap)) reasons.push('market cap unknown');
  else if (c.marketCap < capMin) {
    const [v, l] = dollarsPair(c.marketCap, capMin);
    reasons.push(`market cap ${v} below ${l}`);
  } else if (c.marketCap > capMax) {
    const [v, l] = dollarsPair(c.marketCap, capMax);
    reasons.push(`market cap ${v} above ${l}`);
  } else if (tier === null) {
    reasons.push(`market cap ${compactDollars(c.marketCap)} outside the micro and small ranges`);
  }

  if (!(c.avgVolume20 >= rules.minAvgVolume)) {
    const [v, l] = sharesPair(c.avgVolume20, rules.minAvgVolume);
    reasons.push(Number.isFinite(c.avgVolume20) ? `average volume ${v} below ${l}` : 'average volume unknown');
  }

  if (!Number.isFinite(c.price)) reasons.push('price unknown');
  else if (c.price < rules.minPrice) reasons.push(`price ${price(c.price)} below ${price(rules.minPrice)}`);
  else if (c.price > rules.maxPrice) reasons.push(`price ${price(c.price)} above ${price(rules.maxPrice)}`);

  const exchange = c.exchange.trim().toUpperCase();
  if (!rules.exchanges.some((e) => e.toUpperCase() === exchange)) {
    reasons.push(`exchange ${c.exchange} not in ${rules.exchanges.join(', ')}`);
  }

  const floatTier: Tier = tier ?? 'micro';
  const minFloat = floatTier === 'small' ? rules.minFloatSmall : rules.minFloatMicro;
  if (!(c.float > minFloat)) {
    const [v, l] = sharesPair(c.float, minFloat);
    reasons.push(Number.isFinite(c.float) ? `float ${v} not above ${l} (${floatTier} cap)` : 'float unknown');
  }

  const included = reasons.length === 0;
  return { symbol: c.symbol, included, tier: included ? tier : null, reasons };
}

const FREQUENCY_SCORE: Record<GapFrequency, number> = { very_low: 0, low: 0.25, moderate: 0.5, high: 0.75, extreme: 1 };

/**
 * Ordering key for analysing and listing universe members: higher first.
 * priority = 0.4 × sector gap-frequency score (very_low 0, low 0.25, moderate 0.5, high 0.75, extreme 1)
 *          + 0.6 × the stock's own recent gap rate (share of recent sessions with a significant gap, clamped
 *            to [0, 1]; non-finite counts as 0). The stock's own history weighs more than its sector's profile.
 * Result in [0, 1].
 */
export function gapPriority(gapFrequency: GapFrequency, recentGapRate: number): number {
  const rate = Number.isFinite(recentGapRate) ? Math.min(1, Math.max(0, recentGapRate)) : 0;
  return 0.4 * FREQUENCY_SCORE[gapFrequency] + 0.6 * rate;
}
