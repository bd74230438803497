// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../shared/contract/rpc';
import { FakeEngineClient } from '../test/fake-engine-client';
import { clockState } from '../test/fixtures';
import { sectorsGrid } from '../test/sector-fixtures';
import { closeOverlays, setApprovalDialog, setHaltDialog } from './actions';
import { resetKestrelStore, useKestrelStore } from './index';
import { approveAllCards, approveCard, haltTrading } from './trading-commands';
import { accountFixture, cardFixture, fillFixture, orderFixture, positionFixture, statusFixture } from './trading-fixtures';
import { wireEngineEvents } from './wire-engine-events';

function engine(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['clock.get'] = () => clockState();
  c.handlers['system.health'] = () => ({ status: 'ok' });
  c.handlers['system.info'] = () => ({ version: '1.0.0' });
  c.handlers['market.universe'] = () => ({ total: 0, items: [] });
  c.handlers['market.quotes'] = () => ({ source: 'simulator', asOf: 1, quotes: [] });
  c.handlers['sectors.grid'] = () => sectorsGrid();
  c.handlers['alerts.list'] = () => ({ alerts: [] });
  c.handlers['cards.list'] = (p) => {
    const status = (p as { status?: unknown }).status;
    return status
      ? { total: 2, cards: [cardFixture({ id: 'p1', createdAt: 2 }), cardFixture({ id: 'b1', createdAt: 1, status: 'blocked' })] }
      : { total: 1, cards: [cardFixture({ id: 'd1', createdAt: 0, status: 'filled', decidedAt: 5 })] };
  };
  c.handlers['orders.list'] = () => ({ orders: [orderFixture({ id: 'o1' })] });
  c.handlers['fills.list'] = () => ({ fills: [fillFixture({ id: 'f1' })] });
  c.handlers['positions.list'] = () => ({ positions: [positionFixture()], account: accountFixture({ asOf: 10 }) });
  c.handlers['trading.status'] = () => statusFixture();
  return c;
}
const settle = (): Promise<void> => vi.advanceTimersByTimeAsync(0).then(() => undefined);

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
});
afterEach(() => vi.useRealTimers());

describe('trading in wireEngineEvents', () => {
  it('loads the queue, recent cards, orders, fills, positions and status on open', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    const s = useKestrelStore.getState();
    expect(s.cards.map((x) => x.id)).toEqual(['p1', 'b1', 'd1']);
    expect(s.cardsStatus).toBe('ready');
    expect(s.selectedCardId).toBe('p1');
    expect(s.orders).toHaveLength(1);
    expect(s.fills).toHaveLength(1);
    expect(s.positions).toHaveLength(1);
    expect(s.account?.asOf).toBe(10);
    expect(s.tradingStatus?.halted).toBe(false);
    off();
    expect(c.listenerCount('cards.changed')).toBe(0);
  });

  it('applies the five events; a stale card or account is ignored; the selection moves on', async () => {
    const c = engine();
    wireEngineEvents(c);
    c.setState('open');
    await settle();
    c.emit('cards.changed', { card: cardFixture({ id: 'p1', createdAt: 2, status: 'approved', version: 2, decidedAt: 9 }), previousStatus: 'pending' });
    let s = useKestrelStore.getState();
    expect(s.cards.find((x) => x.id === 'p1')?.status).toBe('approved');
    expect(s.selectedCardId).toBe('b1');
    c.emit('cards.changed', { card: cardFixture({ id: 'p1', createdAt: 2, status: 'pending', version: 1 }), previousStatus: null });
    expect(useKestrelStore.getState().cards.find((x) => x.id === 'p1')?.status).toBe('approved');
    c.emit('orders.changed', { order: orderFixture({ id: 'o1', status: 'filled', filledQuantity: 100, updatedAt: orderFixture().updatedAt + 1 }) });
    c.emit('fills.created', { fill: fillFixture({ id: 'f2', t: fillFixture().t + 1 }) });
    c.emit('positions.changed', { positions: [], account: accountFixture({ asOf: 9 }) });
    s = useKestrelStore.getState();
    expect(s.orders[0]?.status).toBe('filled');
    expect(s.fills.map((f) => f.id)).toEqual(['f2', 'f1']);
    expect(s.positions).toHaveLength(1);
    c.emit('positions.changed', { positions: [], account: accountFixture({ asOf: 11 }) });
    c.emit('trading.statusChanged', statusFixture({ halted: true, reason: 'drill' }));
    s = useKestrelStore.getState();
    expect(s.positions).toHaveLength(0);
    expect(s.tradingStatus).toMatchObject({ halted: true, reason: 'drill' });
  });
});

describe('trading commands', () => {
  it('approve applies the card and its order', async () => {
    const c = engine();
    c.handlers['cards.approve'] = () => ({ card: cardFixture({ id: 'p1', status: 'submitted', version: 3 }), order: orderFixture({ id: 'o9', cardId: 'p1' }) });
    const out = await approveCard(c, 'p1', { quantity: 50 });
    expect(out).toEqual({ ok: true });
    expect(c.calls.at(-1)).toEqual({ method: 'cards.approve', params: { id: 'p1', quantity: 50 } });
    expect(useKestrelStore.getState().orders.map((o) => o.id)).toEqual(['o9']);
  });

  it('4003 re-reads the halt status and explains with its reason; 4009 re-reads the card', async () => {
    const c = engine();
    c.handlers['trading.status'] = () => statusFixture({ halted: true, reason: 'Fed surprise', since: 1, by: 'ws#2' });
    c.handlers['cards.approve'] = () => {
      throw new EngineError(4003, 'desk halted');
    };
    const halted = await approveCard(c, 'p1');
    expect(halted.ok).toBe(false);
    if (!halted.ok) {
      expect(halted.error.code).toBe(4003);
      expect(halted.error.detail).toContain('“Fed surprise”');
    }
    c.handlers['cards.approve'] = () => {
      throw new EngineError(4009, 'already decided');
    };
    c.handlers['cards.get'] = () => cardFixture({ id: 'p1', status: 'rejected', decidedBy: 'ws#7 approvals', version: 5 });
    const conflict = await approveCard(c, 'p1');
    expect(conflict.ok).toBe(false);
    if (!conflict.ok) expect(conflict.error.detail).toContain('rejected by ws#7 approvals');
    expect(useKestrelStore.getState().cards.find((x) => x.id === 'p1')?.status).toBe('rejected');
  });

  it('approve all sends confirm:true and explains each refusal', async () => {
    const c = engine();
    useKestrelStore.setState({ cards: [cardFixture({ id: 'a' }), cardFixture({ id: 'b', symbol: 'WXYZ' })] });
    c.handlers['cards.approveAll'] = () => ({
      approved: [{ card: cardFixture({ id: 'a', status: 'submitted', version: 2 }), order: orderFixture({ cardId: 'a' }) }],
      refused: [{ id: 'b', code: 4022, message: 'guardrails block' }],
    });
    const out = await approveAllCards(c, ['a', 'b']);
    expect(c.calls.at(-1)?.params).toEqual({ ids: ['a', 'b'], confirm: true });
    expect(out.ok && out.approved).toEqual(['a']);
    expect(out.ok && out.refused[0]?.error.title).toBe('Blocked by guardrails');
  });

  it('halt stores the new status; Esc closes trading dialogs first', async () => {
    const c = engine();
    c.handlers['trading.halt'] = (p) => statusFixture({ halted: true, reason: (p as { reason: string }).reason });
    const out = await haltTrading(c, 'drill');
    expect(out.ok).toBe(true);
    expect(useKestrelStore.getState().tradingStatus?.reason).toBe('drill');
    setApprovalDialog({ kind: 'reject', cardId: 'a' });
    setHaltDialog('resume');
    expect(closeOverlays()).toBe(true);
    expect(useKestrelStore.getState()).toMatchObject({ haltDialog: null, approvalDialog: { kind: 'reject' } });
    expect(closeOverlays()).toBe(true);
    expect(useKestrelStore.getState().approvalDialog).toBeNull();
  });
});

describe('card toasts', () => {
  it('a card that newly waits for approval toasts in browser mode, unless the Approvals view is on screen', async () => {
    const c = engine();
    wireEngineEvents(c, { toasts: true });
    c.setState('open');
    await settle();
    c.emit('cards.changed', { card: cardFixture({ id: 'n1', createdAt: 9 }), previousStatus: null });
    c.emit('cards.changed', { card: cardFixture({ id: 'p1', createdAt: 2, status: 'approved', version: 2 }), previousStatus: 'pending' });
    expect(useKestrelStore.getState().cardToasts.map((x) => x.id)).toEqual(['n1']);
    useKestrelStore.setState({ activeView: 'approvals' });
    c.emit('cards.changed', { card: cardFixture({ id: 'n2', createdAt: 10 }), previousStatus: null });
    expect(useKestrelStore.getState().cardToasts.map((x) => x.id)).toEqual(['n1']);
  });
});
