import { describe, expect, it } from 'vitest';
import { input, TODAY } from './fixtures.test-util';
import { evaluateStrategyChecks, optionEventWindow, optionFatFinger, optionLiquidity, optionPositionSize, optionSectorExposure, type StrategyRisk } from './strategy-checks';

const leg = (symbol: string, side: 'buy' | 'sell', q: { bid: number; ask: number; oi: number }) => ({
  symbol,
  kind: 'option' as const,
  side,
  ratio: 1,
  quote: { bid: q.bid, ask: q.ask, mark: (q.bid + q.ask) / 2, openInterest: q.oi },
});

/** A 2-lot bull put spread: max loss $700 (width 5 − credit 1.50) × 100 × 2. */
function spread(over: Partial<StrategyRisk> = {}): StrategyRisk {
  return {
    units: 2,
    legs: [leg('ABCD261218P00095000', 'sell', { bid: 2.4, ask: 2.6, oi: 1_000 }), leg('ABCD261218P00090000', 'buy', { bid: 0.9, ask: 1.1, oi: 1_000 })],
    maxLoss: 700,
    margin: 700,
    netMid: 1.5,
    netNatural: 1.3,
    debit: false,
    limitPrice: 1.45,
    expiry: '2026-12-18',
    netDelta: 20,
    ...over,
  };
}

const verdict = (c: { severity: string; passed: boolean }) => [c.severity, c.passed];

describe('strategy guardrails', () => {
  it('liquidity: contracts against open interest at the order-ratio limit, spreads against maxOptionSpreadPct', () => {
    // 2 contracts of 40 OI = 5 % (at the limit: warn); 2 of 39 blocks.
    const at = spread({ legs: [leg('A', 'sell', { bid: 2.4, ask: 2.6, oi: 40 })] });
    expect(verdict(optionLiquidity(input(), at))).toEqual(['warn', true]);
    expect(verdict(optionLiquidity(input(), spread({ legs: [leg('A', 'sell', { bid: 2.4, ask: 2.6, oi: 39 })] })))).toEqual(['block', false]);
    // Spread 0.70 on a 2.00 mark = 35 %: at the limit passes (warn); 0.72 blocks.
    expect(verdict(optionLiquidity(input(), spread({ legs: [leg('A', 'sell', { bid: 1.65, ask: 2.35, oi: 10_000 })] })))).toEqual(['warn', true]);
    expect(verdict(optionLiquidity(input(), spread({ legs: [leg('A', 'sell', { bid: 1.64, ask: 2.36, oi: 10_000 })] })))).toEqual(['block', false]);
    const noQuote = optionLiquidity(input(), spread({ legs: [{ symbol: 'A', kind: 'option', side: 'buy', ratio: 1, quote: null }] }));
    expect(verdict(noQuote)).toEqual(['block', false]);
    expect(optionLiquidity(input(), spread()).inputs['ABCD261218P00095000.openInterest']).toBe(1_000);
  });

  it('position size: the maximum loss (or the margin when unlimited) against the equity and dollar limits', () => {
    const equity = 100_000;
    // 10 % of $100,000 = $10,000 (below the $50,000 cap).
    expect(verdict(optionPositionSize(input({ equity }), spread({ maxLoss: 10_000 })))).toEqual(['warn', true]);
    expect(verdict(optionPositionSize(input({ equity }), spread({ maxLoss: 10_001 })))).toEqual(['block', false]);
    expect(verdict(optionPositionSize(input({ equity }), spread({ maxLoss: 700 })))).toEqual(['info', true]);
    const naked = optionPositionSize(input({ equity }), spread({ maxLoss: null, margin: 12_000 }));
    expect(verdict(naked)).toEqual(['block', false]);
    expect(naked.message).toMatch(/unlimited/);
  });

  it('sector exposure adds the strategy risk to the sector gross', () => {
    const c = optionSectorExposure(input({ equity: 100_000, positions: [{ symbol: 'XYZ', sector: 'technology', quantity: 100, marketValue: 29_000, originId: null }] }), spread({ maxLoss: 1_000 }));
    expect(c.value).toBeCloseTo(0.3, 10);
    expect(verdict(c)).toEqual(['warn', true]);
  });

  it('event window: inside the blackout blocks; later but before the expiry warns of the IV crush', () => {
    const event = (date: string) => [{ symbol: 'ABCD', kind: 'earnings' as const, date, timing: 'amc' as const, source: 'simulator' }];
    expect(verdict(optionEventWindow(input({ events: event('2026-11-19') }), spread()))).toEqual(['block', false]);
    const crush = optionEventWindow(input({ events: event('2026-12-10') }), spread());
    expect(verdict(crush)).toEqual(['warn', true]);
    expect(crush.message).toMatch(/before the 2026-12-18 expiry/);
    expect(verdict(optionEventWindow(input({ events: event('2027-01-20') }), spread()))).toEqual(['info', true]);
    expect(TODAY).toBe('2026-11-18');
  });

  it('fat finger: a limit inside the market passes; worse than the natural price by more than the limit blocks', () => {
    expect(verdict(optionFatFinger(input(), spread({ limitPrice: 1.4 })))).toEqual(['info', true]);
    // A credit limit 0.16 below the 1.30 natural is 10.67 % of the 1.50 mid: over 10 % blocks.
    const low = optionFatFinger(input(), spread({ limitPrice: 1.14 }));
    expect(verdict(low)).toEqual(['block', false]);
    expect(low.inputs['beyondNatural']).toBeCloseTo(0.16, 10);
    // A debit paying above its natural price.
    expect(verdict(optionFatFinger(input(), spread({ debit: true, netMid: 2, netNatural: 2.2, limitPrice: 2.3 })))).toEqual(['info', true]);
    expect(verdict(optionFatFinger(input(), spread({ debit: true, netMid: 2, netNatural: 2.2, limitPrice: 2.45 })))).toEqual(['block', false]);
  });

  it('runs all ten checks and fails closed when one throws', () => {
    const r = evaluateStrategyChecks(input(), spread());
    expect(r.checks).toHaveLength(10);
    expect(r.notional).toBe(700);
    const broken = evaluateStrategyChecks(input({ tradingDaysUntil: () => { throw new Error('calendar down'); } , events: [{ symbol: 'ABCD', kind: 'earnings', date: '2026-12-01', timing: 'bmo', source: 'simulator' }] }), spread());
    const ev = broken.checks.find((c) => c.check === 'event_window')!;
    expect(verdict(ev)).toEqual(['block', false]);
    expect(broken.passed).toBe(false);
  });
});
