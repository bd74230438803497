/** Guardrail results for component tests, shaped like the engine's (units and input names from checks.ts). */
import type { GuardrailCheck, GuardrailResult, Playbook } from '../../../../shared/contract/trading-schemas';

const T0 = Date.UTC(2026, 10, 20, 15, 31, 0); // 10:31:00 New York

export function check(c: Partial<GuardrailCheck> & Pick<GuardrailCheck, 'check'>): GuardrailCheck {
  return { passed: true, severity: 'info', value: null, limit: null, unit: 'ratio', message: `${c.check} ok`, inputs: {}, ...c };
}

export function result(over: Partial<GuardrailResult> = {}): GuardrailResult {
  return {
    passed: false,
    severity: 'block',
    evaluatedAt: T0,
    phase: 'creation',
    price: 4.12,
    source: 'simulator',
    quoteAsOf: T0 - 2_000,
    notional: 4_120,
    checks: [
      check({ check: 'liquidity', value: 0.0123, limit: 0.05, unit: 'ratio', message: 'Order is 1.23% of ADV20 (limit 5.00%).', inputs: { adv: 81_300, orderShares: 1000, ratio: 0.0123 } }),
      check({ check: 'position_size', severity: 'warn', value: 0.088, limit: 0.1, unit: 'ratio', message: 'Position would be 8.80% of equity (limit 10.00%).', inputs: { equity: 100_000, positionValueAfter: 8_800 } }),
      check({ check: 'event_window', passed: false, severity: 'block', value: 1, limit: 2, unit: 'days', message: 'Earnings in 1 trading day (blackout 2).', inputs: { eventKind: 'earnings', eventDate: '2026-11-23', tradingDaysUntil: 1 } }),
      check({ check: 'regime', value: 'trending_up', limit: 'trending_up, trending_down', unit: 'label', message: 'Regime is trending_up (IWM).', inputs: { regime: 'trending_up', benchmark: 'IWM', asOf: T0 - 86_400_000 } }),
      check({ check: 'data_freshness', value: 2, limit: 30, unit: 'seconds', message: 'Quote is 2 s old.', inputs: { ageSeconds: 2, quoteAt: T0 - 2_000, last: 4.12 } }),
      check({ check: 'fat_finger', value: 0.5, limit: 10, unit: 'pct', message: 'Limit is 0.50% from last.', inputs: { referencePrice: 4.12, notional: 4_120, limitDistancePct: 0.5 } }),
    ],
    ...over,
  };
}

export const PLAYBOOK: Playbook = {
  id: 'momentum_breakout',
  name: 'Momentum breakout',
  description: 'Buy strength breaking out of a range in a trending tape.',
  allowedRegimes: ['trending_up', 'trending_down'],
  ttlMinutes: 30,
  staleMinutes: 15,
  gapChaseMaxPercent: 8,
  executionWindowHours: 2,
  tranches: { count: 2, intervalMinutes: 5 },
};

export const LIMITS = {
  advLookbackDays: 20,
  advMaxOrderRatio: 0.05,
  warnFraction: 0.8,
  maxPositionPctEquity: 0.1,
  maxPositionUsd: 50_000,
  maxSegmentPctEquity: 0.25,
  maxSectorExposure: 0.3,
  eventBlackoutDays: 2,
  catalystFreshnessHours: 24,
  catalystRequired: false,
  maxQuoteAgeSeconds: 30,
  fatFingerMaxPct: 10,
  fatFingerMaxNotionalUsd: 100_000,
  maxOptionSpreadPct: 35,
};

export { T0 };
