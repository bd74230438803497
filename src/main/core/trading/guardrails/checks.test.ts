import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuardrailCheck } from '../../../../shared/contract';
import {
  catalystFreshness,
  dataFreshness,
  eventWindow,
  fatFinger,
  liquidity,
  playbookGapChase,
  playbookStale,
  positionSize,
  regime,
  sectorExposure,
} from './checks';
import { grade, severityRank } from './format';
import { daysFrom, HOUR, input, MIN, NOW, quote } from './fixtures.test-util';
import type { CorporateEvent, PositionSnapshot } from './types';

/** [severity, passed] of a check, the two facts every boundary test is about. */
const verdict = (c: GuardrailCheck): [string, boolean] => [c.severity, c.passed];

const pos = (symbol: string, quantity: number, price: number, over: Partial<PositionSnapshot> = {}): PositionSnapshot => ({
  symbol,
  sector: 'technology',
  quantity,
  marketValue: quantity * price,
  originId: null,
  ...over,
});

describe('grade', () => {
  it('passes at the limit, warns above warnFraction × limit, blocks above the limit', () => {
    expect(grade(5, 5, 0.8)).toBe('warn');
    expect(grade(5.0001, 5, 0.8)).toBe('block');
    expect(grade(4, 5, 0.8)).toBe('info');
    expect(grade(4.0001, 5, 0.8)).toBe('warn');
    // float noise at the limit: (10.8 / 10 − 1) × 100 = 8.000000000000007
    expect(grade((10.8 / 10 - 1) * 100, 8, 0.8)).toBe('warn');
  });

  it('is monotone in the value (severity never falls as the value grows)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b, limit, wf) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(severityRank(grade(lo, limit, wf))).toBeLessThanOrEqual(severityRank(grade(hi, limit, wf)));
      }),
    );
  });
});

describe('liquidity', () => {
  it('grades the order against 5% of ADV20: at, just below, just above, and the warn band', () => {
    expect(verdict(liquidity(input({ intent: { quantity: 5_000 } })))).toEqual(['warn', true]);
    expect(verdict(liquidity(input({ intent: { quantity: 5_001 } })))).toEqual(['block', false]);
    expect(verdict(liquidity(input({ intent: { quantity: 4_999 } })))).toEqual(['warn', true]);
    expect(verdict(liquidity(input({ intent: { quantity: 4_000 } })))).toEqual(['info', true]);
    expect(verdict(liquidity(input({ intent: { quantity: 4_001 } })))).toEqual(['warn', true]);
  });

  it('says the numbers and keeps them in inputs', () => {
    const c = liquidity(input({ intent: { quantity: 7_200 } }));
    expect(c).toMatchObject({ check: 'liquidity', value: 0.072, limit: 0.05, unit: 'ratio' });
    expect(c.message).toBe('Order of 7,200 sh is 7.20% of ADV20 (100,000 sh); limit 5.00%.');
    expect(c.inputs).toMatchObject({ orderShares: 7_200, adv: 100_000, advLookbackDays: 20, advMaxOrderRatio: 0.05 });
  });

  it('blocks without volume history', () => {
    for (const adv of [null, 0]) {
      const c = liquidity(input({ adv }));
      expect(verdict(c)).toEqual(['block', false]);
      expect(c.message).toMatch(/No 20-session volume history for ABCD/);
    }
  });

  it('never gets better as the order grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 1e7 }), (a, b, adv) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const s = (q: number) => severityRank(liquidity(input({ adv, intent: { quantity: q } })).severity);
        expect(s(lo)).toBeLessThanOrEqual(s(hi));
      }),
    );
  });
});

describe('position_size', () => {
  it('binds on maxPositionUsd ($50,000) with a large account', () => {
    expect(verdict(positionSize(input({ intent: { quantity: 5_000 } })))).toEqual(['warn', true]);
    const over = positionSize(input({ intent: { quantity: 5_001 } }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over).toMatchObject({ value: 50_010, limit: 50_000, unit: 'usd' });
    expect(over.message).toBe('ABCD position after the trade is $50,010; limit $50,000.');
    expect(over.inputs).toMatchObject({ binding: 'maxPositionUsd', positionValueAfter: 50_010, equity: 1_000_000 });
    expect(verdict(positionSize(input({ intent: { quantity: 4_000 } })))).toEqual(['info', true]);
    expect(verdict(positionSize(input({ intent: { quantity: 4_001 } })))).toEqual(['warn', true]);
  });

  it('binds on 10% of equity with a small account, counting the shares already held', () => {
    const held = [pos('ABCD', 1_000, 10)];
    expect(verdict(positionSize(input({ equity: 200_000, positions: held, intent: { quantity: 1_000 } })))).toEqual(['warn', true]);
    const c = positionSize(input({ equity: 200_000, positions: held, intent: { quantity: 1_001 } }));
    expect(verdict(c)).toEqual(['block', false]);
    expect(c).toMatchObject({ value: 0.10005, limit: 0.1, unit: 'ratio' });
    expect(c.message).toBe('ABCD position after the trade is $20,010, 10.01% of equity ($200,000); limit 10.00%.');
    expect(verdict(positionSize(input({ equity: 200_000, positions: held, intent: { quantity: 599 } })))).toEqual(['info', true]);
  });

  it("binds on the segment's share of equity when the card has an originId", () => {
    const seg = [pos('WXYZ', 4_500, 10, { originId: 'seg1' }), pos('OTHR', 9_000, 10, { originId: 'seg2' })];
    const at = positionSize(input({ equity: 200_000, positions: seg, intent: { quantity: 500, originId: 'seg1' } }));
    expect(verdict(at)).toEqual(['warn', true]);
    expect(at).toMatchObject({ value: 0.25, limit: 0.25, unit: 'ratio' });
    const over = positionSize(input({ equity: 200_000, positions: seg, intent: { quantity: 501, originId: 'seg1' } }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toMatch(/^seg1 would hold \$50,010, 25\.005% of equity; segment limit 25\.00%\.$/);
    expect(over.inputs).toMatchObject({ binding: 'maxSegmentPctEquity', segmentValueNow: 45_000, segmentValueAfter: 50_010 });
    // Without an originId the segment part is skipped.
    const manual = positionSize(input({ equity: 200_000, positions: seg, intent: { quantity: 501 } }));
    expect(verdict(manual)).toEqual(['info', true]);
    expect(manual.inputs.segmentValueAfter).toBeUndefined();
  });

  it('lets a reducing trade pass however large the position, but not a flip', () => {
    const huge = [pos('ABCD', 100_000, 10)];
    expect(verdict(positionSize(input({ positions: huge, intent: { side: 'sell', quantity: 1_000 } })))).toEqual(['info', true]);
    const short = [pos('ABCD', -100_000, 10)];
    expect(verdict(positionSize(input({ positions: short, intent: { side: 'cover', quantity: 100_000 } })))).toEqual(['info', true]);
    // sell 6,000 of a 1,000 long leaves 5,000 short: $50,000, at the limit; 6,001 goes over.
    const small = [pos('ABCD', 1_000, 10)];
    expect(verdict(positionSize(input({ positions: small, intent: { side: 'sell', quantity: 6_000 } })))).toEqual(['warn', true]);
    expect(verdict(positionSize(input({ positions: small, intent: { side: 'sell', quantity: 6_001 } })))).toEqual(['block', false]);
    // a short adds to |position|
    expect(verdict(positionSize(input({ intent: { side: 'short', quantity: 6_000 } })))).toEqual(['block', false]);
  });

  it('blocks without a price or equity', () => {
    expect(verdict(positionSize(input({ quote: null })))).toEqual(['block', false]);
    expect(verdict(positionSize(input({ quote: null, intent: { orderType: 'limit', limitPrice: 10 } })))).toEqual(['info', true]);
    expect(verdict(positionSize(input({ equity: 0 })))).toEqual(['block', false]);
  });
});

describe('sector_exposure', () => {
  const book = [pos('XYZ', 25_000, 10), pos('QRS', -4_000, 10), pos('ENGY', 50_000, 10, { sector: 'energy' })];

  it('grades gross sector exposure after the trade against 30% of equity', () => {
    const at = sectorExposure(input({ positions: book, intent: { quantity: 1_000 } }));
    expect(verdict(at)).toEqual(['warn', true]);
    expect(at).toMatchObject({ value: 0.3, limit: 0.3, unit: 'ratio' });
    expect(at.inputs).toMatchObject({ sector: 'technology', otherPositionsValue: 290_000, sectorGrossAfter: 300_000 });
    const over = sectorExposure(input({ positions: book, intent: { quantity: 1_001 } }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('technology exposure after the trade is $300,010, 30.001% of equity; limit 30.00%.');
    expect(verdict(sectorExposure(input({ positions: [pos('XYZ', 23_000, 10)], intent: { quantity: 1_000 } })))).toEqual(['info', true]);
    expect(verdict(sectorExposure(input({ positions: [pos('XYZ', 23_000, 10)], intent: { quantity: 1_001 } })))).toEqual(['warn', true]);
  });

  it('lets a reducing trade pass and skips instruments without a sector', () => {
    const heavy = [pos('XYZ', 40_000, 10), pos('ABCD', 2_000, 10)];
    const c = sectorExposure(input({ positions: heavy, intent: { side: 'sell', quantity: 1_000 } }));
    expect(verdict(c)).toEqual(['info', true]);
    expect(c.message).toMatch(/^Reduces the position/);
    const etf = sectorExposure(input({ instrument: { ...input().instrument, symbol: 'IWM', kind: 'etf', sector: null }, positions: heavy }));
    expect(verdict(etf)).toEqual(['info', true]);
    expect(etf.value).toBeNull();
  });
});

describe('event_window', () => {
  const ev = (date: string, over: Partial<CorporateEvent> = {}): CorporateEvent => ({ symbol: 'ABCD', kind: 'earnings', date, timing: 'amc', source: 'simulator', ...over });

  it('blocks within 2 trading days, warns at 3, passes at 4 (Wednesday 2026-11-18)', () => {
    const at = eventWindow(input({ events: [ev('2026-11-20')] }));
    expect(verdict(at)).toEqual(['block', false]);
    expect(at).toMatchObject({ value: 2, limit: 2, unit: 'days' });
    expect(at.message).toBe('Earnings on 2026-11-20 after the close is 2 trading days away; blackout is 2 trading days.');
    expect(verdict(eventWindow(input({ events: [ev('2026-11-23')] })))).toEqual(['warn', true]);
    expect(verdict(eventWindow(input({ events: [ev('2026-11-24')] })))).toEqual(['info', true]);
    const today = eventWindow(input({ events: [ev('2026-11-18', { kind: 'fda_decision', timing: 'bmo' })] }));
    expect(today.message).toBe('FDA decision on 2026-11-18 before the open is today; blackout is 2 trading days.');
  });

  it('counts trading days across Thanksgiving (2026-11-26)', () => {
    // From Wednesday 11-25: Friday 11-27 is 1 trading day, Monday 11-30 is 2 (blocks), Tuesday 12-01 is 3.
    const tdu = daysFrom('2026-11-25');
    expect(eventWindow(input({ tradingDaysUntil: tdu, events: [ev('2026-11-30')] })).value).toBe(2);
    expect(verdict(eventWindow(input({ tradingDaysUntil: tdu, events: [ev('2026-11-30')] })))).toEqual(['block', false]);
    expect(verdict(eventWindow(input({ tradingDaysUntil: tdu, events: [ev('2026-12-01')] })))).toEqual(['warn', true]);
  });

  it('takes the nearest upcoming event, ignores past ones, and passes with none', () => {
    const c = eventWindow(input({ events: [ev('2026-11-17'), ev('2026-12-10'), ev('2026-11-24', { kind: 'fda_decision', timing: 'during' })] }));
    expect(c.inputs).toMatchObject({ eventKind: 'fda_decision', eventDate: '2026-11-24', tradingDaysUntil: 4 });
    expect(c.message).toBe('Next event: FDA decision on 2026-11-24 during the session is 4 trading days away; blackout is 2 trading days.');
    const none = eventWindow(input());
    expect(verdict(none)).toEqual(['info', true]);
    expect(none.value).toBeNull();
  });
});

describe('regime', () => {
  it('passes a regime the playbook trades in and blocks one it does not', () => {
    expect(verdict(regime(input()))).toEqual(['info', true]);
    const c = regime(input({ regime: { label: 'volatile', benchmark: 'IWM', asOf: NOW, inputs: { realisedVol: 0.41 } } }));
    expect(verdict(c)).toEqual(['block', false]);
    expect(c).toMatchObject({ value: 'volatile', limit: 'trending_up, trending_down', unit: 'label' });
    expect(c.message).toBe('Regime is volatile (IWM); Momentum breakout trades only in trending_up, trending_down.');
    expect(c.inputs).toMatchObject({ realisedVol: 0.41, benchmark: 'IWM' });
  });

  it('blocks when the regime could not be read', () => {
    const c = regime(input({ regime: { label: 'ranging', benchmark: 'IWM', asOf: null, inputs: { reason: '12 daily bars of IWM; the rule needs 51' } } }));
    expect(verdict(c)).toEqual(['block', false]);
    expect(c.message).toMatch(/cannot be read \(12 daily bars/);
  });
});

describe('catalyst_freshness', () => {
  const cat = (ageMs: number) => ({ text: 'FDA approval', source: 'newswire', t: NOW - ageMs, catalyst: true });

  it('grades the newest catalyst against 24 h (warn above 19.2 h)', () => {
    const at = catalystFreshness(input({ evidence: [cat(24 * HOUR)] }));
    expect(verdict(at)).toEqual(['warn', true]);
    expect(at).toMatchObject({ value: 24, limit: 24, unit: 'hours' });
    const over = catalystFreshness(input({ evidence: [cat(24 * HOUR + 1_000)] }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('Newest catalyst (newswire) is 24.0003 h old; limit 24 h.');
    expect(verdict(catalystFreshness(input({ evidence: [cat(19.2 * HOUR)] })))).toEqual(['info', true]);
    expect(verdict(catalystFreshness(input({ evidence: [cat(19.2 * HOUR + 1_000)] })))).toEqual(['warn', true]);
  });

  it('uses the newest dated catalyst and ignores plain evidence', () => {
    const evidence = [cat(48 * HOUR), cat(2 * HOUR), { text: 'chart looks good', source: 'me', t: NOW - 100 * HOUR }];
    const c = catalystFreshness(input({ evidence }));
    expect(c.value).toBe(2);
    expect(c.inputs.catalysts).toBe(2);
  });

  it('with no catalyst: info unless the desk requires one', () => {
    const none = catalystFreshness(input({ evidence: [{ text: 'x', source: 'me' }] }));
    expect(verdict(none)).toEqual(['info', true]);
    expect(none.message).toMatch(/^No catalyst behind the thesis/);
    expect(verdict(catalystFreshness(input({ limits: { catalystRequired: true } })))).toEqual(['block', false]);
    const undated = catalystFreshness(input({ limits: { catalystRequired: true }, evidence: [{ text: 'x', source: 'me', catalyst: true }] }));
    expect(verdict(undated)).toEqual(['block', false]);
    expect(undated.message).toMatch(/has no time/);
  });
});

describe('data_freshness', () => {
  it('grades quote age against 30 s during a session', () => {
    const at = dataFreshness(input({ quote: quote({ t: NOW - 30_000 }) }));
    expect(verdict(at)).toEqual(['warn', true]);
    expect(at).toMatchObject({ value: 30, limit: 30, unit: 'seconds' });
    const over = dataFreshness(input({ quote: quote({ t: NOW - 30_001 }) }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('Quote from simulator is 30.001 s old; limit 30 s.');
    expect(verdict(dataFreshness(input({ quote: quote({ t: NOW - 24_000 }) })))).toEqual(['info', true]);
    expect(verdict(dataFreshness(input({ quote: quote({ t: NOW - 24_001 }) })))).toEqual(['warn', true]);
  });

  it('does not enforce age while the market is closed, and blocks without a quote', () => {
    const closed = dataFreshness(input({ sessionOpen: false, sessionPhase: 'closed', quote: quote({ t: NOW - 10 * HOUR, last: 12.34 }) }));
    expect(verdict(closed)).toEqual(['info', true]);
    expect(closed.message).toMatch(/^Market is closed: \$12\.34 is the last close/);
    expect(verdict(dataFreshness(input({ quote: null })))).toEqual(['block', false]);
  });
});

describe('fat_finger', () => {
  it('grades the limit price distance from the last against 10%', () => {
    const lim = (limitPrice: number, side: 'buy' | 'sell' = 'buy') => fatFinger(input({ intent: { side, orderType: 'limit', limitPrice } }));
    expect(verdict(lim(11))).toEqual(['warn', true]);
    expect(verdict(lim(9, 'sell'))).toEqual(['warn', true]);
    const over = lim(11.01);
    expect(verdict(over)).toEqual(['block', false]);
    expect(over).toMatchObject({ value: 10.1, limit: 10, unit: 'pct' });
    expect(over.message).toBe('Limit price $11.01 is 10.10% from the last $10.00; limit 10.00%.');
    expect(verdict(lim(10.8))).toEqual(['info', true]);
    expect(verdict(lim(10.81))).toEqual(['warn', true]);
  });

  it('checks the stop price too', () => {
    const c = fatFinger(input({ intent: { side: 'sell', orderType: 'stop', stopPrice: 8.5 } }));
    expect(verdict(c)).toEqual(['block', false]);
    expect(c.inputs.binding).toBe('stopDistance');
  });

  it("grades the order's notional against $100,000", () => {
    expect(verdict(fatFinger(input({ intent: { quantity: 10_000 } })))).toEqual(['warn', true]);
    const over = fatFinger(input({ intent: { quantity: 10_001 } }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('Order notional is $100,010 (10,001 sh × $10.00); limit $100,000.');
    expect(verdict(fatFinger(input({ intent: { quantity: 8_000 } })))).toEqual(['info', true]);
    // the reference price is the limit price when there is one
    expect(fatFinger(input({ intent: { quantity: 9_500, orderType: 'limit', limitPrice: 10.6 } })).inputs.notional).toBe(100_700);
  });

  it('blocks without a last price', () => {
    expect(verdict(fatFinger(input({ quote: null, intent: { orderType: 'limit', limitPrice: 10 } })))).toEqual(['block', false]);
  });
});

describe('playbook_stale', () => {
  it("grades the signal's age against the playbook's 15 minutes", () => {
    expect(verdict(playbookStale(input({ signalAt: NOW - 15 * MIN })))).toEqual(['warn', true]);
    const over = playbookStale(input({ signalAt: NOW - 15 * MIN - 1 }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('Signal is 15.00002 min old; Momentum breakout allows 15 min.');
    expect(verdict(playbookStale(input({ signalAt: NOW - 12 * MIN })))).toEqual(['info', true]);
    expect(verdict(playbookStale(input({ signalAt: NOW - 12 * MIN - 1_000 })))).toEqual(['warn', true]);
  });

  it('treats a manual ticket (no signal) as fresh', () => {
    const c = playbookStale(input({ signalAt: null }));
    expect(verdict(c)).toEqual(['info', true]);
    expect(c.value).toBe(0);
  });
});

describe('playbook_gap_chase', () => {
  it('grades a buy into an up-gap (open vs previous close) against 8%', () => {
    const at = playbookGapChase(input({ quote: quote({ open: 10.8, prevClose: 10 }) }));
    expect(verdict(at)).toEqual(['warn', true]);
    expect(at).toMatchObject({ value: 8, limit: 8, unit: 'pct' });
    const over = playbookGapChase(input({ quote: quote({ open: 10.81, prevClose: 10 }) }));
    expect(verdict(over)).toEqual(['block', false]);
    expect(over.message).toBe('A buy into a gap up 8.10% (open $10.81 vs previous close $10.00); Momentum breakout allows 8.00%.');
    expect(verdict(playbookGapChase(input({ quote: quote({ open: 10.64, prevClose: 10 }) })))).toEqual(['info', true]);
    expect(verdict(playbookGapChase(input({ quote: quote({ open: 10.65, prevClose: 10 }) })))).toEqual(['warn', true]);
  });

  it('measures from the last trade before the open', () => {
    const c = playbookGapChase(input({ sessionPhase: 'pre', quote: quote({ open: 10, last: 10.9, prevClose: 10 }) }));
    expect(verdict(c)).toEqual(['block', false]);
    expect(c.inputs.measuredFrom).toBe('last');
  });

  it('short and sell chase down-gaps; a gap against the trade passes', () => {
    const down = quote({ open: 9.2, prevClose: 10 });
    expect(verdict(playbookGapChase(input({ quote: down, intent: { side: 'short' } })))).toEqual(['warn', true]);
    expect(verdict(playbookGapChase(input({ quote: quote({ open: 9.19, prevClose: 10 }), intent: { side: 'sell' } })))).toEqual(['block', false]);
    expect(verdict(playbookGapChase(input({ quote: quote({ open: 9, prevClose: 10 }), intent: { side: 'buy' } })))).toEqual(['info', true]);
    expect(verdict(playbookGapChase(input({ quote: quote({ open: 12, prevClose: 10 }), intent: { side: 'short' } })))).toEqual(['info', true]);
  });

  it('an exit is not a chase: selling a long into a down-gap passes, selling more than the long does not', () => {
    const gapDown = quote({ open: 8, prevClose: 10 });
    const long = [{ symbol: 'ABCD', sector: 'technology', quantity: 500, marketValue: 4_000, originId: null }];
    const exit = playbookGapChase(input({ quote: gapDown, positions: long, intent: { side: 'sell', quantity: 500 } }));
    expect(verdict(exit)).toEqual(['info', true]);
    expect(exit.message).toMatch(/not a chase/);
    expect(verdict(playbookGapChase(input({ quote: gapDown, positions: long, intent: { side: 'sell', quantity: 501 } })))).toEqual(['block', false]);
  });

  it('waits for the session when closed and blocks without a quote', () => {
    expect(verdict(playbookGapChase(input({ sessionPhase: 'closed', sessionOpen: false, quote: quote({ open: 12 }) })))).toEqual(['info', true]);
    expect(verdict(playbookGapChase(input({ quote: null })))).toEqual(['block', false]);
  });
});
