/**
 * The option-chain methods through a real engine and browser-mode server over WebSocket: expiries, chains,
 * analytics, the pure max pain and IV stats, and their errors. Results are validated against the contract by
 * the dispatcher (validateResults).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type TestClient } from './harness';

let h: Harness;
let c: TestClient;

beforeAll(async () => {
  h = await startHarness({ paused: true });
  c = await h.client();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('options chain over WebSocket', () => {
  it('options.expiries: IWM is optionable with weeklies and monthlies; an OTC or sub-$300M name says why', async () => {
    const r = await c.call('options.expiries', { underlying: 'IWM' });
    expect(r.error).toBeUndefined();
    expect(r.result.optionable).toBe(true);
    expect(r.result.expiries[0].expiry).toBe('2026-11-20');
    expect(r.result.expiries.map((e: { kind: string }) => e.kind)).toContain('weekly');
    const u = await c.call('market.universe', { offset: 0, limit: 5_000 });
    const small = (u.result.items as { symbol: string; marketCap: number; kind: string }[]).find((i) => i.kind === 'stock' && i.marketCap < 300e6)!;
    const no = await c.call('options.expiries', { underlying: small.symbol });
    expect(no.result).toMatchObject({ optionable: false, expiries: [] });
    expect(no.result.reason).toMatch(/300M/);
  });

  it('options.chain: the nearest expiry at least a day out, priced from the live quote, with both sides per strike', async () => {
    const r = await c.call('options.chain', { underlying: 'IWM' });
    expect(r.error).toBeUndefined();
    expect(r.result.expiry).toBe('2026-11-27');
    const q = await c.call('market.quote', { symbol: 'IWM' });
    expect(r.result.spot).toBe(q.result.last);
    expect(r.result.rows.length).toBeGreaterThan(50);
    const atm = r.result.rows.find((x: { strike: number }) => x.strike === r.result.atmStrike);
    expect(atm.call.delta).toBeGreaterThan(0.3);
    expect(atm.call.delta).toBeLessThan(0.7);
    expect(atm.put.delta).toBeLessThan(0);
  });

  it('errors: unknown symbol 4004, unlisted expiry -32602 naming the listed ones, malformed params -32602', async () => {
    expect((await c.call('options.chain', { underlying: 'ZZZZZZ' })).error?.code).toBe(4004);
    const bad = await c.call('options.chain', { underlying: 'IWM', expiry: '2026-11-26' });
    expect(bad.error?.code).toBe(-32602);
    expect(bad.error?.message).toContain('2026-11-27');
    expect((await c.call('options.chain', { underlying: 'IWM', expiry: '27-11-2026' })).error?.code).toBe(-32602);
  });

  it('options.analytics: IV rank and percentile over 252 sessions, PCRs, max pain, expected move, GEX, smile', async () => {
    const r = await c.call('options.analytics', { underlying: 'IWM', expiry: '2026-12-18' });
    expect(r.error).toBeUndefined();
    expect(r.result.ivHistory).toHaveLength(252);
    expect(r.result.ivStats.days).toBe(252);
    expect(r.result.expiry).toBe('2026-12-18');
    expect(r.result.maxPain.curve.length).toBe(r.result.smile.length);
    expect(r.result.expectedMove.dollars).toBeGreaterThan(0);
  });

  it('options.maxPain and options.ivStats give NUMBERS.md’s published answers', async () => {
    const mp = await c.call('options.maxPain', {
      strikes: [
        { strike: 95, putOi: 21, callOi: 9 },
        { strike: 100, putOi: 33, callOi: 45 },
        { strike: 105, putOi: 5, callOi: 25 },
      ],
    });
    expect(mp.result.maxPain).toBe(100);
    expect(mp.result.curve.map((p: { total: number }) => p.total)).toEqual([21_500, 7_000, 31_500]);
    const iv = await c.call('options.ivStats', { history: [30, 10, 11, 15, 17], current: 20 });
    expect(iv.result).toMatchObject({ ivRank: 50, ivPercentile: 80 });
    expect((await c.call('options.maxPain', { strikes: [] })).error?.code).toBe(-32602);
  });
});
