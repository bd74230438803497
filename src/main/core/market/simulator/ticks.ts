/**
 * US equity price ticks (NUMBERS.md): $0.01 at or above $1, $0.0001 below. Every simulated price is on the tick.
 */

/** Smallest price the simulator prints. */
export const MIN_PRICE = 0.0001;

/** Tick size for a price. */
export function tickSize(price: number): number {
  return price >= 1 ? 0.01 : 0.0001;
}

/** Rounds a price to its tick (never below MIN_PRICE). */
export function roundToTick(price: number): number {
  if (price >= 1) return Math.round(price * 100) / 100;
  const r = Math.round(price * 10_000) / 10_000;
  return r < MIN_PRICE ? MIN_PRICE : r;
}

/** Rounds down to the tick of `tick` (0.01 or 0.0001). */
export function floorToTick(price: number, tick: number): number {
  const scale = tick === 0.01 ? 100 : 10_000;
  return Math.floor(price * scale + 1e-7) / scale;
}

/** Rounds up to the tick of `tick` (0.01 or 0.0001). */
export function ceilToTick(price: number, tick: number): number {
  const scale = tick === 0.01 ? 100 : 10_000;
  return Math.ceil(price * scale - 1e-7) / scale;
}

/** Rounds to 4 decimals (changes, percentages), removing floating-point noise. */
export function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Prices as integers: 1 unit = $0.0001 (the finest tick), so stored prices need no rounding to read back. */
export const PRICE_UNITS = 10_000;

/** A price, rounded to its tick, in PRICE_UNITS (no division: cheap in hot loops). */
export function toUnits(price: number): number {
  if (price >= 1) return Math.round(price * 100) * 100;
  const u = Math.round(price * PRICE_UNITS);
  return u < 1 ? 1 : u;
}

/** The price of a PRICE_UNITS integer (exactly the double nearest to the tick value). */
export function fromUnits(units: number): number {
  return units / PRICE_UNITS;
}
