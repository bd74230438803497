/**
 * The trading desk end to end over a real engine, real SQLite and real WebSocket clients: a card from creation to
 * fill and position, the approval race, blocked cards, expiry on the simulated clock, a re-check at approval that
 * blocks, the kill switch across a restart, the rate limit and the audit chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RPC_ERROR } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

/** A playbook that trades in every regime, so regime never blocks these tests. */
const PLAYBOOK = 'catalyst_swing';

async function approvableSymbols(h: Harness, n: number): Promise<string[]> {
  const u = await h.engine.call('market.universe', { limit: 3_000 });
  const out: string[] = [];
  for (const i of u.items) {
    if (i.kind !== 'stock' || i.price < 5 || i.avgVolume20 < 2e6) continue;
    const r = await h.engine.call('guardrails.evaluate', { symbol: i.symbol, side: 'buy', quantity: 100, orderType: 'market', playbook: PLAYBOOK });
    if (r.passed) out.push(i.symbol);
    if (out.length === n) break;
  }
  expect(out).toHaveLength(n);
  return out;
}

/** A bracket buy card: take-profit 5 % above the last price, stop-loss 5 % below. */
async function createBracket(h: Harness, symbol: string, quantity: number) {
  const q = await h.engine.call('market.quote', { symbol });
  return h.engine.call('cards.create', {
    symbol,
    side: 'buy',
    quantity,
    orderType: 'bracket',
    takeProfitPrice: Math.round(q.last * 1.05 * 100) / 100,
    stopLossPrice: Math.round(q.last * 0.95 * 100) / 100,
    playbook: PLAYBOOK,
  });
}

describe('trading desk', () => {
  let h: Harness;
  let symbols: string[];

  beforeAll(async () => {
    h = await startHarness();
    symbols = await approvableSymbols(h, 6);
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('raises a card with every guardrail, approves it, fills it on paper and shows the position', async () => {
    const c = await h.client();
    await c.call('events.subscribe', { topics: ['cards.changed', 'fills.created', 'positions.changed', 'orders.changed'] });
    const created = await c.call('cards.create', {
      symbol: symbols[0],
      side: 'buy',
      quantity: 200,
      orderType: 'market',
      playbook: PLAYBOOK,
      thesis: { text: 'breakout on volume', evidence: [{ text: 'volume 3x ADV', source: 'sector grid' }] },
    });
    expect(created.error).toBeUndefined();
    const card = created.result;
    expect(card.status).toBe('pending');
    expect(card.guardrails.passed).toBe(true);
    expect(card.guardrails.checks.map((x: { check: string }) => x.check).sort()).toEqual(
      ['catalyst_freshness', 'data_freshness', 'event_window', 'fat_finger', 'liquidity', 'playbook_gap_chase', 'playbook_stale', 'position_size', 'regime', 'sector_exposure'].sort(),
    );
    expect(card.thesis.evidence[0].source).toBe('sector grid');
    expect(card.expiresAt).toBeGreaterThan(card.createdAt);
    await c.waitEvent('cards.changed', (d) => d.card.id === card.id && d.previousStatus === null);

    const explain = (await c.call('guardrails.explain', { cardId: card.id })).result;
    expect(explain.history).toHaveLength(1);
    expect(explain.latest.checks.find((x: { check: string }) => x.check === 'liquidity').inputs).toBeTruthy();

    const approved = await c.call('cards.approve', { id: card.id });
    expect(approved.error).toBeUndefined();
    expect(approved.result.order.clientOrderId).toBe(`${card.id}-t1`);
    expect(approved.result.card.decidedBy).toMatch(/^ws#\d+/);
    const fill = await c.waitEvent('fills.created', (d) => d.fill.cardId === card.id);
    expect(fill.fill.price).toBeGreaterThan(0);

    // Later tranches (if the playbook splits) are due later; advance the clock until the card is filled.
    for (let i = 0; i < 20; i++) {
      const now = (await c.call('cards.get', { id: card.id })).result;
      if (now.status === 'filled') break;
      const clock = (await c.call('clock.get')).result;
      await c.call('clock.set', { jumpTo: clock.now + 5 * 60_000 });
      await h.engine.trading.sweep();
    }
    const done = (await c.call('cards.get', { id: card.id })).result;
    expect(done.status).toBe('filled');
    expect(done.filledQuantity).toBe(200);
    expect(done.stages.approval).not.toBeNull();
    expect(done.stages.execution).not.toBeNull();

    const fills = (await c.call('fills.list', { cardId: card.id })).result.fills;
    expect(fills.reduce((s: number, f: { quantity: number }) => s + f.quantity, 0)).toBe(200);
    const { positions, account } = (await c.call('positions.list')).result;
    const pos = positions.find((p: { symbol: string }) => p.symbol === symbols[0]);
    expect(pos.quantity).toBe(200);
    const spent = fills.reduce((s: number, f: { quantity: number; price: number; fee: number }) => s + Math.round(f.quantity * f.price * 100) + Math.round(f.fee * 100), 0);
    expect(Math.round(account.cash * 100)).toBe(100_000 * 100 - spent);
    expect((await c.call('audit.verify')).result.ok).toBe(true);
  }, 60_000);

  it('two clients approving the same card at once get exactly one order; the loser gets 4009', async () => {
    const a = await h.client();
    const b = await h.client();
    const card = (await a.call('cards.create', { symbol: symbols[1], side: 'buy', quantity: 50, orderType: 'market', playbook: PLAYBOOK })).result;
    const [ra, rb] = await Promise.all([a.call('cards.approve', { id: card.id }), b.call('cards.approve', { id: card.id })]);
    const winners = [ra, rb].filter((r) => r.result);
    const losers = [ra, rb].filter((r) => r.error);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]!.error!.code).toBe(RPC_ERROR.conflict);
    const again = await a.call('cards.approve', { id: card.id });
    expect(again.error?.code).toBe(RPC_ERROR.conflict);
    const orders = (await a.call('orders.list', { cardId: card.id })).result.orders;
    expect(new Set(orders.map((o: { clientOrderId: string }) => o.clientOrderId)).size).toBe(orders.length);
    expect(orders.filter((o: { tranche: number }) => o.tranche === 1)).toHaveLength(1);
  }, 30_000);

  it('creates a card whose guardrails block as blocked, and approving it answers 4022', async () => {
    const c = await h.client();
    const card = (await c.call('cards.create', { symbol: symbols[2], side: 'buy', quantity: 60_000, orderType: 'market', playbook: PLAYBOOK })).result;
    expect(card.status).toBe('blocked');
    expect(card.statusReason).toMatch(/fat_finger|position_size|liquidity/);
    const r = await c.call('cards.approve', { id: card.id });
    expect(r.error?.code).toBe(RPC_ERROR.guardrailBlocked);
    // A modification that fixes it unblocks it.
    const fixed = (await c.call('cards.modify', { id: card.id, quantity: 10 })).result;
    expect(fixed.status).toBe('pending');
    const rej = (await c.call('cards.reject', { id: card.id, reason: 'changed my mind' })).result;
    expect(rej.status).toBe('rejected');
    expect((await c.call('cards.approve', { id: card.id })).error?.code).toBe(RPC_ERROR.conflict);
  }, 30_000);

  it('refuses malformed orders with -32602 and unknown cards with 4004', async () => {
    const c = await h.client();
    const noLimit = await c.call('cards.create', { symbol: symbols[0], side: 'buy', quantity: 10, orderType: 'limit' });
    expect(noLimit.error?.code).toBe(RPC_ERROR.invalidParams);
    expect(noLimit.error?.message).toMatch(/limitPrice/);
    const badBracket = await c.call('cards.create', { symbol: symbols[0], side: 'buy', quantity: 10, orderType: 'bracket', takeProfitPrice: 1, stopLossPrice: 2 });
    expect(badBracket.error?.code).toBe(RPC_ERROR.invalidParams);
    expect((await c.call('cards.create', { symbol: 'NOPE', side: 'buy', quantity: 10, orderType: 'market' })).error?.code).toBe(RPC_ERROR.notFound);
    expect((await c.call('cards.approve', { id: 'C-none' })).error?.code).toBe(RPC_ERROR.notFound);
    const card = (await c.call('cards.create', { symbol: symbols[3], side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK })).result;
    expect((await c.call('cards.approve', { id: card.id, quantity: 11 })).error?.code).toBe(RPC_ERROR.invalidParams);
    expect((await c.call('cards.cancel', { id: card.id })).result.status).toBe('cancelled');
  }, 30_000);

  it('rate-limits guardrails.evaluate to 30 a minute per client (4029), without affecting other clients', async () => {
    const c = await h.client();
    const params = { symbol: symbols[0], side: 'buy', quantity: 10, orderType: 'market' };
    const replies = [];
    for (let i = 0; i < 31; i++) replies.push(await c.call('guardrails.evaluate', params));
    expect(replies.slice(0, 30).every((r) => r.result)).toBe(true);
    expect(replies[30]!.error?.code).toBe(RPC_ERROR.rateLimited);
    const other = await h.client();
    expect((await other.call('guardrails.evaluate', params)).result).toBeTruthy();
  }, 30_000);

  it('approves all with a confirmation, reporting refusals', async () => {
    const c = await h.client();
    const ok = (await c.call('cards.create', { symbol: symbols[4], side: 'buy', quantity: 20, orderType: 'market', playbook: PLAYBOOK })).result;
    const blocked = (await c.call('cards.create', { symbol: symbols[4], side: 'buy', quantity: 90_000, orderType: 'market', playbook: PLAYBOOK })).result;
    expect((await c.call('cards.approveAll', { ids: [ok.id, blocked.id] })).error?.code).toBe(RPC_ERROR.invalidParams);
    const r = (await c.call('cards.approveAll', { ids: [ok.id, blocked.id], confirm: true })).result;
    expect(r.approved.map((x: { card: { id: string } }) => x.card.id)).toEqual([ok.id]);
    expect(r.refused).toEqual([expect.objectContaining({ id: blocked.id, code: RPC_ERROR.guardrailBlocked })]);
  }, 30_000);

  it('edits guardrail limits over the API: validated, written to the override file, audited, defaults kept', async () => {
    const c = await h.client();
    const before = (await c.call('guardrails.config')).result;
    expect(before.defaults.advMaxOrderRatio).toBe(0.05);
    expect(before.regimeReading.benchmark).toBe('IWM');
    expect(before.regimeReading.label).toBe(before.regime);
    const bad = await c.call('guardrails.updateLimits', { limits: { maxSectorExposure: 2 } });
    expect(bad.error?.code).toBe(RPC_ERROR.invalidParams);
    const after = (await c.call('guardrails.updateLimits', { limits: { maxQuoteAgeSeconds: 45 } })).result;
    expect(after.config.limits.maxQuoteAgeSeconds).toBe(45);
    expect(after.defaults.maxQuoteAgeSeconds).toBe(30);
    expect(readFileSync(after.overridePath, 'utf8')).toMatch(/maxQuoteAgeSeconds: 45/);
    const changed = (await c.call('audit.list', { entity: 'settings', limit: 10 })).result.entries[0];
    expect(changed.action).toBe('settings.changed');
    expect(changed.data.limits.maxQuoteAgeSeconds).toEqual({ from: 30, to: 45 });
    await c.call('guardrails.updateLimits', { limits: { maxQuoteAgeSeconds: 30 } });
  });

  it('exports the audit log, and every decision names where it came from', async () => {
    const c = await h.client();
    const list = (await c.call('audit.list', { entity: 'card', limit: 1_000 })).result;
    const approvals = list.entries.filter((e: { action: string }) => e.action === 'card.approved');
    expect(approvals.length).toBeGreaterThan(0);
    for (const e of approvals) expect(e.actor).toMatch(/^(ws|ipc|internal)#\d+ /);
    const exp = (await c.call('audit.export', { format: 'jsonl' })).result;
    const lines = readFileSync(exp.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(exp.rows);
    expect(JSON.parse(lines.at(-1)!).hash).toBe(exp.lastHash);
    const funnel = (await c.call('cards.funnel')).result;
    expect(funnel.stages.find((s: { stage: string }) => s.stage === 'card').cards).toBeGreaterThan(0);
  });
});

describe('trading desk over time and restarts', () => {
  it('expires a pending card on the simulated clock; an expired card never executes', async () => {
    const h = await startHarness();
    try {
      const [sym] = await approvableSymbols(h, 1);
      const card = await h.engine.call('cards.create', { symbol: sym!, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK, ttlMinutes: 2 });
      expect(card.status).toBe('pending');
      await h.engine.call('clock.set', { jumpTo: card.createdAt + 3 * 60_000 });
      await expect(h.engine.call('cards.approve', { id: card.id })).rejects.toMatchObject({ code: RPC_ERROR.conflict });
      expect((await h.engine.call('cards.get', { id: card.id })).status).toBe('expired');
      expect((await h.engine.call('orders.list', { cardId: card.id })).orders).toHaveLength(0);
      // The sweep expires cards nobody touches.
      const idle = await h.engine.call('cards.create', { symbol: sym!, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK, ttlMinutes: 1 });
      await h.engine.call('clock.set', { jumpTo: idle.createdAt + 2 * 60_000 });
      await h.engine.trading.sweep();
      expect((await h.engine.call('cards.get', { id: idle.id })).status).toBe('expired');
    } finally {
      await h.close();
    }
  }, 60_000);

  it('re-checks at approval: a card whose event window opened meanwhile is refused with 4022', async () => {
    const h = await startHarness();
    try {
      const limits = (await h.engine.call('guardrails.config')).config.limits;
      const u = await h.engine.call('market.universe', { limit: 3_000 });
      let found: { symbol: string } | null = null;
      for (const i of u.items) {
        if (i.kind !== 'stock' || i.price < 5 || i.avgVolume20 < 1e6) continue;
        const r = await h.engine.call('guardrails.evaluate', { symbol: i.symbol, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK });
        const ev = r.checks.find((x) => x.check === 'event_window')!;
        if (r.passed && ev.value === limits.eventBlackoutDays + 1) {
          found = i;
          break;
        }
      }
      expect(found).not.toBeNull();
      const card = await h.engine.call('cards.create', { symbol: found!.symbol, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK, ttlMinutes: 7 * 24 * 60 });
      expect(card.status).toBe('pending');
      // Friday 2026-11-20 → Monday 2026-11-23, 10:00 New York: one trading day closer to the event.
      await h.engine.call('clock.set', { jumpTo: Date.parse('2026-11-23T10:00:00-05:00') });
      await expect(h.engine.call('cards.approve', { id: card.id })).rejects.toMatchObject({ code: RPC_ERROR.guardrailBlocked });
      const after = await h.engine.call('cards.get', { id: card.id });
      expect(after.status).toBe('blocked');
      expect(after.guardrails.checks.find((x) => x.check === 'event_window')!.severity).toBe('block');
      const explained = await h.engine.call('guardrails.explain', { cardId: card.id });
      expect(explained.history.map((r) => r.phase)).toEqual(['creation', 'approval']);
      expect((await h.engine.call('orders.list', { cardId: card.id })).orders).toHaveLength(0);
    } finally {
      await h.close();
    }
  }, 90_000);

  it('the kill switch refuses approvals with 4003, is audited, and survives a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-halt-'));
    try {
      let h = await startHarness({}, dir);
      const [sym] = await approvableSymbols(h, 1);
      const c = await h.client();
      await c.call('events.subscribe', { topics: ['trading.statusChanged'] });
      const card = (await c.call('cards.create', { symbol: sym, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK, ttlMinutes: 600 })).result;
      const halted = (await c.call('trading.halt', { reason: 'risk review' })).result;
      expect(halted).toMatchObject({ halted: true, reason: 'risk review' });
      await c.waitEvent('trading.statusChanged', (d) => d.halted === true);
      const refused = await c.call('cards.approve', { id: card.id });
      expect(refused.error?.code).toBe(RPC_ERROR.forbidden);
      expect(refused.error?.message).toMatch(/risk review/);
      await h.close();

      h = await startHarness({}, dir);
      expect((await h.engine.call('trading.status')).halted).toBe(true);
      await expect(h.engine.call('cards.approve', { id: card.id })).rejects.toMatchObject({ code: RPC_ERROR.forbidden });
      await h.engine.call('trading.resume', { reason: 'review done' });
      const ok = await h.engine.call('cards.approve', { id: card.id });
      expect(ok.order.status).not.toBe('pending_submit');
      const actions = (await h.engine.call('audit.list', { entity: 'trading' })).entries.map((e) => e.action);
      expect(actions).toEqual(['trading.resumed', 'trading.halted']);
      expect((await h.engine.call('audit.verify')).ok).toBe(true);
      await h.close();

      const db = new Database(join(dir, 'kestrel.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(() => db.prepare('SELECT 1').get()).not.toThrow();
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('the window a decision came from', () => {
  it('names the WebSocket client (?client=window:approvals) in the card and the audit log', async () => {
    const h = await startHarness();
    try {
      const [sym] = await approvableSymbols(h, 1);
      const { connectClient } = await import('./harness');
      const c = await connectClient(`${h.wsUrl()}&client=window:approvals`);
      const card = (await c.call('cards.create', { symbol: sym, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK })).result;
      const approved = (await c.call('cards.approve', { id: card.id })).result;
      expect(approved.card.decidedBy).toMatch(/^ws#\d+ window:approvals 127\.0\.0\.1:\d+$/);
      const entries = (await c.call('audit.list', { entity: 'card', entityId: card.id })).result.entries;
      expect(entries.find((e: { action: string }) => e.action === 'card.approved').actor).toBe(approved.card.decidedBy);
      // A name with characters outside the allowed set is ignored, not trusted.
      const odd = await connectClient(`${h.wsUrl()}&client=${encodeURIComponent('<script>')}`);
      const other = (await odd.call('cards.create', { symbol: sym, side: 'buy', quantity: 10, orderType: 'market', playbook: PLAYBOOK })).result;
      const rejected = (await odd.call('cards.reject', { id: other.id, reason: 'test' })).result;
      expect(rejected.decidedBy).toMatch(/^ws#\d+ ws 127\.0\.0\.1:\d+$/);
      c.close();
      odd.close();
    } finally {
      await h.close();
    }
  }, 60_000);
});

describe('tranches, brackets and cancels', () => {
  it('splits an approved card into tranches, re-checks each at submission, holds them while halted, and cancels the rest', async () => {
    const h = await startHarness();
    try {
      const [sym] = await approvableSymbols(h, 1);
      const e = h.engine;
      // mean_reversion: 3 tranches 15 minutes apart, trades only a ranging market (the simulated tape at the start).
      const pb = (await e.call('guardrails.config')).config.playbooks.find((p) => p.id === 'mean_reversion')!;
      const card = await e.call('cards.create', { symbol: sym!, side: 'buy', quantity: 90, orderType: 'market', playbook: 'mean_reversion' });
      expect(card.status).toBe('pending');
      const { order } = await e.call('cards.approve', { id: card.id });
      expect(order).toMatchObject({ tranche: 1, quantity: 30 });
      let orders = (await e.call('orders.list', { cardId: card.id })).orders;
      expect(orders.map((o) => o.clientOrderId).sort()).toEqual([`${card.id}-t1`, `${card.id}-t2`, `${card.id}-t3`]);
      const t2 = orders.find((o) => o.tranche === 2)!;
      expect(t2.status).toBe('pending_submit');
      expect(t2.dueAt - card.createdAt).toBeGreaterThanOrEqual(pb.tranches.intervalMinutes * 60_000);

      // Halted: the due tranche waits.
      await e.call('trading.halt', { reason: 'lunch' });
      await e.call('clock.set', { jumpTo: t2.dueAt + 1_000 });
      await e.trading.sweep();
      expect((await e.call('orders.list', { cardId: card.id })).orders.find((o) => o.tranche === 2)!.status).toBe('pending_submit');
      await e.call('trading.resume');
      await e.trading.sweep();
      orders = (await e.call('orders.list', { cardId: card.id })).orders;
      expect(orders.find((o) => o.tranche === 2)!.status).not.toBe('pending_submit');
      const phases = (await e.call('guardrails.explain', { cardId: card.id })).history.map((r) => r.phase);
      expect(phases).toEqual(['creation', 'approval', 'submission']);

      // Cancel: the third tranche never goes out; the card ends filled with what it got, and says so.
      const cancelled = await e.call('cards.cancel', { id: card.id, reason: 'enough' });
      expect(cancelled.status).toBe('filled');
      expect(cancelled.filledQuantity).toBeLessThan(90);
      expect(cancelled.statusReason).toMatch(/filled \d+ of 90/);
      expect((await e.call('orders.list', { cardId: card.id })).orders.find((o) => o.tranche === 3)!.status).toBe('cancelled');
      await expect(e.call('cards.cancel', { id: card.id })).rejects.toMatchObject({ code: RPC_ERROR.conflict });
      expect((await e.call('audit.verify')).ok).toBe(true);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('halting with cancelWorking cancels every working order, protective stops included, over WebSocket', async () => {
    const h = await startHarness();
    try {
      const [a, b] = await approvableSymbols(h, 2);
      const e = h.engine;
      const bracket = await createBracket(h, a!, 40);
      await e.call('cards.approve', { id: bracket.id });
      const qb = await e.call('market.quote', { symbol: b! });
      const resting = await e.call('cards.create', { symbol: b!, side: 'buy', quantity: 20, orderType: 'limit', limitPrice: Math.round(qb.last * 0.97 * 100) / 100, playbook: PLAYBOOK });
      await e.call('cards.approve', { id: resting.id });
      const before = await e.call('trading.status');
      expect(before.openOrders).toBeGreaterThanOrEqual(2);

      const c = await h.client();
      const halted = (await c.call('trading.halt', { reason: 'flatten the book', cancelWorking: true })).result;
      expect(halted).toMatchObject({ halted: true, reason: 'flatten the book', openOrders: 0 });
      expect((await e.call('cards.get', { id: resting.id })).status).toBe('cancelled');
      const protective = (await e.call('orders.list', { cardId: bracket.id })).orders.filter((o) => o.role !== 'entry');
      expect(protective.map((o) => o.status).every((s) => s === 'cancelled' || s === 'filled')).toBe(true);
      // the position stays; only orders went
      expect((await e.call('positions.list')).positions.some((p) => p.symbol === a)).toBe(true);
      const requests = (await e.call('audit.list', { entity: 'card' })).entries.filter((x) => x.action === 'card.cancel_requested');
      expect(requests.map((x) => (x.data as { reason: string }).reason)).toContain('trading halted: flatten the book');
      // a plain halt leaves working orders alone; a malformed flag is -32602
      await e.call('trading.resume');
      expect((await c.call('trading.halt', { reason: 'x', cancelWorking: 'yes' })).error?.code).toBe(RPC_ERROR.invalidParams);
      expect((await e.call('audit.verify')).ok).toBe(true);
    } finally {
      await h.close();
    }
  }, 60_000);

  it('a filled bracket entry gets its take-profit and stop-loss as one OCO pair', async () => {
    const h = await startHarness();
    try {
      const [sym] = await approvableSymbols(h, 1);
      const e = h.engine;
      const card = await createBracket(h, sym!, 40);
      expect(card.status).toBe('pending');
      const { order } = await e.call('cards.approve', { id: card.id });
      expect(order.orderType).toBe('market');
      const orders = (await e.call('orders.list', { cardId: card.id })).orders;
      const tp = orders.find((o) => o.role === 'take_profit')!;
      const sl = orders.find((o) => o.role === 'stop_loss')!;
      expect(tp).toMatchObject({ side: 'sell', quantity: 40, orderType: 'limit', limitPrice: card.takeProfitPrice, clientOrderId: `${card.id}-tp` });
      expect(sl).toMatchObject({ side: 'sell', quantity: 40, orderType: 'stop', stopPrice: card.stopLossPrice, clientOrderId: `${card.id}-sl` });
      expect(['submitted', 'filled', 'cancelled']).toContain(tp.status);
      expect(['submitted', 'filled', 'cancelled']).toContain(sl.status);
      expect((await e.call('cards.get', { id: card.id })).status).toBe('filled');
    } finally {
      await h.close();
    }
  }, 60_000);
});
