import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness, request } from './paper-broker.fixture';

describe('paper broker: market fills', () => {
  it('fills a market buy inside submit at the ask plus square-root slippage, rounded to the tick', () => {
    const h = harness();
    h.setQuote('BIG', { last: 50, bid: 49.99, ask: 50 });
    const pending = h.broker.submit(request({ clientOrderId: 'b1', symbol: 'BIG', quantity: 4_000 }));
    // Before submit's promise resolves, the fill has been stored and announced.
    // slip = 300 bps × sqrt(4,000 / 10,000,000) = 6 bps → 50 × 1.0006 = 50.03; fee 4,000 × $0.005 = $20.
    expect(h.events).toEqual(['order b1 submitted 0', 'fill b1 4000@50.03 fee 20', 'order b1 filled 4000']);
    return pending.then(async (o) => {
      expect(o).toMatchObject({ status: 'filled', filledQuantity: 4_000, avgFillPrice: 50.03, reason: null });
      expect(await h.broker.fills('b1')).toEqual([
        {
          brokerFillId: `${o.brokerOrderId}-1`,
          brokerOrderId: o.brokerOrderId,
          clientOrderId: 'b1',
          symbol: 'BIG',
          side: 'buy',
          quantity: 4_000,
          price: 50.03,
          fee: 20,
          t: h.clock.now(),
        },
      ]);
    });
  });

  it('fills a market sell at the bid minus slippage', async () => {
    const h = harness({ positions: { BIG: 4_000 } });
    h.setQuote('BIG', { last: 50, bid: 49.99, ask: 50 });
    const o = await h.broker.submit(request({ clientOrderId: 's1', symbol: 'BIG', side: 'sell', quantity: 4_000 }));
    expect(o.avgFillPrice).toBe(49.96); // 49.99 × 0.9994 = 49.960006 → down to the tick
  });

  it('never gives a larger order a better average price (property)', async () => {
    const averagePrice = async (qty: number): Promise<number> => {
      const h = harness({ buyingPower: 1e9 });
      h.setQuote('BIG', { last: 50, bid: 49.99, ask: 50, volume: 1_000_000 });
      await h.broker.submit(request({ clientOrderId: 'p', symbol: 'BIG', quantity: qty, timeInForce: 'gtc' }));
      for (let i = 1; i <= 10 && (await h.broker.openOrders()).length > 0; i++) {
        h.setQuote('BIG', { last: 50, bid: 49.99, ask: 50, volume: 1_000_000 + i * 100_000 });
        h.broker.process();
      }
      const o = (await h.broker.getOrder('p'))!;
      expect(o.status).toBe('filled');
      h.db.close();
      return o.avgFillPrice!;
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 60_000 }), async (a, b) => {
        const [small, large] = a <= b ? [a, b] : [b, a];
        const ps = await averagePrice(small);
        const pl = await averagePrice(large);
        expect(ps).toBeGreaterThanOrEqual(50);
        expect(pl).toBeGreaterThanOrEqual(ps);
      }),
      { numRuns: 40 },
    );
    expect(await averagePrice(60_000)).toBeGreaterThan(await averagePrice(100));
  });
});

describe('paper broker: partial fills over time', () => {
  it('fills a large order in slices: the immediate size, then a share of the volume of each batch', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    // Immediate size: max(100, 0.25 × 200,000 / 390 = 128). Slippage 300 × sqrt(1,000 / 200,000) = 21.2 bps.
    const o = await h.broker.submit(request({ clientOrderId: 'big', symbol: 'THIN', quantity: 1_000 }));
    expect(o).toMatchObject({ status: 'partially_filled', filledQuantity: 128, avgFillPrice: 5.02 });

    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_002_000 });
    h.broker.process(); // 10 % of 2,000
    h.broker.process(); // nothing traded since: nothing more
    expect((await h.broker.getOrder('big'))!.filledQuantity).toBe(328);
    h.setQuote('THIN', { last: 5.1, bid: 5.09, ask: 5.1, volume: 1_007_000 });
    h.broker.process(); // 500 at 5.10 × 1.00212 → 5.12
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_017_000 });
    h.broker.process(); // the last 172
    const done = (await h.broker.getOrder('big'))!;
    expect(done).toMatchObject({ status: 'filled', filledQuantity: 1_000, avgFillPrice: 5.07 });
    const fills = await h.broker.fills('big');
    expect(fills.map((f) => [f.brokerFillId.slice(-2), f.quantity, f.price, f.fee])).toEqual([
      ['-1', 128, 5.02, 1], // $0.64 → the $1 minimum
      ['-2', 200, 5.02, 0.64], // order fee 1,64 → 0,64 more
      ['-3', 500, 5.12, 2.5],
      ['-4', 172, 5.02, 0.86],
    ]);
    // The order's commission is $0.005 × 1,000 = $5, whatever the slicing.
    expect(fills.reduce((s, f) => s + f.fee, 0)).toBeCloseTo(5, 10);
    expect(h.events.filter((e) => e.startsWith('order'))).toEqual([
      'order big submitted 0',
      'order big partially_filled 128',
      'order big partially_filled 328',
      'order big partially_filled 828',
      'order big filled 1000',
    ]);
  });

  it('shares the volume of a batch between orders of a symbol, oldest first', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'a', symbol: 'THIN', quantity: 1_000 }));
    await h.broker.submit(request({ clientOrderId: 'b', symbol: 'THIN', quantity: 1_000 }));
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_002_000 });
    h.broker.process();
    expect((await h.broker.getOrder('a'))!.filledQuantity).toBe(328);
    expect((await h.broker.getOrder('b'))!.filledQuantity).toBe(128);
  });

  it('treats a fall of the cumulative volume as a new day', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'a', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }));
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 3_000 });
    h.broker.process();
    expect((await h.broker.getOrder('a'))!.filledQuantity).toBe(128 + 300);
  });
});

describe('paper broker: fees', () => {
  it('charges at least $1 and at most 1 % of the value', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10, bid: 9.99, ask: 10 });
    h.setQuote('PNY', { last: 0.5, bid: 0.4999, ask: 0.5001 });
    await h.broker.submit(request({ clientOrderId: 'min', quantity: 100 }));
    await h.broker.submit(request({ clientOrderId: 'max', symbol: 'PNY', quantity: 10 }));
    expect((await h.broker.fills('min'))[0]).toMatchObject({ price: 10.01, fee: 1 }); // $0.50 → $1
    // 10 × 0.5002 = $5.00 traded: 1 % is $0.05, under the $1 minimum.
    expect((await h.broker.fills('max'))[0]).toMatchObject({ price: 0.5002, fee: 0.05 });
  });

  it('takes its constants from the config', async () => {
    const h = harness({ config: { feePerShare: 0.01, feeMin: 0, impactBps: 0 } });
    h.setQuote('AAA', { last: 10, bid: 9.99, ask: 10 });
    await h.broker.submit(request({ clientOrderId: 'c', quantity: 100 }));
    expect((await h.broker.fills('c'))[0]).toMatchObject({ price: 10, fee: 1 });
  });
});

describe('paper broker: listeners, cancel and queries', () => {
  it('announces a fill only after it is stored, and its order update right after it', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10 });
    const seen: string[] = [];
    h.broker.onFill(() => {
      throw new Error('a broken listener');
    });
    h.broker.onFill((f) => {
      const row = h.db.prepare('SELECT quantity FROM paper_fills WHERE broker_fill_id = ?').get(f.brokerFillId);
      const order = h.db.prepare('SELECT filled_quantity AS q FROM paper_orders WHERE broker_order_id = ?').get(f.brokerOrderId);
      seen.push(`fill stored=${JSON.stringify(row)} order=${JSON.stringify(order)}`);
    });
    h.broker.onOrderUpdate((o) => {
      const row = h.db.prepare('SELECT status FROM paper_orders WHERE client_order_id = ?').get(o.clientOrderId) as { status: string };
      seen.push(`order ${o.status} stored=${row.status}`);
    });
    await h.broker.submit(request({ clientOrderId: 'x', quantity: 100 }));
    expect(seen).toEqual([
      'order submitted stored=filled', // one transaction: acceptance and fill commit together
      'fill stored={"quantity":100} order={"q":100}',
      'order filled stored=filled',
    ]);
  });

  it('cancels what is left, leaves finished orders alone and knows nothing of unknown ids', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5 });
    h.setQuote('AAA', { last: 10 });
    await h.broker.submit(request({ clientOrderId: 'big', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }));
    const small = await h.broker.submit(request({ clientOrderId: 'small' }));
    expect((await h.broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['big']);
    h.events.length = 0;
    const cancelled = await h.broker.cancel('big', 'trader changed their mind');
    expect(cancelled).toMatchObject({ status: 'cancelled', filledQuantity: 128, reason: 'trader changed their mind' });
    expect(await h.broker.cancel('big')).toEqual(cancelled);
    expect(await h.broker.cancel('small')).toEqual(small);
    expect(await h.broker.cancel('nope')).toBeNull();
    expect(await h.broker.getOrder('nope')).toBeNull();
    expect(await h.broker.fills('nope')).toEqual([]);
    expect(h.events).toEqual(['order big cancelled 128']);
    expect(await h.broker.openOrders()).toEqual([]);
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 5_000_000 });
    h.broker.process();
    expect((await h.broker.getOrder('big'))!.filledQuantity).toBe(128);
  });

  it('defaults the cancel reason', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10 });
    await h.broker.submit(request({ clientOrderId: 'l', orderType: 'limit', limitPrice: 5 }));
    expect((await h.broker.cancel('l'))!.reason).toBe('cancelled on request');
  });
});
