/**
 * Intraday paths: one price per minute over the extended session (04:00–20:00 New York, 17:00 on early closes),
 * constrained to the daily bar — exactly the open at 09:30 and the close at 16:00 (13:00), with the regular
 * session's maximum equal to the high and its minimum to the low — plus cumulative volume at 5-minute marks.
 *
 * The regular session is a chain of Brownian bridges (in price, with noise proportional to the price level)
 * through the open, the high, the low and the close, in an order and at minutes drawn per day, folded
 * (reflected) into [low, high]. The pre-market bridges from the previous session's post-market last price to the
 * open, with any premarket catalyst as a jump between 07:00 and 09:00; the post-market bridges from the close to
 * the session's post-market last price. Volume follows a U-shaped profile per 5-minute bar, with noise, a
 * response to the bar's move and bursts after catalysts, and sums exactly to the daily volume.
 */
import type { Arena } from './arena';
import type { Rng } from './random';
import { roundToTick } from './ticks';

/** Minutes and 5-minute bars of one session. */
export interface SessionLayout {
  /** 04:00 New York, epoch ms. */
  readonly preOpen: number;
  /** Minutes from 04:00 to the end of the post-market (960, or 780 on early closes). */
  readonly minutes: number;
  /** Minute index of the 09:30 open (330). */
  readonly kOpen: number;
  /** Minute index of the regular close (720, or 540 on early closes). */
  readonly kClose: number;
  /** Number of 5-minute bars (192, or 156). */
  readonly bars: number;
}

/** Builds the layout of a session from its calendar instants. */
export function sessionLayout(s: { preOpen: number; open: number; close: number; postClose: number }): SessionLayout {
  const minutes = Math.round((s.postClose - s.preOpen) / 60_000);
  return {
    preOpen: s.preOpen,
    minutes,
    kOpen: Math.round((s.open - s.preOpen) / 60_000),
    kClose: Math.round((s.close - s.preOpen) / 60_000),
    bars: minutes / 5,
  };
}

/** What the path must honour: the daily bar, where the pre-market starts and the post-market ends, catalysts. */
export interface PathInputs {
  readonly o: number;
  readonly h: number;
  readonly l: number;
  readonly c: number;
  /** Whole-session volume (pre + regular + post). */
  readonly v: number;
  /** First pre-market price (the previous session's post-market last). */
  readonly start: number;
  /** Last post-market price. */
  readonly end: number;
  /** The day's total volatility (log), which sets the per-minute noise. */
  readonly sigmaDay: number;
  readonly catalyst: { readonly minute: number; readonly jump: number; readonly part: 'premarket' | 'regular' } | null;
}

/** One symbol's session: prices at every minute mark and cumulative volume at every 5-minute mark. */
export interface SessionPath {
  /** minutes + 1 prices; prices[k] is the trade at preOpen + k minutes. */
  readonly prices: Float32Array;
  /** bars + 1 cumulative volumes; cumVolume[b] = shares traded before preOpen + 5b minutes. */
  readonly cumVolume: Float64Array;
  /** bars + 1 running maxima: highPrefix[b] = max(prices[0..5b]). */
  readonly highPrefix: Float32Array;
  /** bars + 1 running minima. */
  readonly lowPrefix: Float32Array;
}

let lp = new Float64Array(961);
let walk = new Float64Array(961);
let sig = new Float64Array(961);
let weights = new Float64Array(193);

/** Per-layout constants shared by every symbol. */
interface Profile {
  /** Noise multiplier per minute: quiet pre- and post-market, livelier after the open. */
  readonly noise: Float64Array;
  /** Base volume weight per 5-minute bar: thin pre-market ramping into the open, U-shaped session, thin post. */
  readonly volume: Float64Array;
}

const profiles = new Map<string, Profile>();

function profileOf(L: SessionLayout): Profile {
  const key = `${L.kOpen}/${L.kClose}/${L.minutes}`;
  let p = profiles.get(key);
  if (!p) {
    const { kOpen: kO, kClose: kC, minutes: N } = L;
    const noise = new Float64Array(N + 1);
    for (let k = 0; k <= N; k++) noise[k] = k <= kO ? (k > kO - 30 ? 0.5 : 0.35) : k <= kC ? 1 + Math.exp(-(k - kO) / 30) : 0.3;
    const volume = new Float64Array(L.bars);
    for (let k = 0; k < N; k++) {
      volume[Math.floor(k / 5)]! +=
        k < kO
          ? 0.02 + (k >= kO - 30 ? 0.06 : 0)
          : k < kC
            ? 0.55 + 1.8 * Math.exp(-(k - kO) / 20) + 0.9 * Math.exp(-(kC - 1 - k) / 15)
            : 0.01 + 0.06 * Math.exp(-(k - kC) / 30);
    }
    p = { noise, volume };
    profiles.set(key, p);
  }
  return p;
}

function fold(y: number, lo: number, hi: number): number {
  if (hi === Infinity) return 2 * lo - y;
  const w = hi - lo;
  if (w <= 0) return lo;
  let m = (y - lo) % (2 * w);
  if (m < 0) m += 2 * w;
  return lo + (m <= w ? m : 2 * w - m);
}

/** Minute position in (lo, hi), more likely near either end (arcsine-like, as extremes are). */
function extremeMinute(rng: Rng, lo: number, hi: number): number {
  if (hi - lo < 2) return -1;
  const u = (1 - Math.cos(Math.PI * rng.next())) / 2;
  return Math.min(hi - 1, Math.max(lo + 1, lo + 1 + Math.floor(u * (hi - lo - 1))));
}

/**
 * Fills lp[k0..k1] with a bridge from lp[k0] = a to lp[k1] = b (prices): a drift profile (linear, plus an optional
 * step of size `step` at minute kJ) and Brownian noise of scale `scale`·sig[k] per minute, folded into [lo, hi].
 */
function bridge(rng: Rng, k0: number, k1: number, a: number, b: number, scale: number, step: number, kJ: number, lo: number, hi: number): void {
  lp[k0] = a;
  if (k1 <= k0) return;
  let w = 0;
  for (let k = k0 + 1; k <= k1; k++) {
    w += sig[k]! * rng.normal();
    walk[k] = w;
  }
  const span = k1 - k0;
  const slope = (b - a - step - scale * w) / span;
  for (let k = k0 + 1; k < k1; k++) {
    const y = a + slope * (k - k0) + (kJ >= 0 && k >= kJ ? step : 0) + scale * walk[k]!;
    lp[k] = y < lo || y > hi ? fold(y, lo, hi) : y;
  }
  lp[k1] = b;
}

/** Sum over minutes k0 ≤ k < k1 (k ≥ kJ) of peak·exp(-(k - kJ)/decay) + floor: the volume burst after a catalyst. */
function burst(k0: number, k1: number, kJ: number, floor: number, peak: number, decay: number): number {
  let sum = 0;
  for (let k = Math.max(k0, kJ); k < k1; k++) sum += floor + peak * Math.exp(-(k - kJ) / decay);
  return sum;
}

/** Bytes one path needs (the region size of a session's Arena). */
export function pathBytes(L: SessionLayout): number {
  return (L.bars + 1) * 8 + (L.minutes + 1) * 4 + 2 * (L.bars + 1) * 4;
}

/** Generates one symbol's session path; `rng` should be derived from (seed, symbol, session). */
export function buildSessionPath(rng: Rng, L: SessionLayout, x: PathInputs, arena?: Arena): SessionPath {
  const N = L.minutes;
  const kO = L.kOpen;
  const kC = L.kClose;
  const B = L.bars;
  if (lp.length < N + 1) {
    lp = new Float64Array(N + 1);
    walk = new Float64Array(N + 1);
    sig = new Float64Array(N + 1);
  }
  if (weights.length < B + 1) weights = new Float64Array(B + 1);
  const profile = profileOf(L);
  const sMin = Math.max(1e-5, (0.85 * x.sigmaDay) / Math.sqrt(390));
  const cat = x.catalyst;
  sig.set(profile.noise.subarray(0, N + 1));

  // Pre-market: start → open, a premarket catalyst jumping at its minute (and livelier after it).
  const preJ = cat && cat.part === 'premarket' ? cat : null;
  const preK = preJ ? Math.min(kO - 1, Math.max(1, preJ.minute)) : -1;
  let preStep = 0;
  if (preJ) {
    for (let k = preK; k <= kO; k++) sig[k] = sig[k]! * 3.5;
    preStep = x.start * (Math.exp(preJ.jump) - 1);
  }
  bridge(rng, 0, kO, x.start, x.o, sMin * Math.min(x.start, x.o), preStep, preK, 0, Infinity);

  // Regular session: anchors at the open, the high, the low and the close, folded into [low, high].
  const regJ = cat && cat.part === 'regular' && cat.minute > kO + 2 && cat.minute < kC - 2 ? cat : null;
  const needH = x.h > Math.max(x.o, x.c);
  const needL = x.l < Math.min(x.o, x.c);
  let kH = -1;
  let kL = -1;
  if (regJ) {
    const before = needH || needL ? extremeMinute(rng, kO, regJ.minute) : -1;
    const after = needH || needL ? extremeMinute(rng, regJ.minute - 1, kC) : -1;
    if (regJ.jump > 0) [kL, kH] = [before, after];
    else [kH, kL] = [before, after];
  }
  if (needH && kH < 0) kH = extremeMinute(rng, kO, kC);
  if (needL && (kL < 0 || kL === kH)) {
    kL = extremeMinute(rng, kO, kC);
    if (kL === kH) kL = kH + 1 < kC ? kH + 1 : kH - 1;
  }
  const anchors: [number, number][] = [[kO, x.o]];
  if (needH) anchors.push([kH, x.h]);
  if (needL) anchors.push([kL, x.l]);
  anchors.push([kC, x.c]);
  anchors.sort((p, q) => p[0] - q[0]);
  const regScale = sMin * (x.h + x.l) * 0.5;
  for (let i = 0; i + 1 < anchors.length; i++) {
    const [k0, a] = anchors[i]!;
    const [k1, b] = anchors[i + 1]!;
    let step = 0;
    if (regJ && regJ.minute > k0 && regJ.minute <= k1 && (b - a) * regJ.jump > 0) {
      step = Math.sign(b - a) * Math.min(Math.abs(a * (Math.exp(regJ.jump) - 1)), 0.8 * Math.abs(b - a));
    }
    bridge(rng, k0, k1, a, b, regScale, step, step !== 0 ? regJ!.minute : -1, x.l, x.h);
  }

  // Post-market: close → the session's last price.
  bridge(rng, kC, N, x.c, x.end, sMin * Math.min(x.c, x.end), 0, -1, 0, Infinity);

  // Prices on the tick; the anchors exact.
  const { buffer, offset } = arena ? arena.take() : { buffer: new ArrayBuffer(pathBytes(L)), offset: 0 };
  const cumVolume = new Float64Array(buffer, offset, B + 1);
  const prices = new Float32Array(buffer, offset + (B + 1) * 8, N + 1);
  const highPrefix = new Float32Array(buffer, offset + (B + 1) * 8 + (N + 1) * 4, B + 1);
  const lowPrefix = new Float32Array(buffer, offset + (B + 1) * 8 + (N + 1) * 4 + (B + 1) * 4, B + 1);
  for (let k = 0; k <= kO; k++) prices[k] = roundToTick(lp[k]!);
  for (let k = kO + 1; k < kC; k++) prices[k] = Math.min(x.h, Math.max(x.l, roundToTick(lp[k]!)));
  for (let k = kC; k <= N; k++) prices[k] = roundToTick(lp[k]!);
  prices[0] = x.start;
  prices[kO] = x.o;
  prices[kC] = x.c;
  prices[N] = x.end;
  if (needH) prices[kH] = x.h;
  if (needL) prices[kL] = x.l;

  // Volume per 5-minute bar: the base profile, noise and |move| in the session, bursts after catalysts.
  const base = profile.volume;
  const moveScale = 1 / (regScale * Math.sqrt(5) * 1.5);
  let total = 0;
  for (let b = 0; b < B; b++) {
    const k0 = 5 * b;
    let w = base[b]! * rng.lognormal();
    if (k0 >= kO && k0 < kC) w *= 1 + 0.5 * Math.abs(lp[k0 + 5]! - lp[k0]!) * moveScale;
    if (preK >= 0 && k0 + 5 > preK && k0 < kO) w += burst(k0, Math.min(k0 + 5, kO), preK, 0.5, 30, 6);
    if (regJ && k0 + 5 > regJ.minute && k0 < kC) w += burst(k0, Math.min(k0 + 5, kC), regJ.minute, 1.5, 40, 8);
    total += w;
    weights[b] = total;
  }
  cumVolume[0] = 0;
  for (let b = 1; b < B; b++) cumVolume[b] = Math.round((x.v * weights[b - 1]!) / total);
  cumVolume[B] = x.v;

  let hi = prices[0]!;
  let lo = prices[0]!;
  highPrefix[0] = hi;
  lowPrefix[0] = lo;
  for (let b = 1; b <= B; b++) {
    for (let k = 5 * b - 4; k <= 5 * b; k++) {
      const p = prices[k]!;
      if (p > hi) hi = p;
      if (p < lo) lo = p;
    }
    highPrefix[b] = hi;
    lowPrefix[b] = lo;
  }
  return { prices, cumVolume, highPrefix, lowPrefix };
}
