/**
 * An LULD-style circuit breaker for the paper broker, fed with the quotes the broker sees (every
 * 'quotes.updated' batch, and the quote read at each submit and matching pass).
 *
 * Rule: when the last price moves more than haltMoveFraction (10 %) — haltMoveFractionLowPrice (20 %) when the
 * reference price is under haltLowPrice ($3) — away from any price traded within the trailing haltWindowMs
 * (5 simulated minutes), the symbol halts for haltDurationMs (5 minutes) from that trade. While halted nothing
 * is accepted or filled; after the halt the window starts afresh (the move that halted it does not halt it
 * again). Prices are kept per 10-second bucket (its low and high), so memory stays bounded at any clock speed;
 * the window is therefore exact to within one bucket. Halts live in memory: a restart forgets them.
 *
 * This is simpler than the real Limit Up-Limit Down plan (bands around a 5-minute average, limit states before
 * a pause, tiers by listing), which is the point: a predictable rule a test can state in one line.
 */
import type { PaperBrokerConfig } from './config';

const BUCKET_MS = 10_000;

interface Bucket {
  start: number;
  low: number;
  high: number;
}

interface SymbolState {
  buckets: Bucket[];
  lastT: number;
  haltedUntil: number | null;
}

export interface HaltMonitor {
  /** Records a trade price; returns true when this trade starts a halt. */
  observe(symbol: string, price: number, t: number): boolean;
  /** End of the halt in force at `now`, or null. */
  haltedUntil(symbol: string, now: number): number | null;
}

export function createHaltMonitor(
  config: Pick<PaperBrokerConfig, 'haltMoveFraction' | 'haltMoveFractionLowPrice' | 'haltLowPrice' | 'haltWindowMs' | 'haltDurationMs'>,
): HaltMonitor {
  const states = new Map<string, SymbolState>();
  const band = (reference: number): number =>
    reference < config.haltLowPrice ? config.haltMoveFractionLowPrice : config.haltMoveFraction;

  return {
    observe(symbol, price, t) {
      if (!Number.isFinite(price) || price <= 0 || !Number.isFinite(t)) return false;
      let s = states.get(symbol);
      if (!s) states.set(symbol, (s = { buckets: [], lastT: -Infinity, haltedUntil: null }));
      if (t < s.lastT) return false; // an older quote than one already seen: no new information
      s.lastT = t;
      if (s.haltedUntil !== null) {
        if (t < s.haltedUntil) return false;
        s.haltedUntil = null;
        s.buckets = [];
      }
      const from = t - config.haltWindowMs;
      while (s.buckets.length > 0 && s.buckets[0]!.start + BUCKET_MS <= from) s.buckets.shift();
      let low = Infinity;
      let high = -Infinity;
      for (const b of s.buckets) {
        if (b.low < low) low = b.low;
        if (b.high > high) high = b.high;
      }
      if ((low < Infinity && price / low - 1 > band(low)) || (high > -Infinity && 1 - price / high > band(high))) {
        s.haltedUntil = t + config.haltDurationMs;
        s.buckets = [];
        return true;
      }
      const start = Math.floor(t / BUCKET_MS) * BUCKET_MS;
      const last = s.buckets[s.buckets.length - 1];
      if (last && last.start === start) {
        last.low = Math.min(last.low, price);
        last.high = Math.max(last.high, price);
      } else s.buckets.push({ start, low: price, high: price });
      return false;
    },
    haltedUntil(symbol, now) {
      const until = states.get(symbol)?.haltedUntil ?? null;
      return until !== null && now < until ? until : null;
    },
  };
}
