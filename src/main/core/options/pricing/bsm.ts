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
 * `bsmBatch` prices many contracts from typed arrays into typed arrays (`createBsmBatch`; no object per contract),
 * `bsmInto` writes one contract into a caller's object by the same arithmetic, bit for bit (no allocation: chain
 * building and strategies reuse one from `createGreeks`), `bsm` returns a fresh one, `bsmPrice` the price alone.
 *
 * The kernel spends one logarithm and, for most contracts, one exponential on a contract: e^{−d1²/2} serves φ(d1),
 * Φ(d1) and (times S e^{−qT} / K e^{−rT}) Φ(d2). The exponential is computed in JavaScript (`expNeg`), so nothing in
 * the loop calls out of the JIT's code and the CPU overlaps one contract's work with the next. Two memos: e^{−rT},
 * e^{−qT} and √T while T, r and q repeat (a chain's expiry), and d1, d2 and the two Φ tails while spot, strike, σ
 * and T repeat (a strike's call, then its put: the tails Φ(−|d1|), Φ(−|d2|) are the same for both sides).
 */
import type { Greeks, OptionType } from '../../../../shared/contract';
import * as normal from './normal';

// Local bindings of the hot-path helpers: where each file is transpiled on its own (tsx, vitest) an imported
// function is read through a module getter at every call, which also eats V8's inlining budget.
const { INV_SQRT_2PI, SPLIT_SMALL, SPLIT_TAIL, expNeg, normTailFromExp, tailCentral, tailMiddle } = normal;

/** Below this total standard deviation σ√T the option is priced as its deterministic forward payoff. */
export const MIN_TOTAL_VOL = 1e-12;
const DAYS_PER_YEAR = 365;
const PER_DAY = 1 / DAYS_PER_YEAR;
const PER_POINT = 0.01;

/**
 * Contracts in, price and Greeks out, as typed arrays (struct of arrays): `side` is +1 for a call and −1 for a put;
 * `spot`, `strike`, `vol` (σ) and `time` (T, years) as in the header; the six outputs in the contract's units.
 */
export interface BsmBatch {
  readonly capacity: number;
  readonly side: Float64Array;
  readonly spot: Float64Array;
  readonly strike: Float64Array;
  readonly vol: Float64Array;
  readonly time: Float64Array;
  readonly price: Float64Array;
  readonly delta: Float64Array;
  readonly gamma: Float64Array;
  readonly theta: Float64Array;
  readonly vega: Float64Array;
  readonly rho: Float64Array;
}

export function createBsmBatch(capacity: number): BsmBatch {
  const f = () => new Float64Array(capacity);
  return { capacity, side: f(), spot: f(), strike: f(), vol: f(), time: f(), price: f(), delta: f(), gamma: f(), theta: f(), vega: f(), rho: f() };
}

/**
 * The discount factors and √T of the last (r, q, T) seen: a chain, a strategy's legs or a payoff grid price many
 * contracts of one expiry in a row, and then e^{−rT}, e^{−qT} and √T are computed once instead of per contract.
 * A Float64Array rather than module variables: those would hold boxed numbers, allocated at every change.
 */
const MEMO = Float64Array.of(Number.NaN, Number.NaN, Number.NaN, 1, 1, 0, 0, 1, 0);
const M_R = 0;
const M_Q = 1;
const M_T = 2;
/** e^{−rT} */
const M_DR = 3;
/** e^{−qT} */
const M_DQ = 4;
const M_SQRT_T = 5;
/** (r − q)T */
const M_DRIFT = 6;
/** e^{−qT} / e^{−rT} */
const M_CARRY = 7;
/** 1 / (2√T) */
const M_HALF_INV_SQRT_T = 8;

/**
 * The last contract's d1, d2, e^{−d1²/2}, both Φ tails and 1/(σ√T) (slots 4–9), with the spot, strike, σ and T
 * (slots 0–3) they came from, under the memo's r and q (`setMemo` clears it). A chain
 * prices the call and the put of a strike one after the other from the same four numbers, and the tails Φ(−|d1|)
 * and Φ(−|d2|) do not depend on the side, so the second of the pair costs a few multiplications.
 */
const PAIR = Float64Array.of(Number.NaN, Number.NaN, Number.NaN, Number.NaN, 0, 0, 0, 0, 0, 0);

function setMemo(r: number, q: number, T: number): void {
  PAIR[0] = Number.NaN;
  const dr = r === 0 ? 1 : Math.exp(-r * T);
  const dq = q === 0 ? 1 : Math.exp(-q * T);
  const sqrtT = Math.sqrt(T);
  MEMO[M_R] = r;
  MEMO[M_Q] = q;
  MEMO[M_T] = T;
  MEMO[M_DR] = dr;
  MEMO[M_DQ] = dq;
  MEMO[M_SQRT_T] = sqrtT;
  MEMO[M_DRIFT] = (r - q) * T;
  MEMO[M_CARRY] = dq / dr;
  MEMO[M_HALF_INV_SQRT_T] = 0.5 / sqrtT;
}

/** T ≤ 0 or σ√T below MIN_TOTAL_VOL (the limits in the header), for contract i of `b`; the memo holds its T. */
function degenerateAt(b: BsmBatch, i: number): void {
  const w = b.side[i]!;
  const S = b.spot[i]!;
  const K = b.strike[i]!;
  const T = MEMO[M_T]!;
  let price: number;
  let delta: number;
  let theta = 0;
  let rho = 0;
  if (!(T > 0)) {
    // expired: the intrinsic value, delta by moneyness (half at the money)
    const itm = w * (S - K);
    price = itm > 0 ? itm : 0;
    delta = w * (itm > 0 ? 1 : itm === 0 ? 0.5 : 0);
  } else {
    // deterministic: the discounted forward payoff
    const dq = MEMO[M_DQ]!;
    const Sq = S * dq;
    const Kr = K * MEMO[M_DR]!;
    const itm = w * (Sq - Kr);
    const h = itm > 0 ? 1 : itm === 0 ? 0.5 : 0;
    price = itm > 0 ? itm : 0;
    delta = w * h * dq;
    theta = (w * h * (MEMO[M_Q]! * Sq - MEMO[M_R]! * Kr)) / DAYS_PER_YEAR;
    rho = (w * h * T * Kr) / 100;
  }
  b.price[i] = price;
  b.delta[i] = delta;
  b.gamma[i] = 0;
  b.theta[i] = theta;
  b.vega[i] = 0;
  b.rho[i] = rho;
}

/**
 * Contract i of `b` when d1 or d2 lies beyond √32 (Φ's asymptotic tail; about one contract in seven of a chain
 * with a few days left) or is NaN: each exponential computed on its own, Φ by `normTailFromExp`. Out of the main
 * loop so that the loop's code stays small enough to inline its pieces.
 */
function tailAt(b: BsmBatch, i: number): void {
  const w = b.side[i]!;
  const S = b.spot[i]!;
  const K = b.strike[i]!;
  const sigma = b.vol[i]!;
  const r = MEMO[M_R]!;
  const q = MEMO[M_Q]!;
  const T = MEMO[M_T]!;
  const dq = MEMO[M_DQ]!;
  const sqrtT = MEMO[M_SQRT_T]!;
  const s = sigma * sqrtT;
  const Sq = S * dq;
  const Kr = K * MEMO[M_DR]!;
  const invS = 1 / s;
  const d1 = (Math.log(S / K) + MEMO[M_DRIFT]!) * invS + 0.5 * s;
  const d2 = d1 - s;
  const e1 = expNeg(-0.5 * d1 * d1);
  const phi = INV_SQRT_2PI * e1;
  const x1 = w * d1;
  const x2 = w * d2;
  const t1 = normTailFromExp(x1 < 0 ? -x1 : x1, e1);
  const t2 = normTailFromExp(x2 < 0 ? -x2 : x2, expNeg(-0.5 * d2 * d2));
  const n1 = x1 > 0 ? 1 - t1 : t1;
  const n2 = x2 > 0 ? 1 - t2 : t2;
  const p = w * (Sq * n1 - Kr * n2);
  b.price[i] = p > 0 ? p : 0;
  b.delta[i] = w * dq * n1;
  b.gamma[i] = (dq * phi * invS) / S;
  b.theta[i] = (-Sq * phi * sigma * MEMO[M_HALF_INV_SQRT_T]! - w * (r * Kr * n2 - q * Sq * n1)) * PER_DAY;
  b.vega[i] = Sq * phi * sqrtT * PER_POINT;
  b.rho[i] = w * T * Kr * n2 * PER_POINT;
}

/**
 * Prices contracts 0…n−1 of `b` at rate r and dividend yield q. Allocation-free; NaN only from NaN inputs. The
 * per-expiry memo and the pair above are read into locals for the loop and written back.
 */
export function bsmBatch(b: BsmBatch, n: number, r: number, q: number): void {
  if (!(n <= b.capacity)) throw new RangeError(`bsmBatch: ${n} contracts in a batch of ${b.capacity}`);
  const { side, spot, strike, vol, time, price, delta, gamma, theta, vega, rho } = b;
  if (r !== MEMO[M_R] || q !== MEMO[M_Q]) {
    MEMO[M_T] = Number.NaN;
    PAIR[0] = Number.NaN;
  }
  let mT = MEMO[M_T]!;
  let dr = MEMO[M_DR]!;
  let dq = MEMO[M_DQ]!;
  let sqrtT = MEMO[M_SQRT_T]!;
  let drift = MEMO[M_DRIFT]!;
  let carry = MEMO[M_CARRY]!;
  let halfInvSqrtT = MEMO[M_HALF_INV_SQRT_T]!;
  let pS = PAIR[0]!;
  let pK = PAIR[1]!;
  let pSigma = PAIR[2]!;
  let pT = PAIR[3]!;
  let d1 = PAIR[4]!;
  let d2 = PAIR[5]!;
  let e1 = PAIR[6]!;
  let t1 = PAIR[7]!;
  let t2 = PAIR[8]!;
  let invS = PAIR[9]!;
  let fresh = false;
  for (let i = 0; i < n; i++) {
    const T = time[i]!;
    const sigma = vol[i]!;
    const S = spot[i]!;
    const K = strike[i]!;
    if (T !== mT) {
      setMemo(r, q, T);
      mT = T;
      dr = MEMO[M_DR]!;
      dq = MEMO[M_DQ]!;
      sqrtT = MEMO[M_SQRT_T]!;
      drift = MEMO[M_DRIFT]!;
      carry = MEMO[M_CARRY]!;
      halfInvSqrtT = MEMO[M_HALF_INV_SQRT_T]!;
    }
    if (S !== pS || K !== pK || sigma !== pSigma || T !== pT) {
      const s = sigma * sqrtT; // 0 or NaN when T ≤ 0, so expiry takes the degenerate path too
      if (!(s >= MIN_TOTAL_VOL)) {
        degenerateAt(b, i);
        pS = Number.NaN;
        fresh = true;
        continue;
      }
      const m = S / K;
      invS = 1 / s;
      d1 = (Math.log(m) + drift) * invS + 0.5 * s;
      d2 = d1 - s;
      if (!(d1 <= SPLIT_TAIL && d2 >= -SPLIT_TAIL)) {
        tailAt(b, i);
        pS = Number.NaN;
        fresh = true;
        continue;
      }
      // Both points within √32 of 0 (d2 < d1): one exponential serves φ(d1), Φ(d1) and Φ(d2), as
      // e^{−d2²/2} = e^{−d1²/2} · S e^{−qT} / (K e^{−rT}) — here the product neither underflows nor loses digits.
      e1 = expNeg(-0.5 * d1 * d1);
      const e2 = e1 * m * carry;
      const y1 = d1 < 0 ? -d1 : d1;
      const y2 = d2 < 0 ? -d2 : d2;
      t1 = y1 <= SPLIT_SMALL ? tailCentral(y1) : tailMiddle(y1, e1);
      t2 = y2 <= SPLIT_SMALL ? tailCentral(y2) : tailMiddle(y2, e2);
      pS = S;
      pK = K;
      pSigma = sigma;
      pT = T;
      fresh = true;
    }
    // A put is the mirrored call: n1 = Φ(w·d1), n2 = Φ(w·d2), from the tails Φ(−|d1|), Φ(−|d2|) computed directly.
    const w = side[i]!;
    const Sq = S * dq;
    const Kr = K * dr;
    const phi = INV_SQRT_2PI * e1;
    const n1 = w * d1 > 0 ? 1 - t1 : t1;
    const n2 = w * d2 > 0 ? 1 - t2 : t2;
    const p = w * (Sq * n1 - Kr * n2);
    price[i] = p > 0 ? p : 0; // rounding can leave a far-OTM difference a hair below 0
    delta[i] = w * dq * n1;
    gamma[i] = (dq * phi * invS) / S;
    // −S e^{−qT} φ(d1) σ / (2√T) ∓ r K e^{−rT} Φ(±d2) ± q S e^{−qT} Φ(±d1), per calendar day
    theta[i] = (-Sq * phi * sigma * halfInvSqrtT - w * (r * Kr * n2 - q * Sq * n1)) * PER_DAY;
    vega[i] = Sq * phi * sqrtT * PER_POINT;
    rho[i] = w * T * Kr * n2 * PER_POINT;
  }
  if (!fresh) return;
  PAIR[0] = pS;
  PAIR[1] = pK;
  PAIR[2] = pSigma;
  PAIR[3] = pT;
  PAIR[4] = d1;
  PAIR[5] = d2;
  PAIR[6] = e1;
  PAIR[7] = t1;
  PAIR[8] = t2;
  PAIR[9] = invS;
}

/** The one-contract batch behind `bsmInto`. */
const one = createBsmBatch(1);

function copyOne(out: Greeks): Greeks {
  const b = one;
  out.price = b.price[0]!;
  out.delta = b.delta[0]!;
  out.gamma = b.gamma[0]!;
  out.theta = b.theta[0]!;
  out.vega = b.vega[0]!;
  out.rho = b.rho[0]!;
  return out;
}

/** A contract whose pair is current (`PAIR` holds its d1, d2 and tails): the kernel's output arithmetic. */
function otherSide(out: Greeks, w: number, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  const P = PAIR;
  const M = MEMO;
  const dq = M[M_DQ]!;
  const Sq = S * dq;
  const Kr = K * M[M_DR]!;
  const phi = INV_SQRT_2PI * P[6]!;
  const t1 = P[7]!;
  const t2 = P[8]!;
  const n1 = w * P[4]! > 0 ? 1 - t1 : t1;
  const n2 = w * P[5]! > 0 ? 1 - t2 : t2;
  const p = w * (Sq * n1 - Kr * n2);
  out.price = p > 0 ? p : 0;
  out.delta = w * dq * n1;
  out.gamma = (dq * phi * P[9]!) / S;
  out.theta = (-Sq * phi * sigma * M[M_HALF_INV_SQRT_T]! - w * (r * Kr * n2 - q * Sq * n1)) * PER_DAY;
  out.vega = Sq * phi * M[M_SQRT_T]! * PER_POINT;
  out.rho = w * T * Kr * n2 * PER_POINT;
  return out;
}

/** r and q of the contract in `one` (typed, so that no call below receives a boxed number). */
const ONE_RQ = new Float64Array(2);

/**
 * Prices the contract in `one` up to the pair (d1, d2 and the Φ tails, the kernel's arithmetic) and returns true;
 * or, for the degenerate and far-tail cases, prices it into `one`'s outputs and returns false.
 */
function pairOfOne(): boolean {
  const b = one;
  const r = ONE_RQ[0]!;
  const q = ONE_RQ[1]!;
  const T = b.time[0]!;
  const sigma = b.vol[0]!;
  const S = b.spot[0]!;
  const K = b.strike[0]!;
  if (T !== MEMO[M_T] || r !== MEMO[M_R] || q !== MEMO[M_Q]) setMemo(r, q, T);
  const s = sigma * MEMO[M_SQRT_T]!;
  if (!(s >= MIN_TOTAL_VOL)) {
    degenerateAt(b, 0);
    PAIR[0] = Number.NaN;
    return false;
  }
  const m = S / K;
  const invS = 1 / s;
  const d1 = (Math.log(m) + MEMO[M_DRIFT]!) * invS + 0.5 * s;
  const d2 = d1 - s;
  if (!(d1 <= SPLIT_TAIL && d2 >= -SPLIT_TAIL)) {
    tailAt(b, 0);
    PAIR[0] = Number.NaN;
    return false;
  }
  const e1 = expNeg(-0.5 * d1 * d1);
  const e2 = e1 * m * MEMO[M_CARRY]!;
  const y1 = d1 < 0 ? -d1 : d1;
  const y2 = d2 < 0 ? -d2 : d2;
  const P = PAIR;
  P[0] = S;
  P[1] = K;
  P[2] = sigma;
  P[3] = T;
  P[4] = d1;
  P[5] = d2;
  P[6] = e1;
  P[7] = y1 <= SPLIT_SMALL ? tailCentral(y1) : tailMiddle(y1, e1);
  P[8] = y2 <= SPLIT_SMALL ? tailCentral(y2) : tailMiddle(y2, e2);
  P[9] = invS;
  return true;
}

/**
 * Price and Greeks into `out` (returned). Allocation-free, and the kernel's arithmetic bit for bit. The pair (d1,
 * d2 and Φ tails) is computed once for a spot, strike, σ, T, r and q, so the other side of the contract just
 * priced (a chain's put after its call) costs a few multiplications. It and its helpers `otherSide` and `copyOne`
 * stay under V8's inlining limits (460 bytes of bytecode each, 920 together), so a caller's loop inlines them and
 * hands over the doubles unboxed; `pairOfOne` reads its inputs from typed arrays for the same reason.
 */
export function bsmInto(out: Greeks, type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): Greeks {
  const w = type === 'call' ? 1 : -1;
  if (!(S === PAIR[0] && K === PAIR[1] && sigma === PAIR[2] && T === PAIR[3] && r === MEMO[M_R] && q === MEMO[M_Q])) {
    const b = one;
    b.side[0] = w;
    b.spot[0] = S;
    b.strike[0] = K;
    b.vol[0] = sigma;
    b.time[0] = T;
    ONE_RQ[0] = r;
    ONE_RQ[1] = q;
    if (!pairOfOne()) return copyOne(out);
  }
  return otherSide(out, w, S, K, r, q, sigma, T);
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

/** The price alone, by the kernel's arithmetic (bit-for-bit `bsmInto`'s price), with the same limits. */
export function bsmPrice(type: OptionType, S: number, K: number, r: number, q: number, sigma: number, T: number): number {
  if (T !== MEMO[M_T] || r !== MEMO[M_R] || q !== MEMO[M_Q]) setMemo(r, q, T);
  const s = sigma * MEMO[M_SQRT_T]!;
  const w = type === 'call' ? 1 : -1;
  const dq = MEMO[M_DQ]!;
  const dr = MEMO[M_DR]!;
  if (!(s >= MIN_TOTAL_VOL)) {
    const itm = T > 0 ? w * (S * dq - K * dr) : w * (S - K);
    return itm > 0 ? itm : 0;
  }
  const Sq = S * dq;
  const Kr = K * dr;
  const m = S / K;
  const d1 = (Math.log(m) + MEMO[M_DRIFT]!) * (1 / s) + 0.5 * s;
  const d2 = d1 - s;
  const e1 = expNeg(-0.5 * d1 * d1);
  const inner = d1 <= SPLIT_TAIL && d2 >= -SPLIT_TAIL;
  const e2 = inner ? e1 * m * MEMO[M_CARRY]! : expNeg(-0.5 * d2 * d2);
  const x1 = w * d1;
  const x2 = w * d2;
  const t1 = normTailFromExp(x1 < 0 ? -x1 : x1, e1);
  const t2 = normTailFromExp(x2 < 0 ? -x2 : x2, e2);
  const price = w * (Sq * (x1 > 0 ? 1 - t1 : t1) - Kr * (x2 > 0 ? 1 - t2 : t2));
  return price > 0 ? price : 0;
}
