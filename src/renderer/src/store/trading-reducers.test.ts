import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../shared/contract/rpc';
import { accountFixture, cardFixture, fillFixture, guardrailsFixture, orderFixture, positionFixture, statusFixture } from './trading-fixtures';
import { addFills, applyPositionsSnapshot, decidedCards, keepSelection, moveCardSelection, queuedCards, upsertCards, upsertOrders } from './trading-reducers';
import { describeTradingError } from './trading-errors';

describe('cards', () => {
  it('upserts by id, newest created first, and ignores stale versions', () => {
    const a = cardFixture({ id: 'a', createdAt: 1, version: 1 });
    const b = cardFixture({ id: 'b', createdAt: 2, version: 1 });
    let cards = upsertCards([], [a, b]);
    expect(cards.map((c) => c.id)).toEqual(['b', 'a']);
    const a2 = { ...a, status: 'approved' as const, version: 2 };
    cards = upsertCards(cards, [a2]);
    expect(cards.find((c) => c.id === 'a')?.status).toBe('approved');
    // An older copy (a snapshot that raced an event) does not win, and nothing changes identity.
    const same = upsertCards(cards, [a, { ...a2 }]);
    expect(same).toBe(cards);
  });

  it('splits the queue (pending and blocked) from decided cards', () => {
    const cards = upsertCards([], [
      cardFixture({ id: 'p', createdAt: 3 }),
      cardFixture({ id: 'x', createdAt: 2, status: 'blocked' }),
      cardFixture({ id: 'r', createdAt: 1, status: 'rejected', decidedAt: 10 }),
      cardFixture({ id: 'f', createdAt: 0, status: 'filled', decidedAt: 20 }),
    ]);
    expect(queuedCards(cards).map((c) => c.id)).toEqual(['p', 'x']);
    expect(decidedCards(cards).map((c) => c.id)).toEqual(['f', 'r']);
  });

  it('keeps the selection, or moves it to the next card when the selected one leaves the queue', () => {
    const q = [cardFixture({ id: 'a' }), cardFixture({ id: 'b' }), cardFixture({ id: 'c' })];
    expect(keepSelection(q, q, 'b')).toBe('b');
    expect(keepSelection(q, [q[0]!, q[2]!], 'b')).toBe('c');
    expect(keepSelection(q, [q[0]!, q[1]!], 'c')).toBe('b');
    expect(keepSelection(q, [], 'c')).toBeNull();
    expect(keepSelection([], q, null)).toBe('a');
    // A card the queue never held (a ?card= link still loading) stays selected.
    expect(keepSelection(q, q, 'zz')).toBe('zz');
    expect(moveCardSelection(q, 'a', 1)).toBe('b');
    expect(moveCardSelection(q, 'c', 1)).toBe('c');
    expect(moveCardSelection(q, null, -1)).toBe('c');
    expect(moveCardSelection([], 'a', 1)).toBeNull();
  });
});

describe('orders, fills, positions', () => {
  it('upserts orders by update time', () => {
    const o = orderFixture({ id: 'o1', updatedAt: 5 });
    let orders = upsertOrders([], [o]);
    orders = upsertOrders(orders, [{ ...o, status: 'filled', filledQuantity: 100, updatedAt: 6 }]);
    expect(orders[0]?.status).toBe('filled');
    expect(upsertOrders(orders, [{ ...o, updatedAt: 4 }])).toBe(orders);
    orders = upsertOrders(orders, [orderFixture({ id: 'o2', createdAt: o.createdAt + 1 })]);
    expect(orders.map((x) => x.id)).toEqual(['o2', 'o1']);
  });

  it('adds each fill once, newest first', () => {
    let fills = addFills([], [fillFixture({ id: 'f1', t: 1 }), fillFixture({ id: 'f2', t: 2 })]);
    expect(fills.map((f) => f.id)).toEqual(['f2', 'f1']);
    const same = addFills(fills, [fillFixture({ id: 'f1', t: 1 })]);
    expect(same).toBe(fills);
    fills = addFills(fills, [fillFixture({ id: 'f3', t: 0 })]);
    expect(fills.map((f) => f.id)).toEqual(['f2', 'f1', 'f3']);
  });

  it('replaces positions unless the account is older', () => {
    const s0 = { positions: [], account: null };
    const s1 = applyPositionsSnapshot(s0, { positions: [positionFixture({ symbol: 'ZZ' }), positionFixture({ symbol: 'AA' })], account: accountFixture({ asOf: 10 }) });
    expect(s1.positions.map((p) => p.symbol)).toEqual(['AA', 'ZZ']);
    expect(applyPositionsSnapshot(s1, { positions: [], account: accountFixture({ asOf: 9 }) })).toBe(s1);
    expect(applyPositionsSnapshot(s1, { positions: [], account: accountFixture({ asOf: 11 }) }).positions).toEqual([]);
  });
});

describe('refusals explained', () => {
  it('4022 names the checks that block', () => {
    const card = cardFixture({
      guardrails: guardrailsFixture({
        passed: false,
        severity: 'block',
        checks: [{ check: 'liquidity', passed: false, severity: 'block', value: 0.03, limit: 0.01, unit: 'ratio', message: 'Order is 3.0% of ADV20 (limit 1%)', inputs: {} }],
      }),
    });
    const e = describeTradingError(new EngineError(4022, 'guardrails block'), { card });
    expect(e.title).toMatch(/guardrails/i);
    expect(e.detail).toContain('3.0% of ADV20');
    expect(e.blocking).toHaveLength(1);
    // Checks sent in the error's data win over the card's older ones.
    const fromData = describeTradingError(new EngineError(4022, 'x', { checks: [{ ...card.guardrails.checks[0]!, message: 'fresh' }] }), { card });
    expect(fromData.detail).toContain('fresh');
  });

  it('4009 says who decided, 4003 gives the halt reason', () => {
    const card = cardFixture({ status: 'approved', decidedBy: 'ws#2 approvals', decidedAt: Date.parse('2026-11-20T15:31:00Z') });
    const c = describeTradingError(new EngineError(4009, 'already decided'), { card });
    expect(c.title).toBe('Already decided elsewhere');
    expect(c.detail).toContain('approved by ws#2 approvals at 10:31:00 ET');
    const h = describeTradingError(new EngineError(4003, 'desk halted'), { status: statusFixture({ halted: true, reason: 'Fed surprise', since: Date.parse('2026-11-20T15:00:00Z'), by: 'ws#1' }) });
    expect(h.title).toBe('Desk halted');
    expect(h.detail).toContain('“Fed surprise”');
    expect(h.detail).toContain('since 10:00:00 ET');
  });
});
