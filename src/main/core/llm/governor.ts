/**
 * The governor's arithmetic, pure and separately tested: the New York calendar day a budget belongs to, the
 * prompt-token estimate, the budget decision, backoff with jitter, the cost of a call, the cache key and the
 * latency percentiles of the usage report.
 */
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import type { LlmBudget } from '../../../shared/contract';

const NY = 'America/New_York';

/** [start, end) of the New York calendar day holding `t`, and its date. */
export function nyDay(t: number): { date: string; start: number; end: number } {
  const d = DateTime.fromMillis(t, { zone: NY }).startOf('day');
  return { date: d.toISODate()!, start: d.toMillis(), end: d.plus({ days: 1 }).toMillis() };
}

/** Rough token count of a prompt: one token per four characters (English prose averages about that). */
export function estimateTokens(...texts: string[]): number {
  let chars = 0;
  for (const t of texts) chars += t.length;
  return Math.ceil(chars / 4);
}

export type BudgetDecision = { ok: true; remaining: number; needed: number } | { ok: false; remaining: number; needed: number; reason: string };

/**
 * A call may start only when what is left of today's budget covers its worst case: the prompt estimate plus
 * the completion cap. `reserved` is what calls already in flight may still spend.
 */
export function checkBudget(p: { dailyTokens: number; used: number; reserved: number; promptEstimate: number; maxTokens: number }): BudgetDecision {
  const remaining = Math.max(0, p.dailyTokens - p.used - p.reserved);
  const needed = p.promptEstimate + p.maxTokens;
  if (remaining >= needed) return { ok: true, remaining, needed };
  return {
    ok: false,
    remaining,
    needed,
    reason:
      `daily token budget: ${fmtInt(remaining)} of ${fmtInt(p.dailyTokens)} left today` +
      (p.reserved > 0 ? ` (${fmtInt(p.reserved)} held by calls in flight)` : '') +
      `; this call may need ${fmtInt(needed)} (prompt ~${fmtInt(p.promptEstimate)} + up to ${fmtInt(p.maxTokens)} answer)`,
  };
}

/** Exponential backoff with jitter: base × 2^(retry−1), capped, times a factor in [0.5, 1). */
export function backoffMs(retry: number, random: () => number = Math.random, baseMs = 500, capMs = 8_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(raw * (0.5 + 0.5 * random()));
}

export function callCost(promptTokens: number, completionTokens: number, limits: Pick<LlmBudget, 'inputCostPerMTok' | 'outputCostPerMTok'>): number {
  return (promptTokens * limits.inputCostPerMTok + completionTokens * limits.outputCostPerMTok) / 1_000_000;
}

/** sha256 over the model, the prompts, the schema name and the data's as-of time. */
export function cacheKey(p: { model: string; system: string; user: string; schemaName: string; asOf: number }): string {
  return createHash('sha256').update(JSON.stringify([p.model, p.system, p.user, p.schemaName, p.asOf])).digest('hex');
}

/** Linear-interpolated percentile (q in [0, 1]) of a sample; null when empty. */
export function percentile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

function fmtInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
