/**
 * Number formatting and grading shared by the guardrail checks: messages read like a trader's note
 * ("Order is 7.20% of ADV20 (1,234,000 sh); limit 5.00%"), and every check grades its value the same way.
 */
import type { GuardrailSeverity } from '../../../../shared/contract';

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const USD = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export const fmtInt = (x: number): string => INT.format(x);
/**
 * `value` to `digits` decimals, with up to four more when it would otherwise print the same as a different
 * `vs` (a limit): "25.005% of equity; limit 25.00%", never "25.00%; limit 25.00%" for a value that blocks.
 */
export function fixedVs(value: number, digits: number, vs?: number): string {
  let d = digits;
  while (vs !== undefined && d < digits + 4 && value !== vs && value.toFixed(d) === vs.toFixed(d)) d++;
  return value.toFixed(d);
}
/** 0.0725 → "7.25%" (more decimals when needed to differ from `vs`). */
export const fmtPct = (ratio: number, vs?: number): string => `${fixedVs(ratio * 100, 2, vs === undefined ? undefined : vs * 100)}%`;
/** 7.25 (already a percentage) → "7.25%". */
export const fmtPctPoints = (pct: number, vs?: number): string => `${fixedVs(pct, 2, vs)}%`;
/** 51234.4 → "$51,234". */
export const fmtUsd = (x: number): string => USD.format(x);
/** A price to the instrument's tick: 2 decimals from $1, 4 below (NUMBERS.md). */
export const fmtPrice = (p: number): string => `$${Math.abs(p) >= 1 ? p.toFixed(2) : p.toFixed(4)}`;
/** Rounds for the inputs map (the explain dialog shows them; 6 significant digits are plenty). */
export const r6 = (x: number): number => Number(x.toPrecision(6));

/**
 * The grade of a "higher is worse" value: above the limit blocks, above warnFraction × limit warns, else info.
 * Exactly at the limit passes (the limit is the largest allowed value); exactly at warnFraction × limit is info.
 */
export function grade(value: number, limit: number, warnFraction: number): GuardrailSeverity {
  // Compared at 12 significant digits, so float noise (10.8 / 10 − 1 = 0.08000000000000007) cannot turn a value
  // that is exactly at its limit into a block.
  const v = Number(value.toPrecision(12));
  if (v > Number(limit.toPrecision(12))) return 'block';
  if (v > Number((warnFraction * limit).toPrecision(12))) return 'warn';
  return 'info';
}

const RANK: Record<GuardrailSeverity, number> = { info: 0, warn: 1, block: 2 };

/** The more severe of two severities. */
export function worse(a: GuardrailSeverity, b: GuardrailSeverity): GuardrailSeverity {
  return RANK[a] >= RANK[b] ? a : b;
}

export function severityRank(s: GuardrailSeverity): number {
  return RANK[s];
}
