/**
 * Black–Scholes–Merton for European options with a continuous dividend yield q, in the units of NUMBERS.md:
 * S and K in price, r, q and σ as decimals, T in years (calendar days / 365). Greeks as the contract's
 * GreeksSchema: delta and gamma per 1.00 of underlying, theta per CALENDAR DAY (annual / 365), vega per 1
 * VOLATILITY POINT (per 1.00 / 100), rho per 1 RATE POINT (per 1.00 / 100).
 *
 *   d1 = (ln(S/K) + (r − q + σ²/2)T) / (σ√T), d2 = d1 − σ√T
 *   call = S e^{−qT} Φ(d1) − K e^{−rT} Φ(d2); put = K e^{−rT} Φ(−d2) − S e^{−qT} Φ(−d1)
 *
 * Limits (never NaN or ±Infinity for finite S, K > 0, σ ≥ 0, T ≥ 0, r, q):
 * - T = 0 (expired, or T < 0): the intrinsic value max(S − K, 0) / max(K − S, 0); delta 1 / 0 for a call and
 *   −1 / 0 for a put by moneyness, and exactly at S = K delta +0.5 (call) / −0.5 (put), the average of the two
 *   one-sided limits; gamma, theta, vega and rho 0 (nothing is left to decay or discount).
 * - σ√T < 1e−12 (σ → 0, or T → 0 with σ > 0): the deterministic forward payoff discounted,
 *   max(S e^{−qT} − K e^{−rT}, 0) for a call (max(K e^{−rT} − S e^{−qT}, 0) for a put); delta ±e^{−qT} or 0,
 *   gamma and vega 0, theta and rho those of the discounted forward (q S e^{−qT} − r K e^{−rT} and T K e^{−rT} for
 *   an in-the-money call); exactly at S e^{−qT} = K e^{−rT} every Greek is half the in-the-money one.
 * - Deep in or out of the money: Φ(−x) is computed directly (normal.ts) and each term is a finite product, so
 *   far-OTM prices keep their relative precision and no 0 × ∞ occurs.
 *
 * `bsmInto` writes into a caller's object (no allocation: benches and chain building reuse one), `bsm` returns a
 * fresh one, `bsmPrice` computes the price alone.
 */
import type { Greeks, OptionType } from '../../../../shared/contract';
import { INV_SQRT_2PI, SPLIT_TAIL, gaussExp, normCdfFromExp } from './normal';

/** Below this total standard deviation σ√T the option is priced as its deterministic forward payoff. */
export const MIN_TOTAL_VOL = 1e-12;
const DAYS_PER_YEAR = 365;
const PER_DAY = 1 / DAYS_PER_YEAR;
const PER_POINT = 0.01;

function expired(out: Greeks, call: boolean, S: number, K: number): Greeks {
  const itm = call ? S - K : K - S;
  out.price = itm > 0 ? itm : 0;
  out.delta = (call ? 1 : -1) * (itm > 0 ? 1 : itm === 0 ? 0.5 : 0);
  out.gamma = 0;
  out.theta = 0;
  out.vega = 0;
  out.rho = 0;
  return out;
}

function deterministic(out: Greeks, call: boolean, T: number, r: number, q: number, dq: number, Sq: number, Kr: number): Greeks {
  const itm = call ? Sq - Kr : Kr - Sq;
  const w = itm > 0 ? 1 : itm === 0 ? 0.5 : 0;
  const sign = call ? 1 : -1;
  out.price = itm > 0 ? itm : 0;
  out.delta = sign * w * dq;
  out.gamma = 0;
  out.theta = (sign * w * (q * Sq - r * Kr)) / DAYS_PER_YEAR;
  out.vega = 0;
  out.rho = (sign * w * T * Kr) / 100;
  return out;
}

/**
 * The discount factors and √T of the last (r, q, T) seen: a chain, a strategy's legs or a payoff grid price many
 * contracts of one expiry in a row, and then e^{−rT}, e^{−qT} and √T are computed once instead of per contract.
 */
const memo = { r: Number.NaN, q: Number.NaN, T: Number.NaN, dr: 1, dq: 1, sqrtT: 0, drift: 0, carry: 1, halfInvSqrtT: 0 };

function setMemo(r: number, q: number, T: number): void {
  memo.r = r;
  memo.q = q;
  memo.T = T;
  memo.dr = r === 0 ? 1 : Math.exp(-r * T);
  memo.dq = q === 0 ? 1 : Math.exp(-q * T);
  memo.sqrtT = Math.sqrt(T);
  memo.drift = (r - q) * T;
  memo.carry = memo.dq / memo.dr;
  memo.halfInvSqrtT = 0.5 / memo.sqrtT;
}

/** Price and Greeks into `out` (returned). Allocation-free. */
export function bsmInto(out: Greeks, type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  const call = type === 'call';
  if (!(T > 0)) return expired(out, call, S, K);
  if (T !== memo.T || r !== memo.r || q !== memo.q) setMemo(r, q, T);
  const sqrtT = memo.sqrtT;
  const dq = memo.dq;
  const s = sigma * sqrtT;
  const Sq = S * dq;
  const Kr = K * memo.dr;
  if (!(s >= MIN_TOTAL_VOL)) return deterministic(out, call, T, r, q, dq, Sq, Kr);
  const m = S / K;
  const d1 = (Math.log(m) + memo.drift) / s + 0.5 * s;
  const d2 = d1 - s;
  // One exponential for φ(d1), Φ(d1) and Φ(d2): e^{−d2²/2} = e^{−d1²/2} · S e^{−qT} / (K e^{−rT}). The identity is
  // used only where both points are in Φ's middle range, so the product neither underflows nor loses digits.
  const e1 = gaussExp(d1);
  const e2 = d1 <= SPLIT_TAIL && d1 >= -SPLIT_TAIL && d2 >= -SPLIT_TAIL ? e1 * m * memo.carry : gaussExp(d2);
  const phi = INV_SQRT_2PI * e1;
  const decay = -Sq * phi * sigma * memo.halfInvSqrtT;
  if (call) {
    const n1 = normCdfFromExp(d1, e1);
    const n2 = normCdfFromExp(d2, e2);
    out.price = Math.max(Sq * n1 - Kr * n2, 0); // rounding can leave a far-OTM difference a hair below 0
    out.delta = dq * n1;
    out.theta = (decay - r * Kr * n2 + q * Sq * n1) * PER_DAY;
    out.rho = T * Kr * n2 * PER_POINT;
  } else {
    const n1 = normCdfFromExp(-d1, e1); // Φ(−d1), Φ(−d2)
    const n2 = normCdfFromExp(-d2, e2);
    out.price = Math.max(Kr * n2 - Sq * n1, 0);
    out.delta = -dq * n1;
    out.theta = (decay + r * Kr * n2 - q * Sq * n1) * PER_DAY;
    out.rho = -T * Kr * n2 * PER_POINT;
  }
  out.gamma = (dq * phi) / (S * s);
  out.vega = Sq * phi * sqrtT * PER_POINT;
  return out;
}

/** Price and Greeks as a new object. */
export function bsm(type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  return bsmInto({ price: 0, delta: 0, gamma: 0, theta: 0, vega: 0, rho: 0 }, type, S, K, r, q, sigma, T);
}

/** The price alone (the fastest path), with the same limits as `bsmInto`. */
export function bsmPrice(type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): number {
  const call = type === 'call';
  if (!(T > 0)) {
    const itm = call ? S - K : K - S;
    return itm > 0 ? itm : 0;
  }
  if (T !== memo.T || r !== memo.r || q !== memo.q) setMemo(r, q, T);
  const s = sigma * memo.sqrtT;
  const Sq = S * memo.dq;
  const Kr = K * memo.dr;
  if (!(s >= MIN_TOTAL_VOL)) {
    const itm = call ? Sq - Kr : Kr - Sq;
    return itm > 0 ? itm : 0;
  }
  const m = S / K;
  const d1 = (Math.log(m) + memo.drift) / s + 0.5 * s;
  const d2 = d1 - s;
  const e1 = gaussExp(d1);
  const e2 = d1 <= SPLIT_TAIL && d1 >= -SPLIT_TAIL && d2 >= -SPLIT_TAIL ? e1 * m * memo.carry : gaussExp(d2);
  const price = call ? Sq * normCdfFromExp(d1, e1) - Kr * normCdfFromExp(d2, e2) : Kr * normCdfFromExp(-d2, e2) - Sq * normCdfFromExp(-d1, e1);
  return Math.max(price, 0);
}
