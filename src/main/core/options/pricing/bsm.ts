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
 * `bsmInto` writes into a caller's object (no allocation: benches and chain building reuse one from `createGreeks`),
 * `bsm` returns a fresh one, `bsmPrice` computes the price alone.
 */
import type { Greeks, OptionType } from '../../../../shared/contract';
import * as normal from './normal';

// Local bindings of the hot-path helpers: where each file is transpiled on its own (tsx, vitest) an imported
// function is read through a module getter at every call, which also eats V8's inlining budget.
const { INV_SQRT_2PI, SPLIT_TAIL, gaussExp, normCdfFromExp } = normal;

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
 * (Module variables rather than an object's fields: fewer bytes of bytecode in `bsmInto`, see there.)
 */
let memoR = Number.NaN;
let memoQ = Number.NaN;
let memoT = Number.NaN;
let memoDr = 1;
let memoDq = 1;
let memoSqrtT = 0;
let memoDrift = 0;
let memoCarry = 1;
let memoHalfInvSqrtT = 0;

function setMemo(r: number, q: number, T: number): void {
  memoR = r;
  memoQ = q;
  memoT = T;
  memoDr = r === 0 ? 1 : Math.exp(-r * T);
  memoDq = q === 0 ? 1 : Math.exp(-q * T);
  memoSqrtT = Math.sqrt(T);
  memoDrift = (r - q) * T;
  memoCarry = memoDq / memoDr;
  memoHalfInvSqrtT = 0.5 / memoSqrtT;
}

/** T ≤ 0 or σ√T below MIN_TOTAL_VOL: the limits in the header. r, q and T are the memo's (just set for this call). */
function degenerate(out: Greeks, type: OptionType, S: number, K: number): Greeks {
  const call = type === 'call';
  if (!(memoT > 0)) return expired(out, call, S, K);
  return deterministic(out, call, memoT, memoR, memoQ, memoDq, S * memoDq, K * memoDr);
}

/**
 * Price and Greeks into `out` (returned). Allocation-free. Its bytecode is kept under V8's inlining limit (460
 * bytes) so a caller's loop inlines it and passes the doubles unboxed: rare cases go to `degenerate`, calls and
 * puts share one code path.
 */
export function bsmInto(out: Greeks, type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  if (T !== memoT || r !== memoR || q !== memoQ) setMemo(r, q, T);
  const s = sigma * memoSqrtT; // 0 or NaN when T ≤ 0, so expiry takes the degenerate path too
  if (!(s >= MIN_TOTAL_VOL)) return degenerate(out, type, S, K);
  const dq = memoDq;
  const Sq = S * dq;
  const Kr = K * memoDr;
  const m = S / K;
  const d1 = (Math.log(m) + memoDrift) / s + 0.5 * s;
  const d2 = d1 - s;
  // One exponential for φ(d1), Φ(d1) and Φ(d2): e^{−d2²/2} = e^{−d1²/2} · S e^{−qT} / (K e^{−rT}). The identity is
  // used only where both points are in Φ's middle range, so the product neither underflows nor loses digits.
  const e1 = gaussExp(d1);
  const e2 = d1 <= SPLIT_TAIL && d2 >= -SPLIT_TAIL ? e1 * m * memoCarry : gaussExp(d2); // then |d1|, |d2| ≤ √32
  const phi = INV_SQRT_2PI * e1;
  // w = +1 for a call, −1 for a put: n1 = Φ(w·d1), n2 = Φ(w·d2); a put is the mirrored call.
  const w = type === 'call' ? 1 : -1;
  const n1 = normCdfFromExp(w * d1, e1);
  const n2 = normCdfFromExp(w * d2, e2);
  const price = w * (Sq * n1 - Kr * n2);
  out.price = price > 0 ? price : 0; // rounding can leave a far-OTM difference a hair below 0
  out.delta = w * dq * n1;
  out.gamma = (dq * phi) / (S * s);
  // −S e^{−qT} φ(d1) σ / (2√T) ∓ r K e^{−rT} Φ(±d2) ± q S e^{−qT} Φ(±d1), per calendar day
  out.theta = (-Sq * phi * sigma * memoHalfInvSqrtT - w * (r * Kr * n2 - q * Sq * n1)) * PER_DAY;
  out.vega = Sq * phi * memoSqrtT * PER_POINT;
  out.rho = w * T * Kr * n2 * PER_POINT;
  return out;
}

/**
 * A Greeks record with a hidden class of its own. A plain `{ price, delta, … }` literal shares V8's map with every
 * other object built with those keys in that order — the contract's GreeksSchema shape among them, whose fields
 * hold schemas — and once a field has held a non-number V8 boxes every double written to it: `bsmInto` into such an
 * object allocates six numbers per call and runs about a quarter slower.
 */
class GreeksRecord implements Greeks {
  price = 0;
  delta = 0;
  gamma = 0;
  theta = 0;
  vega = 0;
  rho = 0;
}

/** A reusable output for `bsmInto` (use it rather than an object literal; see GreeksRecord). */
export function createGreeks(): Greeks {
  return new GreeksRecord();
}

/** Price and Greeks as a new object. */
export function bsm(type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  return bsmInto(new GreeksRecord(), type, S, K, r, q, sigma, T);
}

/** The price alone (the fastest path), with the same limits as `bsmInto`. */
export function bsmPrice(type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): number {
  if (T !== memoT || r !== memoR || q !== memoQ) setMemo(r, q, T);
  const s = sigma * memoSqrtT;
  const w = type === 'call' ? 1 : -1;
  if (!(s >= MIN_TOTAL_VOL)) {
    const itm = T > 0 ? w * (S * memoDq - K * memoDr) : w * (S - K);
    return itm > 0 ? itm : 0;
  }
  const Sq = S * memoDq;
  const Kr = K * memoDr;
  const m = S / K;
  const d1 = (Math.log(m) + memoDrift) / s + 0.5 * s;
  const d2 = d1 - s;
  const e1 = gaussExp(d1);
  const e2 = d1 <= SPLIT_TAIL && d2 >= -SPLIT_TAIL ? e1 * m * memoCarry : gaussExp(d2); // then |d1|, |d2| ≤ √32
  const price = w * (Sq * normCdfFromExp(w * d1, e1) - Kr * normCdfFromExp(w * d2, e2));
  return price > 0 ? price : 0;
}
