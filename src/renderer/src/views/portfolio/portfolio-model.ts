/** Pure filtering and totals of the Positions & orders view. */
import type { Fill, Order, OrderStatus, Position } from '../../../../shared/contract/trading-schemas';

/** Order status filter groups. */
export type OrderFilter = 'all' | 'open' | 'filled' | 'done';

export const ORDER_FILTERS: readonly { id: OrderFilter; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Working' },
  { id: 'filled', label: 'Filled' },
  { id: 'done', label: 'Cancelled / rejected' },
];

const OPEN: readonly OrderStatus[] = ['pending_submit', 'submitted', 'partially_filled'];
const DONE: readonly OrderStatus[] = ['cancelled', 'rejected', 'expired'];

/** Whether an order is still working (or waiting for its tranche). */
export function isOpenOrder(o: Pick<Order, 'status'>): boolean {
  return OPEN.includes(o.status);
}

function symbolMatches(symbol: string, query: string): boolean {
  const q = query.trim().toUpperCase();
  return q === '' || symbol.toUpperCase().includes(q);
}

/** Orders matching a status group and a symbol substring. */
export function filterOrders(orders: readonly Order[], filter: OrderFilter, symbol: string): Order[] {
  return orders.filter((o) => {
    if (!symbolMatches(o.symbol, symbol)) return false;
    if (filter === 'open') return isOpenOrder(o);
    if (filter === 'filled') return o.status === 'filled';
    if (filter === 'done') return DONE.includes(o.status);
    return true;
  });
}

/** Fills matching a symbol substring. */
export function filterFills(fills: readonly Fill[], symbol: string): Fill[] {
  return fills.filter((f) => symbolMatches(f.symbol, symbol));
}

/** Positions matching a symbol substring (name too). */
export function filterPositions(positions: readonly Position[], query: string): Position[] {
  const q = query.trim().toUpperCase();
  return q === '' ? [...positions] : positions.filter((p) => p.symbol.toUpperCase().includes(q) || p.name.toUpperCase().includes(q));
}

/** Column totals of a position list. */
export function positionTotals(positions: readonly Position[]): { marketValue: number; unrealizedPnl: number; realizedPnl: number; dayPnl: number; gross: number } {
  let marketValue = 0;
  let unrealizedPnl = 0;
  let realizedPnl = 0;
  let dayPnl = 0;
  let gross = 0;
  for (const p of positions) {
    marketValue += p.marketValue;
    unrealizedPnl += p.unrealizedPnl;
    realizedPnl += p.realizedPnl;
    dayPnl += p.dayPnl;
    gross += Math.abs(p.marketValue);
  }
  return { marketValue, unrealizedPnl, realizedPnl, dayPnl, gross };
}

/** The side of a ticket that closes a position. */
export function closingSide(quantity: number): 'sell' | 'cover' {
  return quantity < 0 ? 'cover' : 'sell';
}
