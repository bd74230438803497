import { describe, expect, it } from 'vitest';
import { cardFixture } from '../../store/trading-fixtures';
import { cardNotional, countdownTier, formatCountdown, formatMoney, formatMoneySigned, modifyProblems, orderPrices, sideClass } from './trade-format';

describe('trade formatting', () => {
  it('formats money with cents and signs', () => {
    expect(formatMoney(1234.5)).toBe('$1,234.50');
    expect(formatMoney(null)).toBe('—');
    expect(formatMoneySigned(-4)).toBe('-$4.00');
    expect(formatMoneySigned(12.345)).toBe('+$12.35');
    expect(formatMoneySigned(0)).toBe('$0.00');
  });

  it('describes order prices by type', () => {
    expect(orderPrices(cardFixture({ orderType: 'market', limitPrice: null }))).toBe('MKT');
    expect(orderPrices(cardFixture({ orderType: 'limit', limitPrice: 12.3 }))).toBe('LMT 12.30');
    expect(orderPrices(cardFixture({ orderType: 'stop_limit', stopPrice: 0.5, limitPrice: 0.5123 }))).toBe('STP 0.5000 LMT 0.5123');
    expect(orderPrices(cardFixture({ orderType: 'bracket', limitPrice: null, takeProfitPrice: 14, stopLossPrice: 11 }))).toBe('MKT TP 14.00 SL 11.00');
  });

  it('colours sides by direction', () => {
    expect(sideClass('buy')).toBe('side-long');
    expect(sideClass('cover')).toBe('side-long');
    expect(sideClass('short')).toBe('side-short');
  });

  it('computes a notional from the limit, else the last price', () => {
    expect(cardNotional(cardFixture({ quantity: 100, limitPrice: 12.3 }), 13)).toBeCloseTo(1230);
    expect(cardNotional(cardFixture({ quantity: 100, limitPrice: null }), 13)).toBeCloseTo(1300);
  });

  it('turns amber under a minute and red under 15 seconds', () => {
    expect(countdownTier(61_000)).toBe('ok');
    expect(countdownTier(59_000)).toBe('amber');
    expect(countdownTier(14_999)).toBe('red');
    expect(countdownTier(0)).toBe('expired');
    expect(formatCountdown(14_200)).toBe('0:15');
    expect(formatCountdown(3_725_000)).toBe('1:02:05');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('bounds a modification: fewer shares only, limit in the fat-finger band', () => {
    const card = cardFixture({ quantity: 100, limitPrice: 10 });
    expect(modifyProblems({ quantity: '50', limitPrice: '10.2' }, card, { last: 10, maxPct: 5 })).toEqual({});
    expect(modifyProblems({ quantity: '150', limitPrice: '10' }, card, { last: 10, maxPct: 5 }).quantity).toMatch(/At most/);
    expect(modifyProblems({ quantity: '1.5', limitPrice: '10' }, card, { last: 10, maxPct: 5 }).quantity).toMatch(/Whole/);
    expect(modifyProblems({ quantity: '10', limitPrice: '11' }, card, { last: 10, maxPct: 5 }).limitPrice).toMatch(/±5%/);
    expect(modifyProblems({ quantity: '10', limitPrice: '' }, cardFixture({ orderType: 'market', limitPrice: null }), { last: 10, maxPct: 5 })).toEqual({});
  });
});
