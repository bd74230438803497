/**
 * The paper broker's constants, in one place so the fill, fee and halt rules can be read (and tuned) without
 * reading the code. Every field can be overridden through createPaperBroker's `config`.
 */

export interface PaperBrokerConfig {
  /** A short needs a borrow: refused when the float is below this many shares (or the name trades OTC). */
  minBorrowFloat: number;

  /** Square-root impact: slippage_bps = impactBps × sqrt(orderQuantity / ADV), capped at maxSlippageBps. */
  impactBps: number;
  /** Ceiling of the impact, and the impact assumed when ADV is unknown. */
  maxSlippageBps: number;

  /** Shares that fill at once when an order becomes executable: max(immediateMinShares, share × ADV / 390). */
  immediateMinShares: number;
  /** Fraction of an average minute's volume (ADV / 390) available at the touch. */
  immediateMinuteVolumeShare: number;
  /** After the immediate fill, a working order takes this fraction of the volume traded since the last batch. */
  participationRate: number;

  /** IBKR-fixed-like commission: dollars per share, with a per-order minimum and a cap in percent of value. */
  feePerShare: number;
  feeMin: number;
  /** Cap as a fraction of the order's traded value (0.01 = 1 %). */
  feeMaxFraction: number;

  /** LULD-style halt: a move beyond this fraction within haltWindowMs halts the symbol… */
  haltMoveFraction: number;
  /** …or beyond this one when the reference price is under haltLowPrice. */
  haltMoveFractionLowPrice: number;
  haltLowPrice: number;
  haltWindowMs: number;
  haltDurationMs: number;

  /** Wall-clock interval of the matching pass that runs without quotes (day-order expiry); 0 disables it. */
  sweepMs: number;
}

export const DEFAULT_PAPER_BROKER_CONFIG: Readonly<PaperBrokerConfig> = Object.freeze({
  minBorrowFloat: 10_000_000,
  // 1 % of ADV costs 30 bps; 10 % of ADV ~95 bps; the cap (2 %) is reached at ~44 % of ADV.
  impactBps: 300,
  maxSlippageBps: 200,
  immediateMinShares: 100,
  immediateMinuteVolumeShare: 0.25,
  participationRate: 0.1,
  feePerShare: 0.005,
  feeMin: 1,
  feeMaxFraction: 0.01,
  haltMoveFraction: 0.1,
  haltMoveFractionLowPrice: 0.2,
  haltLowPrice: 3,
  haltWindowMs: 5 * 60_000,
  haltDurationMs: 5 * 60_000,
  sweepMs: 1_000,
});

export function resolveConfig(config: Partial<PaperBrokerConfig> | undefined): PaperBrokerConfig {
  return { ...DEFAULT_PAPER_BROKER_CONFIG, ...config };
}
