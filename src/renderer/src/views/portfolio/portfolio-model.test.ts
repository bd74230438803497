import { describe, expect, it } from 'vitest';
import { fillFixture, orderFixture, positionFixture } from '../../store/trading-fixtures';
import { closingSide, filterFills, filterOrders, filterPositions, isOpenOrder, positionTotals } from './portfolio-model';

describe('portfolio model', () => {
  const orders = [
    orderFixture({ id: '1', symbol: 'ABCD', status: 'submitted' }),
    orderFixture({ id: '2', symbol: 'WXYZ', status: 'filled' }),
    orderFixture({ id: '3', symbol: 'ABXX', status: 'rejected' }),
    orderFixture({ id: '4', symbol: 'ABCD', status: 'pending_submit' }),
  ];

  it('filters orders by status group and symbol', () => {
    expect(filterOrders(orders, 'open', '').map((o) => o.id)).toEqual(['1', '4']);
    expect(filterOrders(orders, 'filled', '').map((o) => o.id)).toEqual(['2']);
    expect(filterOrders(orders, 'done', '').map((o) => o.id)).toEqual(['3']);
    expect(filterOrders(orders, 'all', 'ab').map((o) => o.id)).toEqual(['1', '3', '4']);
    expect(isOpenOrder({ status: 'partially_filled' })).toBe(true);
  });

  it('filters fills and positions by symbol (positions by name too)', () => {
    expect(filterFills([fillFixture({ id: 'a', symbol: 'ABCD' }), fillFixture({ id: 'b', symbol: 'QQQ' })], 'q').map((f) => f.id)).toEqual(['b']);
    expect(filterPositions([positionFixture({ symbol: 'ABCD', name: 'Therapeutics' }), positionFixture({ symbol: 'ZZ', name: 'Zeta' })], 'thera')).toHaveLength(1);
  });

  it('totals positions, gross by absolute value', () => {
    const t = positionTotals([positionFixture({ marketValue: 1000, unrealizedPnl: 10, dayPnl: 5 }), positionFixture({ marketValue: -400, unrealizedPnl: -20, dayPnl: 1 })]);
    expect(t).toMatchObject({ marketValue: 600, unrealizedPnl: -10, dayPnl: 6, gross: 1400 });
    expect(closingSide(-5)).toBe('cover');
    expect(closingSide(5)).toBe('sell');
  });
});
