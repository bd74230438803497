import { describe, expect, it } from 'vitest';
import { sessionFor } from '../../market/calendar';
import { harness, MIN, request, SESSION } from './paper-broker.fixture';

const triggered = (h: ReturnType<typeof harness>, id: string): number =>
  (h.db.prepare('SELECT triggered FROM paper_orders WHERE client_order_id = ?').get(id) as { triggered: number }).triggered;

describe('paper broker: limit orders', () => {
  it('rests a buy limit until the ask reaches it, then fills at the ask (never above the limit) from traded volume', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10, bid: 9.99, ask: 10, volume: 1_000_000 });
    const o = await h.broker.submit(request({ clientOrderId: 'l', orderType: 'limit', limitPrice: 9.95 }));
    expect(o).toMatchObject({ status: 'submitted', filledQuantity: 0 });
    h.setQuote('AAA', { last: 9.97, bid: 9.96, ask: 9.97, volume: 1_010_000 });
    h.broker.process();
    expect((await h.broker.getOrder('l'))!.filledQuantity).toBe(0); // ask above the limit
    h.setQuote('AAA', { last: 9.9, bid: 9.89, ask: 9.9, volume: 1_010_000 });
    h.broker.process();
    expect((await h.broker.getOrder('l'))!.filledQuantity).toBe(0); // nothing traded since the last batch
    h.setQuote('AAA', { last: 9.9, bid: 9.89, ask: 9.9, volume: 1_020_000 });
    h.broker.process();
    expect(await h.broker.getOrder('l')).toMatchObject({ status: 'filled', avgFillPrice: 9.91 }); // 9.90 × 1.0001 ↑
  });

  it('fills a marketable buy limit at submit, capped at its limit', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10, bid: 9.99, ask: 10 });
    expect(await h.broker.submit(request({ clientOrderId: 'a', orderType: 'limit', limitPrice: 10.05 }))).toMatchObject({
      status: 'filled',
      avgFillPrice: 10.01,
    });
    expect(await h.broker.submit(request({ clientOrderId: 'b', orderType: 'limit', limitPrice: 10 }))).toMatchObject({
      status: 'filled',
      avgFillPrice: 10,
    });
  });

  it('fills a sell limit when the bid reaches it, never below the limit', async () => {
    const h = harness({ positions: { AAA: 100 } });
    h.setQuote('AAA', { last: 10, bid: 9.99, ask: 10, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 's', side: 'sell', orderType: 'limit', limitPrice: 10.2 }));
    h.setQuote('AAA', { last: 10.2, bid: 10.19, ask: 10.2, volume: 1_010_000 });
    h.broker.process();
    expect((await h.broker.getOrder('s'))!.filledQuantity).toBe(0);
    h.setQuote('AAA', { last: 10.26, bid: 10.25, ask: 10.26, volume: 1_020_000 });
    h.broker.process();
    expect(await h.broker.getOrder('s')).toMatchObject({ status: 'filled', avgFillPrice: 10.24 }); // 10.25 × 0.9999 ↓
  });
});

describe('paper broker: stops', () => {
  it('triggers a sell stop when the last trade crosses it and fills it as a market order at once', async () => {
    const h = harness({ positions: { AAA: 100 } });
    h.setQuote('AAA', { last: 10, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'sl', side: 'sell', orderType: 'stop', stopPrice: 9.5 }));
    h.setQuote('AAA', { last: 9.51, bid: 9.5, ask: 9.52 });
    h.broker.process();
    expect(await h.broker.getOrder('sl')).toMatchObject({ status: 'submitted', filledQuantity: 0 });
    expect(triggered(h, 'sl')).toBe(0);
    h.setQuote('AAA', { last: 9.49, bid: 9.48, ask: 9.5 }); // no new volume: the immediate size fills it
    h.broker.process();
    expect(await h.broker.getOrder('sl')).toMatchObject({ status: 'filled', avgFillPrice: 9.47 }); // 9.48 × 0.9999 ↓
    expect(triggered(h, 'sl')).toBe(1);
  });

  it('triggers a buy stop at or above its price, and at submit when already crossed', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10.49, bid: 10.48, ask: 10.5 });
    await h.broker.submit(request({ clientOrderId: 'bs', orderType: 'stop', stopPrice: 10.5 }));
    h.broker.process();
    expect((await h.broker.getOrder('bs'))!.filledQuantity).toBe(0);
    h.setQuote('AAA', { last: 10.5, bid: 10.49, ask: 10.51 });
    h.broker.process();
    expect(await h.broker.getOrder('bs')).toMatchObject({ status: 'filled', avgFillPrice: 10.52 }); // 10.51 × 1.0001 ↑
    const crossed = await h.broker.submit(request({ clientOrderId: 'bs2', orderType: 'stop', stopPrice: 9 }));
    expect(crossed).toMatchObject({ status: 'filled', avgFillPrice: 10.52 });
  });

  it('turns a triggered stop-limit into a limit order', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10.4, bid: 10.39, ask: 10.41, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'sl', orderType: 'stop_limit', stopPrice: 10.5, limitPrice: 10.55 }));
    h.setQuote('AAA', { last: 10.6, bid: 10.61, ask: 10.62 });
    h.broker.process();
    expect(triggered(h, 'sl')).toBe(1);
    expect((await h.broker.getOrder('sl'))!.filledQuantity).toBe(0); // the ask is above the limit
    h.setQuote('AAA', { last: 10.5, bid: 10.49, ask: 10.5, volume: 1_010_000 });
    h.broker.process();
    expect(await h.broker.getOrder('sl')).toMatchObject({ status: 'filled', avgFillPrice: 10.51 });
  });

  it('fills a stop-limit that is marketable when it triggers at once', async () => {
    const h = harness();
    h.setQuote('AAA', { last: 10.4, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'sl', orderType: 'stop_limit', stopPrice: 10.5, limitPrice: 10.6 }));
    h.setQuote('AAA', { last: 10.55, bid: 10.54, ask: 10.56 });
    h.broker.process();
    expect(await h.broker.getOrder('sl')).toMatchObject({ status: 'filled', avgFillPrice: 10.57 });
  });
});

describe('paper broker: OCO groups', () => {
  it('cancels the other orders of a group when one fills, even partly, in the same transaction', async () => {
    const h = harness({ positions: { AAA: 100 } });
    h.setQuote('AAA', { last: 10.5, bid: 10.49, ask: 10.51, volume: 1_000_000 });
    const leg = { side: 'sell' as const, timeInForce: 'gtc' as const, ocoGroup: 'card7' };
    await h.broker.submit(request({ ...leg, clientOrderId: 'card7-tp', orderType: 'limit', limitPrice: 11 }));
    await h.broker.submit(request({ ...leg, clientOrderId: 'card7-sl', orderType: 'stop', stopPrice: 9 }));
    await h.broker.submit(request({ clientOrderId: 'other', orderType: 'limit', limitPrice: 5, ocoGroup: 'card8' }));
    h.broker.process();
    expect((await h.broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['card7-tp', 'card7-sl', 'other']);
    h.events.length = 0;
    h.setQuote('AAA', { last: 11.01, bid: 11, ask: 11.02, volume: 1_000_500 });
    h.broker.process(); // 10 % of 500 = 50 of the take-profit's 100
    expect(h.events).toEqual([
      'fill card7-tp 50@11 fee 1',
      'order card7-tp partially_filled 50',
      'order card7-sl cancelled 0',
    ]);
    expect((await h.broker.getOrder('card7-sl'))!.reason).toBe('OCO: card7-tp filled');
    h.setQuote('AAA', { last: 8.9, bid: 8.89, ask: 8.91, volume: 1_000_600 });
    h.broker.process(); // the cancelled stop never triggers
    expect(await h.broker.fills('card7-sl')).toEqual([]);
    expect((await h.broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['card7-tp', 'other']);
  });
});

describe('paper broker: time in force', () => {
  it('expires day orders at the end of their extended session (20:00 New York); gtc keeps working', async () => {
    const h = harness({ start: SESSION.open + 330 * MIN }); // 15:00
    h.setQuote('AAA', { last: 10 });
    await h.broker.submit(request({ clientOrderId: 'day', orderType: 'limit', limitPrice: 5 }));
    await h.broker.submit(request({ clientOrderId: 'gtc', orderType: 'limit', limitPrice: 5, timeInForce: 'gtc' }));
    h.clock.jumpTo(SESSION.postClose - 1);
    h.broker.process();
    expect((await h.broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['day', 'gtc']);
    h.clock.jumpTo(SESSION.postClose);
    h.broker.process();
    expect(await h.broker.getOrder('day')).toMatchObject({ status: 'expired', reason: 'day order: its session ended' });
    expect((await h.broker.openOrders()).map((o) => o.clientOrderId)).toEqual(['gtc']);
    expect(h.events.at(-1)).toBe('order day expired 0');
  });

  it('expires day orders at 20:00 without a quote batch, from the wall-clock sweep while started', async () => {
    const h = harness({ start: SESSION.open + 330 * MIN, config: { sweepMs: 5 } });
    h.setQuote('AAA', { last: 10 });
    await h.broker.submit(request({ clientOrderId: 'day', orderType: 'limit', limitPrice: 5 }));
    await h.broker.start();
    h.clock.jumpTo(SESSION.postClose);
    await new Promise((r) => setTimeout(r, 60));
    expect((await h.broker.getOrder('day'))!.status).toBe('expired');
    await h.broker.submit(request({ clientOrderId: 'day2', orderType: 'limit', limitPrice: 5 }));
    await h.broker.stop();
    h.clock.jumpTo(sessionFor('2026-03-17')!.postClose);
    await new Promise((r) => setTimeout(r, 60));
    expect((await h.broker.getOrder('day2'))!.status).toBe('submitted'); // stopped: no sweep
  });

  it('gives a day order placed after the close the next session, and fills nothing while closed', async () => {
    const h = harness({ start: SESSION.postClose + 60 * MIN }); // 21:00
    h.setQuote('AAA', { last: 10, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'night', orderType: 'limit', limitPrice: 10.5 }));
    h.setQuote('AAA', { last: 10, volume: 1_100_000 });
    h.broker.process();
    expect((await h.broker.getOrder('night'))!.filledQuantity).toBe(0); // closed: no matching
    const next = sessionFor('2026-03-17')!;
    h.clock.jumpTo(next.preOpen);
    h.setQuote('AAA', { last: 10, volume: 1_200_000 });
    h.broker.process();
    expect(await h.broker.getOrder('night')).toMatchObject({ status: 'filled', avgFillPrice: 10.02 });
    await h.broker.submit(request({ clientOrderId: 'night2', orderType: 'limit', limitPrice: 5 }));
    h.clock.jumpTo(next.postClose);
    h.broker.process();
    expect((await h.broker.getOrder('night2'))!.status).toBe('expired');
  });

  it('ioc fills what it can at once and cancels the rest', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5 });
    h.setQuote('AAA', { last: 10 });
    const o = await h.broker.submit(request({ clientOrderId: 'ioc', symbol: 'THIN', quantity: 1_000, timeInForce: 'ioc' }));
    expect(o).toMatchObject({ status: 'cancelled', filledQuantity: 128, reason: 'IOC: unfilled rest cancelled' });
    const none = await h.broker.submit(request({ clientOrderId: 'ioc2', orderType: 'limit', limitPrice: 5, timeInForce: 'ioc' }));
    expect(none).toMatchObject({ status: 'cancelled', filledQuantity: 0, reason: 'IOC: nothing could fill at once' });
    const all = await h.broker.submit(request({ clientOrderId: 'ioc3', timeInForce: 'ioc' }));
    expect(all).toMatchObject({ status: 'filled', filledQuantity: 100 });
    expect(h.events.slice(0, 4)).toEqual([
      'order ioc submitted 0',
      'fill ioc 128@5.02 fee 1',
      'order ioc partially_filled 128',
      'order ioc cancelled 128',
    ]);
    expect(await h.broker.openOrders()).toEqual([]);
  });
});

describe('paper broker: halts and the quote bus', () => {
  it('fills nothing on a halted symbol until the halt ends', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'w', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }));
    h.clock.advance(MIN);
    h.setQuote('THIN', { last: 5.6, bid: 5.59, ask: 5.6, volume: 1_010_000 }); // +12 % in a minute
    h.broker.process();
    expect(h.broker.haltedUntil('THIN')).toBe(h.clock.now() + 5 * MIN);
    expect((await h.broker.getOrder('w'))!.filledQuantity).toBe(128);
    h.clock.advance(5 * MIN);
    h.setQuote('THIN', { last: 5.6, bid: 5.59, ask: 5.6, volume: 1_012_000 });
    h.broker.process(); // the volume printed during the halt does not count
    expect((await h.broker.getOrder('w'))!.filledQuantity).toBe(128 + 200);
  });

  it('matches on every quotes.updated batch after start() and stops after stop()', async () => {
    const h = harness();
    h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume: 1_000_000 });
    await h.broker.submit(request({ clientOrderId: 'w', symbol: 'THIN', quantity: 1_000, timeInForce: 'gtc' }));
    await h.broker.start();
    await h.broker.start(); // twice: still one subscription
    expect(h.bus.listenerCount('quotes.updated')).toBe(1);
    const batch = (volume: number) => ({
      source: 'test',
      asOf: h.clock.now(),
      quotes: [h.setQuote('THIN', { last: 5, bid: 4.99, ask: 5, volume })],
    });
    h.bus.emit('quotes.updated', batch(1_001_000));
    expect((await h.broker.getOrder('w'))!.filledQuantity).toBe(228);
    await h.broker.stop();
    expect(h.bus.listenerCount('quotes.updated')).toBe(0);
    h.bus.emit('quotes.updated', batch(1_005_000));
    expect((await h.broker.getOrder('w'))!.filledQuantity).toBe(228);
  });
});
