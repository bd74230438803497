import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GUARDRAIL_CHECKS, GuardrailResultSchema, REGIMES, SIDES } from '../../../../shared/contract';
import { evaluateChecks } from './evaluate';
import { severityRank } from './format';
import { HOUR, input, MIN, NOW, quote } from './fixtures.test-util';

describe('evaluateChecks', () => {
  it('runs all ten checks, playbook rules first, and passes a quiet order', () => {
    const r = evaluateChecks(input({ phase: 'creation' }));
    expect(r.checks.map((c) => c.check)).toEqual([
      'playbook_stale',
      'playbook_gap_chase',
      'liquidity',
      'position_size',
      'sector_exposure',
      'event_window',
      'regime',
      'catalyst_freshness',
      'data_freshness',
      'fat_finger',
    ]);
    expect([...r.checks.map((c) => c.check)].sort()).toEqual([...GUARDRAIL_CHECKS].sort());
    expect(r).toMatchObject({ passed: true, severity: 'info', phase: 'creation', evaluatedAt: NOW, price: 10, source: 'simulator', quoteAsOf: NOW - 1_000, notional: 10_000 });
    expect(GuardrailResultSchema.parse(r)).toEqual(r);
  });

  it('takes the worst severity: one warn warns, one block blocks', () => {
    const warn = evaluateChecks(input({ intent: { quantity: 4_500 } }));
    expect(warn).toMatchObject({ passed: true, severity: 'warn' });
    const block = evaluateChecks(input({ intent: { quantity: 4_500 }, regime: { label: 'ranging', benchmark: 'IWM', asOf: NOW, inputs: {} } }));
    expect(block).toMatchObject({ passed: false, severity: 'block' });
    expect(block.checks.filter((c) => !c.passed).map((c) => c.check)).toEqual(['regime']);
  });

  it('fails closed: a check that throws becomes a block naming the error', () => {
    const r = evaluateChecks(
      input({
        events: [{ symbol: 'ABCD', kind: 'earnings', date: 'not-a-date', timing: 'amc', source: 'simulator' }],
        tradingDaysUntil: () => {
          throw new Error('calendar exploded');
        },
      }),
    );
    const c = r.checks.find((x) => x.check === 'event_window')!;
    expect(c).toMatchObject({ passed: false, severity: 'block' });
    expect(c.message).toMatch(/calendar exploded/);
    expect(r.passed).toBe(false);
  });

  it('reports no price and no notional without a quote', () => {
    const r = evaluateChecks(input({ quote: null }));
    expect(r).toMatchObject({ price: null, quoteAsOf: null, notional: null, passed: false });
  });

  it('property: passed ⇔ no block, per check and overall; severity is the worst; inputs hold only scalars', () => {
    const arb = fc.record({
      side: fc.constantFrom(...SIDES),
      quantity: fc.integer({ min: 1, max: 200_000 }),
      limitPct: fc.option(fc.double({ min: -30, max: 30, noNaN: true }), { nil: null }),
      held: fc.integer({ min: -50_000, max: 50_000 }),
      adv: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
      equity: fc.double({ min: 0, max: 5e6, noNaN: true }),
      last: fc.double({ min: 0.5, max: 200, noNaN: true }),
      openPct: fc.double({ min: -40, max: 40, noNaN: true }),
      quoteAgeMs: fc.integer({ min: 0, max: 120_000 }),
      signalAgeMin: fc.option(fc.integer({ min: 0, max: 120 }), { nil: null }),
      catalystAgeH: fc.option(fc.double({ min: 0, max: 72, noNaN: true }), { nil: null }),
      regime: fc.constantFrom(...REGIMES),
      sessionPhase: fc.constantFrom('pre' as const, 'regular' as const, 'post' as const, 'closed' as const),
      eventIn: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      originId: fc.option(fc.constantFrom('seg1', 'seg2'), { nil: null }),
    });
    fc.assert(
      fc.property(arb, (a) => {
        const prev = 10;
        const last = a.last;
        const limitPrice = a.limitPct === null ? null : Math.max(0.01, Number((last * (1 + a.limitPct / 100)).toFixed(2)));
        const r = evaluateChecks(
          input({
            intent: { side: a.side, quantity: a.quantity, orderType: limitPrice === null ? 'market' : 'limit', limitPrice, originId: a.originId },
            positions: a.held === 0 ? [] : [{ symbol: 'ABCD', sector: 'technology', quantity: a.held, marketValue: a.held * last, originId: 'seg1' }],
            adv: a.adv,
            equity: a.equity,
            quote: quote({ last, prevClose: prev, open: prev * (1 + a.openPct / 100), t: NOW - a.quoteAgeMs }),
            signalAt: a.signalAgeMin === null ? null : NOW - a.signalAgeMin * MIN,
            evidence: a.catalystAgeH === null ? [] : [{ text: 'news', source: 'wire', catalyst: true, t: Math.round(NOW - a.catalystAgeH * HOUR) }],
            regime: { label: a.regime, benchmark: 'IWM', asOf: NOW, inputs: {} },
            sessionPhase: a.sessionPhase,
            sessionOpen: a.sessionPhase !== 'closed',
            events: a.eventIn === null ? [] : [{ symbol: 'ABCD', kind: 'earnings', date: '2026-12-31', timing: 'bmo', source: 'simulator' }],
            tradingDaysUntil: () => a.eventIn ?? 99,
          }),
        );
        expect(GuardrailResultSchema.safeParse(r).success).toBe(true);
        for (const c of r.checks) {
          expect(c.passed).toBe(c.severity !== 'block');
          for (const v of Object.values(c.inputs)) expect(v === null || ['number', 'string', 'boolean'].includes(typeof v)).toBe(true);
          if (typeof c.value === 'number') expect(Number.isFinite(c.value)).toBe(true);
        }
        expect(r.passed).toBe(r.checks.every((c) => c.passed));
        expect(severityRank(r.severity)).toBe(Math.max(...r.checks.map((c) => severityRank(c.severity))));
      }),
      { numRuns: 500 },
    );
  });
});
