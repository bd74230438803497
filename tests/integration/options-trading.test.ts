/**
 * Options strategy cards end to end: OPTIONS_TRADING_ENABLED off by default (4003), an iron condor built from the
 * live chain becomes one card with strategy guardrails, a human approves it, the paper broker fills the package
 * as one (a fill per leg), and the legs land in positions with their Greeks; the audit chain holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_ERROR } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

describe('options strategy cards', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('are off until OPTIONS_TRADING_ENABLED is turned on, and the switch is audited', async () => {
    const c = await h.client();
    expect((await c.call('options.status')).result.tradingEnabled).toBe(false);
    const { strategy } = (await c.call('options.strategy.build', { underlying: 'IWM', template: 'iron_condor' })).result;
    const refused = await c.call('cards.createStrategy', { strategy });
    expect(refused.error?.code).toBe(RPC_ERROR.forbidden);
    expect(refused.error?.message).toMatch(/OPTIONS_TRADING_ENABLED/);
    const on = (await c.call('options.setTradingEnabled', { enabled: true })).result;
    expect(on.tradingEnabled).toBe(true);
    expect(on.by).toMatch(/^ws#\d+/);
    const audit = (await c.call('audit.list', { entity: 'settings', entityId: 'options' })).result.entries;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['options.trading_enabled']);
  });

  it('an iron condor: one card with strategy guardrails, approved, filled as one package, legs in positions', async () => {
    const c = await h.client();
    await c.call('events.subscribe', { topics: ['fills.created'] });
    const built = (await c.call('options.strategy.build', { underlying: 'IWM', template: 'iron_condor', quantity: 2 })).result;
    expect(built.strategy.legs).toHaveLength(4);
    const card = (await c.call('cards.createStrategy', { strategy: built.strategy, thesis: 'range-bound into the holiday', playbook: 'hedge' })).result;
    expect(card.symbol).toBe('IWM');
    expect(card.strategy.template).toBe('iron_condor');
    expect(card.strategy.legs).toHaveLength(4);
    expect(card.side).toBe('sell'); // a credit
    expect(card.quantity).toBe(2);
    expect(card.strategy.maxLoss).toBeGreaterThan(0);
    const checks = card.guardrails.checks.map((x: { check: string }) => x.check).sort();
    expect(checks).toEqual(['catalyst_freshness', 'data_freshness', 'event_window', 'fat_finger', 'liquidity', 'playbook_gap_chase', 'playbook_stale', 'position_size', 'regime', 'sector_exposure']);
    const size = card.guardrails.checks.find((x: { check: string }) => x.check === 'position_size');
    expect(size.inputs.maxLoss).toBe(card.strategy.maxLoss);
    expect(card.status).toBe(card.guardrails.passed ? 'pending' : 'blocked');
    expect(card.status).toBe('pending');

    const approved = await c.call('cards.approve', { id: card.id });
    expect(approved.error).toBeUndefined();
    expect(approved.result.order.legs).toHaveLength(4);
    await c.waitEvent('fills.created', (d) => d.fill.cardId === card.id);
    const done = (await c.call('cards.get', { id: card.id })).result;
    expect(done.status).toBe('filled');
    expect(done.filledQuantity).toBe(2);
    const fills = (await c.call('fills.list', { cardId: card.id })).result.fills;
    expect(fills).toHaveLength(4);
    expect(new Set(fills.map((f: { symbol: string }) => f.symbol))).toEqual(new Set(built.strategy.legs.map((l: { symbol: string }) => l.symbol)));
    const { positions } = (await c.call('positions.list')).result;
    const legs = positions.filter((p: { option: unknown }) => p.option !== null);
    expect(legs).toHaveLength(4);
    for (const p of legs) {
      expect(Math.abs(p.quantity)).toBe(2);
      expect(p.option.underlying).toBe('IWM');
      expect(p.option.multiplier).toBe(100);
      expect(Number.isFinite(p.option.delta)).toBe(true);
    }
    // Short legs are negative quantities; the credit came in as cash.
    expect(legs.filter((p: { quantity: number }) => p.quantity < 0)).toHaveLength(2);
    expect((await c.call('audit.verify')).result.ok).toBe(true);
    // The package order cannot be approved twice.
    expect((await c.call('cards.approve', { id: card.id })).error?.code).toBe(RPC_ERROR.conflict);
  }, 60_000);

  it('refuses a strategy whose legs are not listed, and blocks one that breaks a limit', async () => {
    const c = await h.client();
    const built = (await c.call('options.strategy.build', { underlying: 'IWM', template: 'bull_put_spread' })).result;
    const bogus = { ...built.strategy, legs: [{ ...built.strategy.legs[0], symbol: 'IWM991218P00001000', strike: null, expiry: null, type: null }] };
    expect((await c.call('cards.createStrategy', { strategy: bogus })).error?.code).toBe(RPC_ERROR.invalidParams);
    // 500 spreads: the maximum loss is far past 10 % of equity.
    const huge = (await c.call('cards.createStrategy', { strategy: { ...built.strategy, quantity: 500 }, playbook: 'hedge' })).result;
    expect(huge.status).toBe('blocked');
    expect(huge.guardrails.checks.find((x: { check: string }) => x.check === 'position_size').severity).toBe('block');
    expect((await c.call('cards.approve', { id: huge.id })).error?.code).toBe(RPC_ERROR.guardrailBlocked);
  }, 60_000);
});
