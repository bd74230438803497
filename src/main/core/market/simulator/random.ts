/**
 * Seeded randomness for the simulator: a 32-bit hash that derives independent streams from (seed, labels…),
 * the sfc32 generator, and the draws the models need (uniform, normal, exponential, unit-variance Student-t).
 * Nothing here reads the clock or Math.random, so every draw is a pure function of its labels.
 */

const TWO_POW_32 = 4_294_967_296;
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

function mixWord(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function finalMix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixPart(h: number, part: number | string): number {
  if (typeof part === 'string') {
    h = mixWord(h, 0x5bd1e995 ^ part.length);
    for (let i = 0; i < part.length; i++) h = mixWord(h, part.charCodeAt(i));
    return h;
  }
  if (Number.isInteger(part) && Math.abs(part) <= Number.MAX_SAFE_INTEGER) {
    h = mixWord(h, part >>> 0);
    return mixWord(h, Math.floor(part / TWO_POW_32) | 0);
  }
  f64[0] = part;
  return mixWord(mixWord(h, u32[0]!), u32[1]!);
}

/** A 32-bit unsigned hash of a list of numbers and strings (murmur3-style mixing; order matters). */
export function hash32(...parts: readonly (number | string)[]): number {
  let h = 0x9747b28c;
  for (const p of parts) h = mixPart(h, p);
  return finalMix(h ^ parts.length);
}

/** splitmix32 step: turns one 32-bit value into a well-mixed other one. */
export function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// Quantile tables: a draw is one 32-bit integer u. Its top 12 bits pick a cell of a 4,097-entry table of the
// quantile function (32 KB: stays in cache) and the low 20 bits interpolate within it. The two outermost cells
// evaluate the quantile function exactly, so the tails are exact down to p = 2^-33. Several times faster than
// Box–Muller or chi-square constructions.

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const FRACTION_BITS = 32 - TABLE_BITS;
const FRACTION_SCALE = 1 / (1 << FRACTION_BITS);

/** A quantile function with its interpolation table. */
interface QuantileTable {
  readonly q: (p: number) => number;
  readonly t: Float64Array;
}

function quantileTable(q: (p: number) => number): QuantileTable {
  const t = new Float64Array(TABLE_SIZE + 1);
  for (let i = 1; i < TABLE_SIZE; i++) t[i] = q(i / TABLE_SIZE);
  return { q, t };
}

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

/** Inverse CDF of Student's t with 4 degrees of freedom (closed form, Shaw 2006). */
export function t4Quantile(p: number): number {
  const alpha = 4 * p * (1 - p);
  const s = Math.sqrt(alpha);
  const t = 2 * Math.sqrt(Math.cos(Math.acos(s) / 3) / s - 1);
  return p < 0.5 ? -t : t;
}

/** Largest unit-variance t(4) draw, in standard deviations (a cap on single-shock moves). */
export const T4_CAP = 8;

const NORMAL_TABLE = quantileTable(normalQuantile);
const T4_TABLE = quantileTable((p) => Math.max(-T4_CAP, Math.min(T4_CAP, t4Quantile(p) * Math.SQRT1_2)));
const EXP_TABLE = quantileTable((p) => -Math.log(1 - p));
/** Lognormal with σ = 0.3 and mean 1 (volume noise). */
const LOGNORMAL_TABLE = quantileTable((p) => Math.exp(0.3 * normalQuantile(p) - 0.045));

function lookup(table: QuantileTable, u: number): number {
  const i = u >>> FRACTION_BITS;
  if (i === 0 || i === TABLE_SIZE - 1) return table.q((u + 0.5) / TWO_POW_32);
  const t = table.t;
  const lo = t[i]!;
  return lo + (t[i + 1]! - lo) * ((u & ((1 << FRACTION_BITS) - 1)) * FRACTION_SCALE);
}

/** A standard normal from a hash, without building a generator. */
export function hashNormal(...parts: readonly (number | string)[]): number {
  return lookup(NORMAL_TABLE, hash32(...parts));
}

/** The sfc32 generator (Small Fast Counting, 128-bit state) with the draws the simulator uses. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** An independent stream named by (seed, labels…): the same labels always give the same stream. */
  static derive(...parts: readonly (number | string)[]): Rng {
    const h = hash32(...parts);
    const a = splitmix32(h);
    const b = splitmix32(a);
    const c = splitmix32(b);
    return new Rng(a, b, c, h);
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (((this.c << 21) | (this.c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** Uniform in (0, 1]: safe to take the logarithm of. */
  nextOpen(): number {
    return (this.uint32() + 1) / TWO_POW_32;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Log-uniform in [lo, hi) (both > 0). */
  logUniform(lo: number, hi: number): number {
    return Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * this.next());
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An index drawn with the given (non-negative, not all zero) weights. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Standard normal (quantile table, exact tails). */
  normal(): number {
    return lookup(NORMAL_TABLE, this.uint32());
  }

  /** Unit-variance Student-t with 4 degrees of freedom (quantile table; capped at ±T4_CAP). */
  t4(): number {
    return lookup(T4_TABLE, this.uint32());
  }

  /** Lognormal with log-σ 0.3 and mean 1 (multiplicative noise, e.g. volume). */
  lognormal(): number {
    return lookup(LOGNORMAL_TABLE, this.uint32());
  }

  /** Exponential with mean 1. */
  exponential(): number {
    return lookup(EXP_TABLE, this.uint32());
  }

  /** Chi-square with `nu` (integer ≥ 1) degrees of freedom. */
  chiSquare(nu: number): number {
    let prod = 1;
    for (let i = 0; i < nu >> 1; i++) prod *= this.nextOpen();
    let x = -2 * Math.log(prod);
    if (nu & 1) {
      const z = this.normal();
      x += z * z;
    }
    return x;
  }

  /** Student-t with `nu` (integer ≥ 3) degrees of freedom, scaled to unit variance: fat tails, same spread. */
  studentT(nu: number): number {
    const z = this.normal();
    return z * Math.sqrt((nu - 2) / this.chiSquare(nu));
  }
}
