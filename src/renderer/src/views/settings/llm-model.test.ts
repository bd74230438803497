import { describe, expect, it } from 'vitest';
import { apiKeyText, budgetGauge, formatLatency, formatTokens, formatUsd, llmConfigurePatch, llmOutcomeClass } from './llm-model';
import { llmStatus } from '../segments/segment-fixtures.test-util';

describe('llm-model', () => {
  it('never shows the key, only whether it is set and where', () => {
    expect(apiKeyText({ set: true, source: 'safeStorage' })).toBe('set (safeStorage)');
    expect(apiKeyText({ set: true, source: 'env' })).toBe('set (env)');
    expect(apiKeyText({ set: false, source: 'none' })).toBe('not set');
  });

  it('measures the budget gauge with tiers', () => {
    expect(budgetGauge(50_000, 200_000)).toMatchObject({ pct: 25, tier: 'ok', text: '50.0K / 200.0K tokens (25.0%)' });
    expect(budgetGauge(170_000, 200_000).tier).toBe('warn');
    expect(budgetGauge(250_000, 200_000)).toMatchObject({ pct: 100, tier: 'over' });
    expect(budgetGauge(0, 0)).toMatchObject({ pct: 0, tier: 'ok', text: '0 / 0 tokens' });
    expect(budgetGauge(10, 0).tier).toBe('over');
  });

  it('formats money, tokens and latency', () => {
    expect(formatUsd(1.237)).toBe('$1.24');
    expect(formatUsd(0.00312)).toBe('$0.0031');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('—');
    expect(formatTokens(950)).toBe('950');
    expect(formatTokens(12_400)).toBe('12.4K');
    expect(formatTokens(1_250_000)).toBe('1.25M');
    expect(formatLatency(840)).toBe('840 ms');
    expect(formatLatency(2_400)).toBe('2.4 s');
    expect(formatLatency(null)).toBe('—');
    expect(llmOutcomeClass('rules')).toBe('lo-ok');
    expect(llmOutcomeClass('budget_exceeded')).toBe('lo-warn');
    expect(llmOutcomeClass('grounding_failed')).toBe('lo-bad');
  });

  it('sends only changed, valid fields, checked with the contract schema', () => {
    const s = llmStatus();
    expect(llmConfigurePatch(s, { limits: { dailyTokens: '200000' } })).toEqual({ params: null, problems: {}, changed: 0 });
    const ok = llmConfigurePatch(s, { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: 'sk-test', limits: { dailyTokens: '100,000', temperature: '0' } });
    expect(ok.params).toEqual({ provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: 'sk-test', dailyTokens: 100_000, temperature: 0 });
    expect(ok.changed).toBe(6);
    const bad = llmConfigurePatch(s, { baseUrl: 'ftp://x', limits: { perCallMaxTokens: '8', maxRetries: '1.5', timeoutMs: 'soon', temperature: '3' } });
    expect(bad.params).toBeNull();
    expect(bad.problems).toEqual({
      baseUrl: 'not an http(s) URL',
      perCallMaxTokens: 'must be at least 16',
      maxRetries: 'must be a whole number',
      timeoutMs: 'not a number',
      temperature: 'must be at most 2',
    });
  });

  it('asks for a base URL when switching to an endpoint without one', () => {
    const r = llmConfigurePatch(llmStatus(), { provider: 'openai-compatible', limits: {} });
    expect(r.params).toBeNull();
    expect(r.problems.baseUrl).toMatch(/needs a base URL/);
    expect(llmConfigurePatch(llmStatus({ baseUrl: 'http://127.0.0.1:8080/v1' }), { provider: 'openai-compatible', limits: {} }).params).toEqual({ provider: 'openai-compatible' });
  });
});
