import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../../src/main/core/db/migrate';
import { connectClient, startHarness, TOKEN, START, type Harness, type TestClient } from './harness';

let h: Harness;
let c: TestClient;
const base = () => `http://127.0.0.1:${h.server.port}`;

beforeAll(async () => {
  h = await startHarness();
  c = await h.client();
}, 60_000);
afterAll(async () => h?.close());

describe('HTTP', () => {
  it('serves /health without a token', async () => {
    const res = await fetch(`${base()}/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', db: { ok: true }, source: { name: 'simulator' }, clock: { mode: 'simulated' } });
  });

  it('serves /metrics only with the token, as Prometheus text', async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(401);
    expect((await fetch(`${base()}/metrics?token=wrong-token-000`)).status).toBe(401);
    const res = await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('kestrel_rpc_calls_total');
    expect(text).toContain('kestrel_process_resident_memory_bytes');
  });

  it('serves the renderer with a strict CSP, falls back to index.html for views and refuses traversal', async () => {
    const page = await fetch(`${base()}/?view=market`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('Kestrel test');
    expect((await fetch(`${base()}/some/route`)).status).toBe(200);
    expect((await fetch(`${base()}/missing.js`)).status).toBe(404);
    // An encoded traversal is normalised inside the root: it can never read a file outside it.
    const traversal = await fetch(`${base()}/..%2f..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
    expect((await fetch(`${base()}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base()}/health`, { method: 'POST' })).status).toBe(405);
  });
});

describe('WebSocket authentication', () => {
  it('refuses a connection without the token or with a wrong one', async () => {
    await expect(connectClient(h.wsUrl(null))).rejects.toThrow(/401/);
    await expect(connectClient(h.wsUrl('not-the-token'))).rejects.toThrow(/401/);
  });

  it('accepts the token as a Bearer header', async () => {
    const other = await connectClient(h.wsUrl(null), { authorization: `Bearer ${TOKEN}` });
    expect((await other.call('clock.get')).result.mode).toBe('simulated');
    other.close();
  });

  it('refuses a cross-origin browser connection', async () => {
    await expect(connectClient(h.wsUrl(), { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });
});

describe('methods', () => {
  it('system.health and system.info', async () => {
    const health = (await c.call('system.health')).result;
    expect(health.status).toBe('ok');
    expect(health.uptimeMs).toBeGreaterThanOrEqual(0);
    const info = (await c.call('system.info')).result;
    expect(info).toMatchObject({ name: 'Kestrel', host: 'test', seed: 42, source: 'simulator', schemaVersion: latestVersion() });
    expect(info.instruments).toBeGreaterThanOrEqual(1809);
  });

  it('clock.get reports the simulated New York session', async () => {
    const clock = (await c.call('clock.get')).result;
    expect(clock).toMatchObject({ mode: 'simulated', timeZone: 'America/New_York', session: { date: '2026-11-20', phase: 'regular' } });
    expect(clock.now).toBeGreaterThanOrEqual(START);
  });

  it('market.universe pages, filters by sector and searches', async () => {
    const all = (await c.call('market.universe', { limit: 10_000 })).result;
    expect(all.total).toBeGreaterThanOrEqual(1809);
    expect(all.items).toHaveLength(all.total);
    const item = all.items.find((i: { kind: string }) => i.kind === 'stock');
    expect(item.price).toBeGreaterThan(0);
    expect(item.avgVolume20).toBeGreaterThan(0);
    const page = (await c.call('market.universe', { offset: 10, limit: 5 })).result;
    expect(page.items.map((i: { symbol: string }) => i.symbol)).toEqual(all.items.slice(10, 15).map((i: { symbol: string }) => i.symbol));
    const tech = (await c.call('market.universe', { sector: 'technology', limit: 10_000 })).result;
    expect(tech.total).toBeGreaterThan(100);
    expect(tech.items.every((i: { sector: string }) => i.sector === 'technology')).toBe(true);
    const iwm = (await c.call('market.universe', { search: 'iwm' })).result;
    expect(iwm.items[0].symbol).toBe('IWM');
  });

  it('market.search finds a symbol or a name prefix', async () => {
    const res = (await c.call('market.search', { query: 'xl' })).result;
    expect(res.items.map((i: { symbol: string }) => i.symbol)).toEqual(expect.arrayContaining(['XLK', 'XLV']));
    expect((await c.call('market.search', { query: '' })).error?.code).toBe(-32602);
  });

  it('market.quote and market.quotes', async () => {
    const q = (await c.call('market.quote', { symbol: 'iwm' })).result;
    expect(q.symbol).toBe('IWM');
    expect(q.ask).toBeGreaterThanOrEqual(q.bid);
    expect(q.high).toBeGreaterThanOrEqual(q.low);
    expect((await c.call('market.quote', { symbol: 'NOSUCH' })).error?.code).toBe(4004);
    const some = (await c.call('market.quotes', { symbols: ['IWM', 'XLK'] })).result;
    expect(some.quotes.map((x: { symbol: string }) => x.symbol)).toEqual(['IWM', 'XLK']);
    const all = (await c.call('market.quotes')).result;
    expect(all.quotes.length).toBeGreaterThanOrEqual(1809);
    expect(all.source).toBe('simulator');
  });

  it('market.bars serves daily history with today, 5m and 30m bars, with ranges and limits', async () => {
    const daily = (await c.call('market.bars', { symbol: 'IWM', timeframe: '1d' })).result;
    expect(daily.bars.length).toBeGreaterThanOrEqual(500);
    const ts = daily.bars.map((b: { t: number }) => b.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(ts[ts.length - 1]).toBe(Date.parse('2026-11-20T09:30:00-05:00'));
    const five = (await c.call('market.bars', { symbol: 'IWM', timeframe: '5m' })).result.bars;
    expect(five.length).toBeGreaterThan(9 * 192);
    const now = (await c.call('clock.get')).result.now;
    expect(five[five.length - 1].t + 5 * 60_000).toBeLessThanOrEqual(now);
    const thirty = (await c.call('market.bars', { symbol: 'IWM', timeframe: '30m', limit: 10 })).result.bars;
    expect(thirty).toHaveLength(10);
    expect(thirty.every((b: { t: number }) => (b.t / 60_000) % 30 === 0)).toBe(true);
    const from = Date.parse('2026-11-19T09:30:00-05:00');
    const to = Date.parse('2026-11-19T15:55:00-05:00');
    const day = (await c.call('market.bars', { symbol: 'XLK', timeframe: '5m', from, to })).result.bars;
    expect(day).toHaveLength(78);
    const bad = await c.call('market.bars', { symbol: 'IWM', timeframe: '1d', from: 10, to: 5 });
    expect(bad.error?.code).toBe(-32602);
    expect((await c.call('market.bars', { symbol: 'IWM', timeframe: '2h' })).error?.code).toBe(-32602);
  });
});

describe('bad frames never hurt the connection or the engine', () => {
  it.each([
    ['not JSON', '{oops', -32700],
    ['not JSON-RPC', '{"hello":"world"}', -32600],
    ['unknown method', '{"jsonrpc":"2.0","id":1,"method":"orders.teleport"}', -32601],
    ['invalid params', '{"jsonrpc":"2.0","id":1,"method":"market.bars","params":{"symbol":"IWM"}}', -32602],
    ['over 1 MiB', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'market.search', params: { query: 'x'.repeat(1_100_000) } }), -32600],
  ])('%s gets its error code (%s) and the socket lives on', async (_name, frame, code) => {
    const reply = await c.raw(frame);
    expect(reply.error.code).toBe(code);
    expect((await c.call('clock.get')).result.mode).toBe('simulated');
  });

  it('a binary frame is read as UTF-8 JSON', async () => {
    const reply = await c.raw(Buffer.from('{"jsonrpc":"2.0","id":"b","method":"clock.get"}'));
    expect(reply.result.mode).toBe('simulated');
  });
});

describe('events', () => {
  it('delivers quotes.updated only to subscribed clients, until they unsubscribe', async () => {
    const listener = await h.client();
    const quiet = await h.client();
    const sub = await listener.call('events.subscribe', { topics: ['quotes.updated'] });
    expect(sub.result.topics).toEqual(['quotes.updated']);
    const batch = await listener.nextEvent('quotes.updated', 10_000);
    expect(batch.source).toBe('simulator');
    expect(batch.quotes.length).toBeGreaterThan(0);
    expect(batch.quotes[0]).toHaveProperty('last');
    await new Promise((r) => setTimeout(r, 400));
    expect(quiet.events).toHaveLength(0);
    await listener.call('events.unsubscribe', { topics: ['quotes.updated'] });
    const count = listener.events.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(listener.events.length).toBe(count);
    expect((await listener.call('events.subscribe', { topics: ['quotes.updated', 'nope'] })).error?.code).toBe(-32602);
  });

  it('emits clock.changed on clock.set, and clock.set validates its input', async () => {
    const l = await h.client();
    await l.call('events.subscribe', { topics: ['clock.changed'] });
    const changed = l.nextEvent('clock.changed', 5_000, (d) => d.speed === 120);
    const res = (await l.call('clock.set', { speed: 120 })).result;
    expect(res.speed).toBe(120);
    expect((await changed).speed).toBe(120);
    const paused = (await l.call('clock.set', { paused: true })).result;
    expect(paused.paused).toBe(true);
    const resumed = (await l.call('clock.set', { paused: false })).result;
    expect(resumed.paused).toBe(false);
    expect((await l.call('clock.set', {})).error?.code).toBe(-32602);
    expect((await l.call('clock.set', { speed: 0 })).error?.code).toBe(-32602);
    expect((await l.call('clock.set', { jumpTo: 'yesterday' })).error?.code).toBe(-32602);
  });

  it('emits bars.updated when 5-minute bars close', async () => {
    const l = await h.client();
    await l.call('events.subscribe', { topics: ['bars.updated'] });
    const now = (await l.call('clock.get')).result.now;
    const next = Math.ceil(now / 300_000) * 300_000 + 1_000;
    const closed = l.nextEvent('bars.updated', 10_000);
    await l.call('clock.set', { jumpTo: next });
    const ev = await closed;
    expect(ev.timeframe).toBe('5m');
    expect(ev.bars.length).toBeGreaterThanOrEqual(1809);
    expect(ev.bars[0].t + 300_000).toBeLessThanOrEqual(next);
    const iwm = (await l.call('market.bars', { symbol: 'IWM', timeframe: '5m', limit: 1 })).result.bars[0];
    expect(iwm.t).toBe(ev.bars.find((b: { symbol: string }) => b.symbol === 'IWM').t);
  });
});

describe('before the engine has started', () => {
  it('answers /health with 503 and refuses WebSocket upgrades with 503', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createEngine } = await import('../../src/main/core');
    const { startHttpServer } = await import('../../src/main/server/http-server');
    const dir = mkdtempSync(join(tmpdir(), 'kestrel-early-'));
    const engine = createEngine({ host: 'test', dataDir: dir, logLevel: 'warn' });
    const server = await startHttpServer({ engine, host: '127.0.0.1', port: 0, token: TOKEN, staticDir: null });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/health`);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { status: string }).status).toBe('down');
      await expect(connectClient(`ws://127.0.0.1:${server.port}/api?token=${TOKEN}`)).rejects.toThrow(/503/);
    } finally {
      await server.close();
      await engine.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a backward clock jump', () => {
  it('moves the source as-of time back with the market', async () => {
    const l = await h.client();
    const before = (await l.call('system.health')).result.source.asOf;
    const back = Date.parse('2026-11-19T11:00:00-05:00');
    await l.call('clock.set', { jumpTo: back, paused: true });
    await new Promise((r) => setTimeout(r, 300));
    const after = (await l.call('system.health')).result.source.asOf;
    expect((await l.call('clock.get')).result.now).toBe(back);
    expect(after).toBeLessThan(before);
    expect(after).toBeLessThanOrEqual(back);
    expect(back - after).toBeLessThan(60_000);
    const q = (await l.call('market.quote', { symbol: 'IWM' })).result;
    expect(q.t).toBeLessThanOrEqual(after);
  });
});

describe('secrets', () => {
  it('never writes the access token into the log', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    await fetch(`http://127.0.0.1:${h.server.port}/metrics?token=${TOKEN}`);
    expect((await fetch(`http://127.0.0.1:${h.server.port}/%E0%A4%A?token=${TOKEN}`)).status).toBe(400);
    const log = readFileSync(join(h.dataDir, 'logs', 'kestrel.log'), 'utf8');
    expect(log).not.toContain(TOKEN);
  });
});
