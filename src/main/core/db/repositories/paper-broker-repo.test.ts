import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../index';
import { createPaperBrokerRepo, type PaperBrokerRepo, type PaperOrder } from './paper-broker-repo';

let db: Db;
let repo: PaperBrokerRepo;
beforeEach(() => {
  db = openMemoryDatabase();
  repo = createPaperBrokerRepo(db);
});
afterEach(() => db.close());

const order = (over: Partial<PaperOrder> = {}): PaperOrder => ({
  brokerOrderId: 'P1',
  clientOrderId: 'card1-t1',
  symbol: 'AAA',
  side: 'buy',
  quantity: 100,
  filledQuantity: 0,
  orderType: 'limit',
  limitPrice: 10.5,
  stopPrice: null,
  timeInForce: 'day',
  ocoGroup: null,
  status: 'submitted',
  reason: null,
  avgFillPrice: null,
  triggered: false,
  createdAt: 1_000,
  updatedAt: 1_000,
  ...over,
});

describe('createPaperBrokerRepo', () => {
  it('stores an order once per client order id and reads it back by either id', () => {
    expect(repo.insertOrder(order())).toBe(true);
    expect(repo.insertOrder(order({ brokerOrderId: 'P2', quantity: 999 }))).toBe(false);
    expect(repo.byClientId('card1-t1')).toEqual(order());
    expect(repo.byBrokerId('P1')).toEqual(order());
    expect(repo.byBrokerId('P2')).toBeNull();
    expect(repo.byClientId('nope')).toBeNull();
  });

  it('lists working orders oldest first, and working orders of an OCO group', () => {
    repo.insertOrder(order({ brokerOrderId: 'P1', clientOrderId: 'a', createdAt: 30, ocoGroup: 'g' }));
    repo.insertOrder(order({ brokerOrderId: 'P2', clientOrderId: 'b', createdAt: 10, status: 'partially_filled' }));
    repo.insertOrder(order({ brokerOrderId: 'P3', clientOrderId: 'c', createdAt: 20, status: 'filled', ocoGroup: 'g' }));
    repo.insertOrder(order({ brokerOrderId: 'P4', clientOrderId: 'd', createdAt: 40, ocoGroup: 'g' }));
    expect(repo.working().map((o) => o.clientOrderId)).toEqual(['b', 'a', 'd']);
    expect(repo.workingInGroup('g').map((o) => o.clientOrderId)).toEqual(['a', 'd']);
  });

  it('updates only the mutable fields', () => {
    repo.insertOrder(order());
    repo.updateOrder(
      order({ filledQuantity: 40, status: 'partially_filled', avgFillPrice: 10.2, triggered: true, updatedAt: 5, quantity: 7 }),
    );
    expect(repo.byClientId('card1-t1')).toEqual(
      order({ filledQuantity: 40, status: 'partially_filled', avgFillPrice: 10.2, triggered: true, updatedAt: 5 }),
    );
  });

  it('stores fills with unique ids, lists them oldest first and totals them', () => {
    repo.insertOrder(order());
    const fill = { brokerOrderId: 'P1', clientOrderId: 'card1-t1', symbol: 'AAA', side: 'buy' as const };
    repo.insertFill({ ...fill, brokerFillId: 'P1-2', quantity: 30, price: 10, feeCents: 0, t: 200 });
    repo.insertFill({ ...fill, brokerFillId: 'P1-1', quantity: 10, price: 11, feeCents: 100, t: 100 });
    expect(() => repo.insertFill({ ...fill, brokerFillId: 'P1-1', quantity: 1, price: 1, feeCents: 0, t: 1 })).toThrow(
      /UNIQUE/,
    );
    expect(repo.fills('card1-t1').map((f) => f.brokerFillId)).toEqual(['P1-1', 'P1-2']);
    expect(repo.totals('P1')).toEqual({ count: 2, quantity: 40, value: 410, feeCents: 100 });
    expect(repo.totals('P9')).toEqual({ count: 0, quantity: 0, value: 0, feeCents: 0 });
  });

  it('rolls a failed transaction back as a whole', () => {
    repo.insertOrder(order());
    expect(() =>
      repo.transaction(() => {
        repo.updateOrder(order({ status: 'filled', filledQuantity: 100 }));
        repo.insertFill({
          brokerFillId: 'X',
          brokerOrderId: 'no-such-order',
          clientOrderId: 'card1-t1',
          symbol: 'AAA',
          side: 'buy',
          quantity: 100,
          price: 10,
          feeCents: 100,
          t: 1,
        });
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(repo.byClientId('card1-t1')?.status).toBe('submitted');
  });
});
