/**
 * The standard normal density φ and distribution Φ, accurate to about 1e-16 relative (W. J. Cody, "Rational
 * Chebyshev approximations for the error function", Math. Comp. 1969, as in ACM TOMS Algorithm 715 and R's
 * pnorm): a rational function of x² near zero, a rational function of |x| times e^{−x²/2} in the middle, and
 * an asymptotic rational in 1/x² in the tails. Φ(−x) is computed directly, never as 1 − Φ(x), so tail
 * probabilities keep their relative precision (Φ(−30) ≈ 4.9e−198, not 0).
 *
 * `gaussExp` + `normCdfFromExp` let the BSM hot path share exponentials: φ(d1) and Φ(d1) come from one, and
 * Φ(d2) from the same one times S e^{−qT} / K e^{−rT} (since e^{−d2²/2} = e^{−d1²/2} · e^{d1 s − s²/2}).
 * `expNeg` and `normTailFromExp` are the same pieces shaped for the BSM kernel (bsm.ts): an exponential computed in
 * JavaScript (no call into the C library, so the CPU overlaps it with the rest of the contract) and Φ(−y) with
 * the polynomials evaluated in Estrin's scheme (shorter dependency chains than Horner's, same terms).
 */

export const INV_SQRT_2PI = 0.3989422804014327; // 1/√(2π)
/** Beyond |x| = √32 Φ uses its asymptotic tail formula (and `normCdf` computes e^{−x²/2} with a split argument). */
export const SPLIT_TAIL = 5.656854249492381;

// Cody's coefficients, each written as the double nearest to his 20-digit value.
const A0 = 2.2352520354606837;
const A1 = 161.02823106855587;
const A2 = 1067.6894854603709;
const A3 = 18154.98125334356;
const A4 = 0.06568233791820745;
const B0 = 47.202581904688245;
const B1 = 976.0985517377767;
const B2 = 10260.932208618979;
const B3 = 45507.78933502673;

const C0 = 0.39894151208813466;
const C1 = 8.883149794388377;
const C2 = 93.50665613217785;
const C3 = 597.2702763948002;
const C4 = 2494.5375852903726;
const C5 = 6848.190450536283;
const C6 = 11602.65143764735;
const C7 = 9842.714838383978;
const C8 = 1.0765576773720192e-8;
const D0 = 22.266688044328117;
const D1 = 235.387901782625;
const D2 = 1519.3775994075547;
const D3 = 6485.558298266761;
const D4 = 18615.571640885097;
const D5 = 34900.95272114598;
const D6 = 38912.00328609327;
const D7 = 19685.429676859992;

const P0 = 0.215898534057957;
const P1 = 0.12740116116024736;
const P2 = 0.022235277870649807;
const P3 = 0.0014216191932278934;
const P4 = 0.000029112874951168793;
const P5 = 0.023073441764940174;
const Q0 = 1.284260096144911;
const Q1 = 0.4682382124808651;
const Q2 = 0.06598813786892856;
const Q3 = 0.0037823963320275824;
const Q4 = 0.00007297515550839662;

export const SPLIT_SMALL = 0.67448975; // Φ⁻¹(0.75)
/** Beyond this Φ(−x) underflows to 0 in double precision. */
const UNDERFLOW = 38.5;

/** φ(x) = e^{−x²/2}/√(2π). */
export function normPdf(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Φ(−y) for SPLIT_SMALL < y ≤ √32 given e = e^{−y²/2}. */
function middleTail(y: number, e: number): number {
  let num = C8 * y;
  let den = y;
  num = (num + C0) * y;
  den = (den + D0) * y;
  num = (num + C1) * y;
  den = (den + D1) * y;
  num = (num + C2) * y;
  den = (den + D2) * y;
  num = (num + C3) * y;
  den = (den + D3) * y;
  num = (num + C4) * y;
  den = (den + D4) * y;
  num = (num + C5) * y;
  den = (den + D5) * y;
  num = (num + C6) * y;
  den = (den + D6) * y;
  return (e * (num + C7)) / (den + D7);
}

/** Φ(−y) for y > √32 given e = e^{−y²/2}. */
function farTail(y: number, e: number): number {
  if (y >= UNDERFLOW) return 0;
  const z = 1 / (y * y);
  let num = P5 * z;
  let den = z;
  num = (num + P0) * z;
  den = (den + Q0) * z;
  num = (num + P1) * z;
  den = (den + Q1) * z;
  num = (num + P2) * z;
  den = (den + Q2) * z;
  num = (num + P3) * z;
  den = (den + Q3) * z;
  const r = (z * (num + P4)) / (den + Q4);
  return (e * (INV_SQRT_2PI - r)) / y;
}

/** Φ(x) − 1/2 for |x| ≤ SPLIT_SMALL (no exponential needed). */
function central(x: number): number {
  const z = x * x;
  let num = A4 * z;
  let den = z;
  num = (num + A0) * z;
  den = (den + B0) * z;
  num = (num + A1) * z;
  den = (den + B1) * z;
  num = (num + A2) * z;
  den = (den + B2) * z;
  return (x * (num + A3)) / (den + B3);
}

/**
 * e^{−y²/2} with the argument split as in Cody's code (y = a + b, a a multiple of 1/16), so the rounding of y²
 * does not cost relative precision far in the tail.
 */
function splitExp(y: number): number {
  const a = Math.trunc(y * 16) / 16;
  const d = (y - a) * (y + a);
  return Math.exp(-0.5 * a * a) * Math.exp(-0.5 * d);
}

/** Φ(x), the standard normal distribution function. NaN in, NaN out; ±Infinity give 1 and 0. */
export function normCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= SPLIT_SMALL) return 0.5 + central(x);
  const tail = y <= SPLIT_TAIL ? middleTail(y, Math.exp(-0.5 * y * y)) : farTail(y, splitExp(y));
  return x > 0 ? 1 - tail : tail;
}

/**
 * e^{−x²/2} for the pair `gaussExp` + `normCdfFromExp`, which lets a caller share one exponential between Φ(x) and
 * φ(x) = e/√(2π). Unlike `normCdf` it does not split the argument beyond √32: there the relative error of the
 * result grows like x²·2⁻⁵³ (6e−15 at x = 10), immaterial for prices, and the hot path stays small.
 */
export function gaussExp(x: number): number {
  return Math.exp(-0.5 * x * x);
}

/**
 * Φ(x) given e = e^{−x²/2} (from `gaussExp`, or derived from another point's exponential). Accuracy is that of
 * `normCdf` within the relative error of `e`.
 */
export function normCdfFromExp(x: number, e: number): number {
  const y = Math.abs(x);
  if (y <= SPLIT_SMALL) return 0.5 + central(x);
  const tail = y <= SPLIT_TAIL ? middleTail(y, e) : y !== y ? y : farTail(y, e); // NaN stays NaN
  return x > 0 ? 1 - tail : tail;
}

// ---------------------------------------------------------------------------------------------------------
// e^x for x ≤ 0 without Math.exp: x = k·ln2/64 + t with |t| ≤ ln2/128 (Cody–Waite: ln2/64 split in a high part
// exact in k·LN2_64_HI and a low part), e^x = 2^(k/64)… as 2^⌊k/64⌋ · 2^((k mod 64)/64) · e^t, the middle factor
// from a 64-entry table and e^t from its degree-5 Taylor polynomial (truncation below 4e−17 relative). Within
// about 1 ulp of Math.exp; the table and the powers of two are exact doubles.

const EXP_TABLE = new Float64Array(64);
for (let j = 0; j < 64; j++) EXP_TABLE[j] = 2 ** (j / 64);
/** 2^(i − 1100) for i in 0…1199: every power of two a result in the normal range needs, as exact doubles. */
const POW2 = new Float64Array(1200);
for (let i = 0; i < 1200; i++) POW2[i] = 2 ** (i - 1100);
const INV_LN2_64 = 64 / Math.LN2;
const LN2_64_HI = 6.9314718036912382e-1 / 64; // fdlibm's ln2_hi (32 significant bits) / 64
const LN2_64_LO = 1.9082149292705877e-10 / 64;
/** 1.5 · 2^52: adding and subtracting it rounds a double below 2^51 to the nearest integer. */
const ROUND = 6755399441055744;
/** Below this e^x is subnormal; `expNeg` hands such arguments (and NaN) to Math.exp. */
const EXP_NORMAL_MIN = -708;

/** e^x for x ≤ 0 (within about 1 ulp of Math.exp, faster in a hot loop); Math.exp's result below e^−708 or for NaN. */
export function expNeg(x: number): number {
  if (!(x >= EXP_NORMAL_MIN)) return Math.exp(x);
  const kf = x * INV_LN2_64 + ROUND - ROUND;
  const k = kf | 0;
  const t = x - kf * LN2_64_HI - kf * LN2_64_LO;
  const t2 = t * t;
  const p = t + t2 * (0.5 + t * 0.16666666666666666) + t2 * t2 * (0.041666666666666664 + t * 0.008333333333333333);
  const c = EXP_TABLE[k & 63]!;
  return (c + c * p) * POW2[(k >> 6) + 1100]!;
}

/** Φ(−y) for 0 ≤ y ≤ SPLIT_SMALL: 1/2 − (Φ(y) − 1/2) by Cody's central rational (Estrin's scheme; the coefficients spelled out, which keeps the bytecode small enough for V8 to inline both pieces at both of the kernel's call sites). */
export function tailCentral(y: number): number {
  const z = y * y;
  const z2 = z * z;
  return 0.5 - (y * (18154.98125334356 + 1067.6894854603709 * z + (161.02823106855587 + 2.2352520354606837 * z) * z2 + 0.06568233791820745 * z2 * z2)) / (45507.78933502673 + 10260.932208618979 * z + (976.0985517377767 + 47.202581904688245 * z) * z2 + z2 * z2);
}

/** Φ(−y) for SPLIT_SMALL < y ≤ √32 given e = e^{−y²/2}: Cody's middle rational (Estrin's scheme) times e. */
export function tailMiddle(y: number, e: number): number {
  const y2 = y * y;
  const y4 = y2 * y2;
  const num = 9842.714838383978 + 11602.65143764735 * y + (6848.190450536283 + 2494.5375852903726 * y) * y2 + (597.2702763948002 + 93.50665613217785 * y + (8.883149794388377 + 0.39894151208813466 * y) * y2) * y4 + 1.0765576773720192e-8 * (y4 * y4);
  const den = 19685.429676859992 + 38912.00328609327 * y + (34900.95272114598 + 18615.571640885097 * y) * y2 + (6485.558298266761 + 1519.3775994075547 * y + (235.387901782625 + 22.266688044328117 * y) * y2) * y4 + y4 * y4;
  return (e * num) / den;
}

/** Φ(−y) for y > √32 given e = e^{−y²/2} (the asymptotic tail); NaN stays NaN. */
export function tailFar(y: number, e: number): number {
  return y !== y ? y : farTail(y, e);
}

/**
 * Φ(−y) for y ≥ 0 given e = e^{−y²/2}, by the three pieces above (the BSM kernel spells this dispatch out at its
 * two call sites so that V8 inlines each piece there).
 */
export function normTailFromExp(y: number, e: number): number {
  return y <= SPLIT_SMALL ? tailCentral(y) : y <= SPLIT_TAIL ? tailMiddle(y, e) : tailFar(y, e);
}
