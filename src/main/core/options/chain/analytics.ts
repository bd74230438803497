/**
 * Option-chain analytics as pure functions (NUMBERS.md): IV rank and IV percentile, max pain with its pain curve,
 * put/call ratios, the expected move from the ATM straddle, gamma exposure by strike and the smile. No I/O: the
 * chain service feeds them a chain (or a stored snapshot) and the RPC handlers expose maxPain and ivStats as is.
 */
import { CONTRACT_MULTIPLIER, type ChainRow, type IvStats, type MaxPain } from '../../../../shared/contract';

/**
 * IV rank = 100 × (now − min) / (max − min) over the history (today excluded by the caller); IV percentile =
 * 100 × (days with IV < now) / days. Rank is null for an empty or flat history, percentile for an empty one.
 * Non-finite entries are dropped.
 */
export function ivStats(history: readonly number[], current: number): IvStats {
  const h = history.filter((x) => Number.isFinite(x));
  if (h.length === 0 || !Number.isFinite(current)) return { ivRank: null, ivPercentile: null, min: h.length ? Math.min(...h) : null, max: h.length ? Math.max(...h) : null, days: h.length };
  let min = Infinity;
  let max = -Infinity;
  let below = 0;
  for (const x of h) {
    if (x < min) min = x;
    if (x > max) max = x;
    if (x < current) below++;
  }
  return { ivRank: max > min ? (100 * (current - min)) / (max - min) : null, ivPercentile: (100 * below) / h.length, min, max, days: h.length };
}

export interface StrikeOi {
  strike: number;
  callOi: number;
  putOi: number;
}

/**
 * Max pain: the listed strike P minimising Σ_calls OI·max(P−K,0) + Σ_puts OI·max(K−P,0), times the multiplier,
 * with the whole curve (one point per listed strike, ascending). Ties go to the lower strike. Duplicate strikes
 * are summed.
 */
export function maxPain(strikes: readonly StrikeOi[], multiplier = CONTRACT_MULTIPLIER): MaxPain {
  const merged = new Map<number, StrikeOi>();
  for (const s of strikes) {
    const m = merged.get(s.strike);
    if (m) {
      m.callOi += s.callOi;
      m.putOi += s.putOi;
    } else merged.set(s.strike, { ...s });
  }
  const list = [...merged.values()].sort((a, b) => a.strike - b.strike);
  if (list.length === 0) throw new RangeError('max pain needs at least one strike');
  const curve = list.map(({ strike: P }) => {
    let callPain = 0;
    let putPain = 0;
    for (const { strike: K, callOi, putOi } of list) {
      if (P > K) callPain += callOi * (P - K);
      else if (K > P) putPain += putOi * (K - P);
    }
    callPain *= multiplier;
    putPain *= multiplier;
    return { price: P, callPain, putPain, total: callPain + putPain };
  });
  let best = curve[0]!;
  for (const p of curve) if (p.total < best.total) best = p;
  return { maxPain: best.price, curve };
}

/** Volume PCR = Σ put volume / Σ call volume; OI PCR = Σ put OI / Σ call OI; each null when the call side is zero. */
export function putCallRatios(rows: readonly ChainRow[]): { volume: number | null; openInterest: number | null } {
  let cv = 0;
  let pv = 0;
  let co = 0;
  let po = 0;
  for (const r of rows) {
    cv += r.call.volume;
    pv += r.put.volume;
    co += r.call.openInterest;
    po += r.put.openInterest;
  }
  return { volume: cv > 0 ? pv / cv : null, openInterest: co > 0 ? po / co : null };
}

/** The row whose strike is nearest the spot (the lower one on a tie). */
export function atmRow<T extends { strike: number }>(rows: readonly T[], spot: number): T {
  if (rows.length === 0) throw new RangeError('an empty chain has no at-the-money strike');
  let best = rows[0]!;
  for (const r of rows) if (Math.abs(r.strike - spot) < Math.abs(best.strike - spot) - 1e-12) best = r;
  return best;
}

/** Expected move to expiry: the ATM straddle's mark (call + put at the strike nearest spot), in dollars and % of spot. */
export function expectedMove(rows: readonly ChainRow[], spot: number): { dollars: number; pct: number; straddleStrike: number } {
  const r = atmRow(rows, spot);
  const dollars = r.call.mark + r.put.mark;
  return { dollars, pct: spot > 0 ? (100 * dollars) / spot : 0, straddleStrike: r.strike };
}

/**
 * Gamma exposure per strike in dollars per 1 % move: (call OI × call Γ − put OI × put Γ) × multiplier × S² × 0.01.
 * Sign convention (the common "naive GEX"): dealers are assumed long the calls and short the puts the public
 * trades, so a positive number means dealers are long gamma there (their hedging damps moves), negative short
 * gamma (their hedging amplifies moves).
 */
export function gammaExposure(rows: readonly ChainRow[], spot: number, multiplier = CONTRACT_MULTIPLIER): { strike: number; gex: number }[] {
  const k = multiplier * spot * spot * 0.01;
  return rows.map((r) => ({ strike: r.strike, gex: (r.call.openInterest * r.call.gamma - r.put.openInterest * r.put.gamma) * k }));
}

/** The smile: each strike's call and put IV. */
export function smile(rows: readonly ChainRow[]): { strike: number; callIv: number; putIv: number }[] {
  return rows.map((r) => ({ strike: r.strike, callIv: r.call.iv, putIv: r.put.iv }));
}
