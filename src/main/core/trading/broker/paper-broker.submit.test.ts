import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrate, openDatabase } from '../../db';
import { AT_10AM, harness, MIN, request, SESSION, type Harness } from './paper-broker.fixture';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const count = (h: Harness, table: 'paper_orders' | 'paper_fills'): number =>
  (h.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('paper broker submit: idempotency', () => {
  it('places one order for one client order id, however often it is submitted', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10 });
    const first = await h.broker.submit(request({ clientOrderId: 'c1-t1' }));
    const again = await h.broker.submit(request({ clientOrderId: 'c1-t1' }));
    const different = await h.broker.submit(request({ clientOrderId: 'c1-t1', quantity: 500, side: 'sell' }));
    expect(first.status).toBe('filled');
    expect(again).toEqual(first);
    expect(different).toEqual(first);
    expect(count(h, 'paper_orders')).toBe(1);
    expect(count(h, 'paper_fills')).toBe(1);
    expect(h.events.filter((e) => e.startsWith('fill'))).toHaveLength(1);
  });

  it('returns the stored order after a restart on the same database file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-paper-'));
    dirs.push(dir);
    const path = join(dir, 'kestrel.db');
    const open = () => {
      const db = openDatabase({ path });
      migrate(db, path);
      return db;
    };
    const db1 = open();
    const h1 = harness({ db: db1 });
    h1.setQuote('AAA', { last: 10 });
    const placed = await h1.broker.submit(request({ clientOrderId: 'c2-t1', orderType: 'limit', limitPrice: 9 }));
    expect(placed.status).toBe('submitted');
    closeDatabase(db1);

    const db2 = open();
    const h2 = harness({ db: db2 });
    h2.setQuote('AAA', { last: 10 });
    const resubmitted = await h2.broker.submit(request({ clientOrderId: 'c2-t1', orderType: 'limit', limitPrice: 9 }));
    expect(resubmitted).toEqual(placed);
    expect(count(h2, 'paper_orders')).toBe(1);
    expect(h2.events).toEqual([]);
    closeDatabase(db2);
  });

  it('gives every order a distinct broker order id', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10 });
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await h.broker.submit(request({ clientOrderId: `c-${i}` }))).brokerOrderId);
    expect(ids.size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^P[0-9a-f-]{36}$/);
  });
});

describe('paper broker submit: refusals are rejected orders, never throws', () => {
  const cases: { name: string; over: Parameters<typeof request>[0]; reason: RegExp; setup?: (h: Harness) => void }[] = [
    { name: 'zero quantity', over: { clientOrderId: 'q0', quantity: 0 }, reason: /positive whole number/ },
    { name: 'negative quantity', over: { clientOrderId: 'q1', quantity: -5 }, reason: /positive whole number/ },
    { name: 'fractional quantity', over: { clientOrderId: 'q2', quantity: 1.5 }, reason: /positive whole number/ },
    { name: 'NaN quantity', over: { clientOrderId: 'q3', quantity: Number.NaN }, reason: /positive whole number/ },
    { name: 'limit without a price', over: { clientOrderId: 'l0', orderType: 'limit' }, reason: /needs a positive limit price/ },
    { name: 'stop without a price', over: { clientOrderId: 's0', orderType: 'stop' }, reason: /needs a positive stop price/ },
    { name: 'unknown symbol', over: { clientOrderId: 'u0', symbol: 'ZZZZ' }, reason: /^unknown symbol ZZZZ$/ },
    { name: 'no quote', over: { clientOrderId: 'n0', symbol: 'NOQ' }, reason: /^no quote for NOQ$/ },
    {
      name: 'buying power',
      over: { clientOrderId: 'b0', quantity: 100 },
      reason: /insufficient buying power: the order needs \$1,001\.00, \$1,000\.00 is available/,
      setup: (h) => (h.account.buyingPower = 1_000),
    },
    {
      name: 'buying power at the limit price',
      over: { clientOrderId: 'b1', orderType: 'limit', limitPrice: 12, quantity: 100 },
      reason: /needs \$1,200\.00/,
      setup: (h) => (h.account.buyingPower = 1_100),
    },
    { name: 'short without borrow (float)', over: { clientOrderId: 'sh0', side: 'short', symbol: 'THIN' }, reason: /no borrow: float 2,000,000 is under 10,000,000/ },
    { name: 'short without borrow (OTC)', over: { clientOrderId: 'sh1', side: 'short', symbol: 'OTCX' }, reason: /no borrow: OTCX trades OTC/ },
    {
      name: 'sell more than the long position',
      over: { clientOrderId: 'se0', side: 'sell', quantity: 51 },
      reason: /sell of 51 shares exceeds the long position of 50/,
      setup: (h) => h.account.positions.set('AAA', 50),
    },
    {
      name: 'sell while short',
      over: { clientOrderId: 'se1', side: 'sell', quantity: 1 },
      reason: /exceeds the long position of 0/,
      setup: (h) => h.account.positions.set('AAA', -30),
    },
    {
      name: 'cover more than the short',
      over: { clientOrderId: 'co0', side: 'cover', quantity: 31 },
      reason: /cover of 31 shares exceeds the short position of 30/,
      setup: (h) => h.account.positions.set('AAA', -30),
    },
  ];

  for (const c of cases) {
    it(`rejects: ${c.name}`, async () => {
      const h = harness();
      for (const s of ['AAA', 'THIN', 'OTCX']) h.setQuote(s, { last: 10 });
      c.setup?.(h);
      const order = await h.broker.submit(request(c.over));
      expect(order.status).toBe('rejected');
      expect(order.reason).toMatch(c.reason);
      expect(order.filledQuantity).toBe(0);
      expect(await h.broker.getOrder(c.over.clientOrderId)).toEqual(order);
      expect(h.db.prepare('SELECT status, reason FROM paper_orders').get()).toEqual({ status: 'rejected', reason: order.reason });
      expect(h.events).toEqual([`order ${c.over.clientOrderId} rejected 0`]);
      expect(count(h, 'paper_fills')).toBe(0);
      expect(await h.broker.openOrders()).toEqual([]);
    });
  }

  it('accepts the same orders just inside each limit', async () => {
    const h = harness({ buyingPower: 1_001 });
    for (const s of ['AAA', 'BIG']) h.setQuote(s, { last: 10 });
    h.account.positions.set('BIG', -30);
    expect((await h.broker.submit(request({ clientOrderId: 'b0', quantity: 100 }))).status).toBe('filled'); // $1,001
    h.account.positions.set('AAA', 50);
    expect((await h.broker.submit(request({ clientOrderId: 'se0', side: 'sell', quantity: 50 }))).status).toBe('filled');
    expect((await h.broker.submit(request({ clientOrderId: 'co0', symbol: 'BIG', side: 'cover', quantity: 30 }))).status).toBe('filled');
    h.account.buyingPower = 1_000_000;
    expect((await h.broker.submit(request({ clientOrderId: 'sh0', side: 'short', quantity: 10 }))).status).toBe('filled');
  });

  it("rejects market orders outside the extended session ('market closed') but accepts a limit", async () => {
    const h = harness({ start: SESSION.preOpen - 30 * MIN });
    h.setQuote('AAA', { last: 10 });
    const market = await h.broker.submit(request({ clientOrderId: 'm0' }));
    expect(market).toMatchObject({ status: 'rejected', reason: 'market closed' });
    const limit = await h.broker.submit(request({ clientOrderId: 'l0', orderType: 'limit', limitPrice: 11 }));
    expect(limit).toMatchObject({ status: 'submitted', filledQuantity: 0 });
    h.clock.jumpTo(SESSION.postClose);
    expect((await h.broker.submit(request({ clientOrderId: 'm1' }))).reason).toBe('market closed');
    h.clock.jumpTo(SESSION.postClose - 1);
    expect((await h.broker.submit(request({ clientOrderId: 'm2' }))).status).toBe('filled');
  });

  it('rejects a halted symbol and accepts it again when the halt ends', async () => {
    const h = harness();
    await h.broker.start();
    h.bus.emit('quotes.updated', { source: 'test', asOf: AT_10AM, quotes: [h.setQuote('AAA', { last: 10 })] });
    h.clock.advance(2 * MIN);
    h.bus.emit('quotes.updated', { source: 'test', asOf: h.clock.now(), quotes: [h.setQuote('AAA', { last: 11.2 })] });
    expect(h.broker.haltedUntil('AAA')).toBe(AT_10AM + 7 * MIN);
    const refused = await h.broker.submit(request({ clientOrderId: 'h0' }));
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toMatch(/AAA is halted \(LULD-style move halt\) until 2026-03-16T14:07:00.000Z/);
    h.clock.advance(5 * MIN);
    h.setQuote('AAA', { last: 11.25 });
    expect(h.broker.haltedUntil('AAA')).toBeNull();
    expect((await h.broker.submit(request({ clientOrderId: 'h1' }))).status).toBe('filled');
    await h.broker.stop();
  });
});
