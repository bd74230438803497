/**
 * The common factors every price loads on: the market regime (a Markov chain), the market factor and the eight
 * sector factors, one value per session. Levels are mean-reverting (half-life about a year) log deviations,
 * so the market drifts in regimes but stays in a plausible corridor over decades.
 */
import { SECTOR_IDS } from '../../../../shared/sectors';
import { Rng } from './random';
import { SECTOR_PROFILES } from './universe';

/** Market regime labels. */
export const REGIMES = ['trending_up', 'trending_down', 'ranging', 'volatile'] as const;
/** A market regime label. */
export type Regime = (typeof REGIMES)[number];

/** How a regime shapes the market: drift and volatility of the market factor, multipliers for the rest. */
export interface RegimeParams {
  /** Daily drift of the market factor (log). */
  readonly drift: number;
  /** Daily volatility of the market factor. */
  readonly vol: number;
  readonly idioMult: number;
  readonly sectorMult: number;
  readonly volumeMult: number;
  readonly catalystMult: number;
  /** Probability of staying in the regime from one session to the next. */
  readonly stay: number;
  /** Relative odds of moving to each regime (REGIMES order) when leaving. */
  readonly next: readonly number[];
}

/** Parameters per regime, in REGIMES order. */
export const REGIME_PARAMS: readonly RegimeParams[] = [
  { drift: 0.0012, vol: 0.0085, idioMult: 1.0, sectorMult: 1.0, volumeMult: 1.0, catalystMult: 1.0, stay: 0.975, next: [0, 0.25, 0.5, 0.25] },
  { drift: -0.0014, vol: 0.012, idioMult: 1.1, sectorMult: 1.15, volumeMult: 1.15, catalystMult: 1.1, stay: 0.965, next: [0.25, 0, 0.4, 0.35] },
  { drift: 0, vol: 0.0075, idioMult: 0.9, sectorMult: 0.9, volumeMult: 0.9, catalystMult: 0.9, stay: 0.975, next: [0.4, 0.35, 0, 0.25] },
  { drift: -0.0003, vol: 0.02, idioMult: 1.45, sectorMult: 1.6, volumeMult: 1.4, catalystMult: 1.4, stay: 0.95, next: [0.3, 0.3, 0.4, 0] },
];

/** Daily mean reversion of factor levels (half-life 250 sessions). */
export const FACTOR_KAPPA = Math.LN2 / 250;
/** Daily volatility of a sector factor with volatility weight 1. */
export const SECTOR_BASE_VOL = 0.0055;

const NS = SECTOR_IDS.length;
const SECTOR_VOL = SECTOR_IDS.map((id) => SECTOR_BASE_VOL * SECTOR_PROFILES[id].volatilityWeight);

/** The market and sector factor series, generated sequentially from the origin and extended on demand. */
export class MarketFactors {
  private readonly rng: Rng;
  /** Sessions generated. */
  private n = 0;
  private regimes = new Uint8Array(1024);
  /** market[d + 1] = level at the close of session d (market[0] = before the origin). */
  private market = new Float64Array(1025);
  /** sectors[(d + 1) * NS + k]. */
  private sectors = new Float64Array(1025 * NS);
  private state: number;

  constructor(seed: number) {
    this.rng = Rng.derive(seed, 'market-factors');
    this.state = this.rng.weighted([0.3, 0.2, 0.35, 0.15]);
    this.market[0] = 0.05 * this.rng.normal();
    for (let k = 0; k < NS; k++) this.sectors[k] = 0.04 * this.rng.normal();
  }

  /** Generates the series through session index n - 1. */
  ensure(n: number): void {
    if (n <= this.n) return;
    if (n > this.regimes.length) this.grow(n);
    const rng = this.rng;
    for (let d = this.n; d < n; d++) {
      if (d > 0 && !rng.chance(REGIME_PARAMS[this.state]!.stay)) this.state = rng.weighted(REGIME_PARAMS[this.state]!.next);
      const p = REGIME_PARAMS[this.state]!;
      this.regimes[d] = this.state;
      this.market[d + 1] = this.market[d]! * (1 - FACTOR_KAPPA) + p.drift + p.vol * rng.studentT(4);
      for (let k = 0; k < NS; k++) {
        const prev = this.sectors[d * NS + k]!;
        this.sectors[(d + 1) * NS + k] = prev * (1 - FACTOR_KAPPA) + SECTOR_VOL[k]! * p.sectorMult * rng.studentT(4);
      }
    }
    this.n = n;
  }

  /** Regime index (into REGIMES) of session d. */
  regime(d: number): number {
    this.ensure(d + 1);
    return this.regimes[d]!;
  }

  /** Market factor level at the close of session d (d = -1: before the origin). */
  marketLevel(d: number): number {
    this.ensure(d + 1);
    return this.market[d + 1]!;
  }

  /** Level of sector factor k at the close of session d (d = -1: before the origin). */
  sectorLevel(k: number, d: number): number {
    this.ensure(d + 1);
    return this.sectors[(d + 1) * NS + k]!;
  }

  /**
   * The raw series after ensure(n), for tight loops: regimes[d]; market[d + 1] and sectors[(d + 1) * 8 + k] are
   * the levels at the close of session d. Do not mutate.
   */
  arrays(n: number): { regimes: Uint8Array; market: Float64Array; sectors: Float64Array } {
    this.ensure(n);
    return { regimes: this.regimes, market: this.market, sectors: this.sectors };
  }

  /** Daily volatility of sector factor k in regime r. */
  sectorVol(k: number, r: number): number {
    return SECTOR_VOL[k]! * REGIME_PARAMS[r]!.sectorMult;
  }

  private grow(n: number): void {
    let size = this.regimes.length;
    while (size < n) size *= 2;
    const regimes = new Uint8Array(size);
    regimes.set(this.regimes);
    const market = new Float64Array(size + 1);
    market.set(this.market);
    const sectors = new Float64Array((size + 1) * NS);
    sectors.set(this.sectors);
    this.regimes = regimes;
    this.market = market;
    this.sectors = sectors;
  }
}
