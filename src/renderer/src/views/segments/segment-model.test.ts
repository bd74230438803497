import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../../shared/contract/rpc';
import {
  RISK_PARAM_META,
  configurePatch,
  cronProblem,
  formatAsOf,
  formatDuration,
  formatIndicatorValue,
  formatNextRun,
  formatSignedFraction,
  outcomeClass,
  parseRiskInput,
  proposalOrderText,
  refusalProblems,
  riskInputText,
  runSummary,
  stateLabel,
} from './segment-model';
import { T0, run, summary } from './segment-fixtures.test-util';

const meta = (k: string) => RISK_PARAM_META.find((m) => m.key === k)!;

describe('segment-model: state, runs and values', () => {
  it('labels states and run outcomes', () => {
    expect(stateLabel('faulted')).toBe('FAULTED');
    expect(outcomeClass('ok')).toBe('sg-ok');
    expect(outcomeClass('timeout')).toBe('sg-bad');
    expect(outcomeClass('degraded')).toBe('sg-warn');
    expect(runSummary(run())).toBe('ok · rules analyst · 2 proposals (1 refused) · 420 ms');
    expect(runSummary(run({ proposals: 1, rejected: 0, ms: null, analyst: 'llm' }))).toBe('ok · LLM · 1 proposal');
  });

  it('formats durations', () => {
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(1_850)).toBe('1.9 s');
    expect(formatDuration(125_000)).toBe('2 min 05 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });

  it('formats indicators in their units', () => {
    expect(formatIndicatorValue(2034.1, 'usd/oz')).toBe('$2,034.10/oz');
    expect(formatIndicatorValue(78.456, 'usd/bbl')).toBe('$78.46/bbl');
    expect(formatIndicatorValue(4.1234, 'usd/lb')).toBe('$4.12/lb');
    expect(formatIndicatorValue(0.125, 'pct')).toBe('12.50%');
    expect(formatIndicatorValue(3, 'count')).toBe('3');
    expect(formatIndicatorValue(1.236, 'ratio')).toBe('1.24');
    expect(formatIndicatorValue(1_250_000, 'usd')).toBe('$1.3M');
    expect(formatIndicatorValue(null, 'usd')).toBe('—');
    expect(formatSignedFraction(-0.004)).toBe('−0.40%');
    expect(formatSignedFraction(0.0123)).toBe('+1.23%');
    expect(formatSignedFraction(0)).toBe('0.00%');
  });

  it('writes a proposal order', () => {
    expect(proposalOrderText({ action: 'buy', quantity: 200, limitPrice: 12.35, stopPrice: 11.2 })).toBe('200 @ 12.35 · stop 11.20');
    expect(proposalOrderText({ action: 'sell', quantity: 50, limitPrice: null, stopPrice: null })).toBe('50 @ MKT');
    expect(proposalOrderText({ action: 'hold', quantity: null, limitPrice: null, stopPrice: null })).toBe('—');
  });

  it('shows times in New York', () => {
    expect(formatAsOf(T0, T0 + 1000)).toBe('10:30:00 ET');
    expect(formatAsOf(T0 - 86_400_000, T0)).toBe('2026-11-19 10:30 ET');
    expect(formatNextRun(T0 + 42 * 60_000, T0, true)).toBe('Fri 2026-11-20 11:12 ET (in 42m)');
    expect(formatNextRun(T0, T0, false)).toBe('not scheduled (disabled)');
    expect(formatNextRun(null, T0, true)).toBe('not scheduled');
  });
});

describe('segment-model: the configuration editor', () => {
  it('edits fractions as percentages and validates with the contract', () => {
    expect(riskInputText(meta('maxPositionSize'), 0.2)).toBe('20');
    expect(parseRiskInput(meta('maxPositionSize'), '25%')).toEqual({ value: 0.25 });
    expect(parseRiskInput(meta('maxPositionSize'), '0')).toEqual({ error: 'must be above 0%' });
    expect(parseRiskInput(meta('maxPositionSize'), '120')).toEqual({ error: 'must be at most 100%' });
    expect(parseRiskInput(meta('stopLossMultiplier'), '2.5')).toEqual({ value: 2.5 });
    expect(parseRiskInput(meta('stopLossMultiplier'), '11')).toEqual({ error: 'must be at most 10' });
    expect(parseRiskInput(meta('maxProposalsPerRun'), '2.5')).toEqual({ error: 'must be a whole number' });
    expect(parseRiskInput(meta('maxProposalsPerRun'), 'lots')).toEqual({ error: 'not a number' });
    expect(parseRiskInput(meta('maxProposalsPerRun'), '')).toEqual({ error: 'required' });
  });

  it('checks cron schedules', () => {
    expect(cronProblem('15 10 * * 1-5')).toBeNull();
    expect(cronProblem('*/30 9-16 * * MON-FRI')).toBeNull();
    expect(cronProblem('0 16 * *')).toMatch(/five fields/);
    expect(cronProblem('61 10 * * 1-5')).toBe('minute: 61 is outside 0–59');
    expect(cronProblem('0 10 * * 1-5 extra')).toMatch(/got 6/);
    expect(cronProblem('0 10 * * %')).toMatch(/day of week/);
  });

  it('builds a patch of the changed, valid fields only', () => {
    const s = summary();
    expect(configurePatch(s, { risk: { maxPositionSize: '20' } })).toEqual({ params: null, problems: {}, changed: 0 });
    const ok = configurePatch(s, { risk: { maxPositionSize: '25', stopLossMultiplier: '2' }, schedule: ' 30 15 * * 1-5 ' });
    expect(ok.params).toEqual({ id: 'biotech', riskParameters: { maxPositionSize: 0.25 }, schedule: '30 15 * * 1-5' });
    expect(ok.changed).toBe(2);
    const bad = configurePatch(s, { risk: { maxDrawdown: '0' }, schedule: 'every day', promptTemplate: '  ' });
    expect(bad.params).toBeNull();
    expect(Object.keys(bad.problems).sort()).toEqual(['maxDrawdown', 'promptTemplate', 'schedule']);
  });

  it('places an engine refusal on the field it names', () => {
    const issues = new EngineError(-32602, 'invalid params for segments.configure: schedule: bad cron', [{ path: ['schedule'], message: 'not a valid cron expression' }]);
    expect(refusalProblems(issues)).toEqual({ schedule: 'not a valid cron expression' });
    expect(refusalProblems(new EngineError(-32602, 'invalid params for segments.configure: riskParameters.maxDrawdown: too big'))).toEqual({
      maxDrawdown: 'riskParameters.maxDrawdown: too big',
    });
    expect(refusalProblems(new Error('boom'))).toEqual({});
  });
});
