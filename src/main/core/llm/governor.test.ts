import { describe, expect, it } from 'vitest';
import { backoffMs, cacheKey, callCost, checkBudget, estimateTokens, nyDay, percentile } from './governor';

describe('governor arithmetic', () => {
  it('finds the New York calendar day, across DST changes', () => {
    expect(nyDay(Date.parse('2026-11-21T04:59:59Z'))).toEqual({ date: '2026-11-20', start: Date.parse('2026-11-20T05:00:00Z'), end: Date.parse('2026-11-21T05:00:00Z') });
    const summer = nyDay(Date.parse('2026-07-15T12:00:00Z'));
    expect(summer.start).toBe(Date.parse('2026-07-15T04:00:00Z'));
    // 2026-11-01 is the fall-back day: 25 hours long
    const fall = nyDay(Date.parse('2026-11-01T12:00:00Z'));
    expect(fall.end - fall.start).toBe(25 * 3_600_000);
  });

  it('estimates prompt tokens as characters / 4, rounded up', () => {
    expect(estimateTokens('abcd', 'e')).toBe(2);
    expect(estimateTokens('')).toBe(0);
  });

  it('refuses a call whose worst case exceeds what is left today', () => {
    expect(checkBudget({ dailyTokens: 1_000, used: 400, reserved: 0, promptEstimate: 100, maxTokens: 500 })).toEqual({ ok: true, remaining: 600, needed: 600 });
    const no = checkBudget({ dailyTokens: 1_000, used: 400, reserved: 100, promptEstimate: 100, maxTokens: 500 });
    expect(no.ok).toBe(false);
    if (!no.ok) expect(no.reason).toBe('daily token budget: 500 of 1,000 left today (100 held by calls in flight); this call may need 600 (prompt ~100 + up to 500 answer)');
    expect(checkBudget({ dailyTokens: 100, used: 500, reserved: 0, promptEstimate: 1, maxTokens: 1 }).remaining).toBe(0);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, () => 0)).toBe(250);
    expect(backoffMs(1, () => 0.999_999)).toBe(500);
    expect(backoffMs(3, () => 0.5)).toBe(1_500);
    expect(backoffMs(20, () => 0.999_999)).toBe(8_000);
  });

  it('prices a call per million tokens', () => {
    expect(callCost(1_000_000, 500_000, { inputCostPerMTok: 0.15, outputCostPerMTok: 0.6 })).toBeCloseTo(0.45, 12);
    expect(callCost(1234, 56, { inputCostPerMTok: 0, outputCostPerMTok: 0 })).toBe(0);
  });

  it('keys the cache on every part of the prompt and the as-of time', () => {
    const base = { model: 'm', system: 's', user: 'u', schemaName: 'n', asOf: 1 };
    const k = cacheKey(base);
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey({ ...base })).toBe(k);
    for (const change of [{ model: 'm2' }, { system: 's2' }, { user: 'u2' }, { schemaName: 'n2' }, { asOf: 2 }]) expect(cacheKey({ ...base, ...change })).not.toBe(k);
    // no ambiguity from concatenation
    expect(cacheKey({ ...base, system: 'ab', user: 'c' })).not.toBe(cacheKey({ ...base, system: 'a', user: 'bc' }));
  });

  it('interpolates percentiles', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([10], 0.95)).toBe(10);
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], 0.95)).toBe(20);
  });
});
