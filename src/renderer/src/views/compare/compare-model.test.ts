import { describe, expect, it } from 'vitest';
import {
  METRIC_ROWS,
  allocationBar,
  allocationScale,
  bestIndex,
  correlationColour,
  curvePoints,
  curveReturns,
  diversificationTier,
  formatGrowth,
  formatMetric,
  formatRho,
  rangeText,
  rhoStrength,
  seriesName,
} from './compare-model';
import { comparison } from '../segments/segment-fixtures.test-util';

const row = (k: string) => METRIC_ROWS.find((r) => r.key === k)!;

describe('compare-model', () => {
  it('formats each metric in its convention; null is a dash', () => {
    expect(formatMetric(row('totalReturn'), 0.0912)).toBe('+9.12%');
    expect(formatMetric(row('maxDrawdown'), -0.25)).toBe('−25.00%');
    expect(formatMetric(row('sharpe'), 1.234)).toBe('1.23');
    expect(formatMetric(row('var95Historical'), 0.079)).toBe('7.90%');
    expect(formatMetric(row('annualVolatility'), 0.35)).toBe('35.00%');
    expect(formatMetric(row('sharpe'), null)).toBe('—');
    expect(formatMetric(row('alpha'), 0)).toBe('0.00%');
  });

  it('finds the best value of a row (drawdown: the least negative; VaR: the smallest)', () => {
    expect(bestIndex(row('sharpe'), [1.2, null, 0.8])).toBe(0);
    expect(bestIndex(row('maxDrawdown'), [-0.2, -0.05, -0.3])).toBe(1);
    expect(bestIndex(row('var95Historical'), [0.03, 0.02])).toBe(1);
    expect(bestIndex(row('sharpe'), [1.2, null])).toBeNull();
    expect(bestIndex(row('beta'), [1, 0.5])).toBeNull();
  });

  it('colours and writes correlations', () => {
    expect(correlationColour(1)).toBe('rgba(239, 83, 80, 0.8)');
    expect(correlationColour(-1)).toBe('rgba(61, 126, 255, 0.8)');
    expect(correlationColour(0)).toBe('rgba(239, 83, 80, 0.12)');
    expect(correlationColour(null)).toBe('transparent');
    expect(formatRho(0.345)).toBe('+0.35');
    expect(formatRho(-0.2)).toBe('−0.20');
    expect(formatRho(1)).toBe('1.00');
    expect(formatRho(null)).toBe('—');
    expect(rhoStrength(0.75)).toBe('strong positive');
    expect(rhoStrength(-0.45)).toBe('moderate negative');
    expect(rhoStrength(0.05)).toBe('uncorrelated');
    expect(rhoStrength(null)).toBe('too few observations');
    expect(seriesName('mining', comparison())).toBe('Mining & Resources');
    expect(seriesName('IWM', comparison())).toBe('IWM');
  });

  it('tiers the diversification score', () => {
    expect(diversificationTier(72).tier).toBe('good');
    expect(diversificationTier(55).tier).toBe('fair');
    expect(diversificationTier(10).label).toBe('concentrated');
    expect(diversificationTier(null)).toEqual({ tier: 'none', label: 'too few observations' });
  });

  it('draws allocation bars against the widest share', () => {
    const rows = comparison().allocation;
    const scale = allocationScale(rows);
    expect(scale).toBe(0.56);
    expect(allocationBar(rows[0]!, scale)).toEqual({ targetPct: 89.29, currentPct: 100, driftText: '+6.0 pp', driftTier: 'bad' });
    expect(allocationBar({ target: 0.3, current: 0.31, drift: 0.01 }, 0.5).driftTier).toBe('ok');
    expect(allocationBar({ target: 0.3, current: 0.27, drift: -0.03 }, 0.5).driftText).toBe('−3.0 pp');
    expect(allocationScale([])).toBe(0.1);
  });

  it('turns curves into ascending daily points and returns', () => {
    const pts = curvePoints([
      { date: '2026-11-18', value: 1.02 },
      { date: '2026-11-17', value: 1.0 },
      { date: '2026-11-18', value: 1.03 },
      { date: 'bad', value: 2 },
      { date: '2026-11-19', value: Number.NaN },
    ]);
    expect(pts).toEqual([
      { time: '2026-11-17', value: 1.0 },
      { time: '2026-11-18', value: 1.03 },
    ]);
    const r = curveReturns([
      { date: '2026-11-17', value: 1 },
      { date: '2026-11-18', value: 1.1 },
      { date: '2026-11-19', value: 0.99 },
    ]);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(-0.1, 12);
    expect(curveReturns([{ date: '2026-11-17', value: 0 }, { date: '2026-11-18', value: 1 }])).toEqual([null]);
    expect(formatGrowth(1.084)).toBe('+8.4%');
    expect(formatGrowth(0.95)).toBe('−5.0%');
    expect(rangeText(null, null)).toBe('no history');
    expect(rangeText('2026-08-24', '2026-11-20')).toBe('2026-08-24 → 2026-11-20');
  });
});
