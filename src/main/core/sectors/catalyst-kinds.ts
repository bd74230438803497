/**
 * Catalyst kinds: what moved a stock (earnings, an FDA decision …). Shared by the simulator's catalyst feed, the
 * catalysts table and the sector analysis (which counts positive and negative catalysts per sector).
 */

export const CATALYST_KINDS = [
  'earnings',
  'fda_decision',
  'trial_readout',
  'offering',
  'contract_win',
  'drilling_results',
] as const;

export type CatalystKind = (typeof CATALYST_KINDS)[number];

export const CATALYST_KIND_LABELS: Readonly<Record<CatalystKind, string>> = {
  earnings: 'Earnings',
  fda_decision: 'FDA decision',
  trial_readout: 'Trial readout',
  offering: 'Offering',
  contract_win: 'Contract win',
  drilling_results: 'Drilling results',
};

/** One catalyst: a news-like event and the move it caused. */
export interface CatalystEventRecord {
  symbol: string;
  /** Instant of the event, epoch ms UTC. */
  t: number;
  kind: CatalystKind;
  /** +1 positive, −1 negative, 0 neutral (|move| too small to call). */
  direction: -1 | 0 | 1;
  /** The move it caused, percent (e.g. 48.5 or −32.1). */
  movePct: number;
  headline: string;
}

/** Moves smaller than this (in percent, either way) count as neutral. */
export const NEUTRAL_MOVE_PCT = 1;

export function directionOf(movePct: number): -1 | 0 | 1 {
  if (!Number.isFinite(movePct) || Math.abs(movePct) < NEUTRAL_MOVE_PCT) return 0;
  return movePct > 0 ? 1 : -1;
}

export function isCatalystKind(value: string): value is CatalystKind {
  return (CATALYST_KINDS as readonly string[]).includes(value);
}
