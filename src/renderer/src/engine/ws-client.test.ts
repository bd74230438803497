// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../shared/contract/rpc';
import { FakeWebSocket } from '../test/fake-websocket';
import { CLIENT_ERROR } from './rpc-client';
import { backoffDelay, WsEngineClient } from './ws-client';

function client(options: Partial<ConstructorParameters<typeof WsEngineClient>[0]> = {}): WsEngineClient {
  return new WsEngineClient({ url: 'ws://127.0.0.1:1/api?token=t', WebSocketImpl: FakeWebSocket, random: () => 0, onError: () => undefined, ...options });
}

const flush = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WsEngineClient requests', () => {
  it('queues requests while connecting and resolves them from the reply', async () => {
    const c = client();
    expect(c.state).toBe('connecting');
    const p = c.invoke('clock.get');
    const ws = FakeWebSocket.last;
    expect(ws.sent).toHaveLength(0);
    ws.open();
    expect(c.state).toBe('open');
    const req = ws.request('clock.get');
    expect(req).toEqual({ jsonrpc: '2.0', id: req.id, method: 'clock.get' });
    ws.receive({ jsonrpc: '2.0', id: req.id, result: { speed: 1 } });
    await expect(p).resolves.toEqual({ speed: 1 });
  });

  it('maps error frames to EngineError with code, message and data', async () => {
    const c = client();
    FakeWebSocket.last.open();
    const p = c.invoke('market.quote', { symbol: 'NOPE' });
    const req = FakeWebSocket.last.request('market.quote');
    expect(req.params).toEqual({ symbol: 'NOPE' });
    FakeWebSocket.last.receive({ jsonrpc: '2.0', id: req.id, error: { code: 4004, message: 'unknown symbol', data: { symbol: 'NOPE' } } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect(err).toMatchObject({ code: 4004, message: 'unknown symbol', data: { symbol: 'NOPE' } });
  });

  it('rejects with a timeout error when no reply comes, and ignores a late reply', async () => {
    const c = client({ timeoutMs: 1_000 });
    FakeWebSocket.last.open();
    const p = c.invoke('system.health');
    const caught = p.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await caught).toMatchObject({ code: CLIENT_ERROR.timeout });
    const id = FakeWebSocket.last.request('system.health').id;
    expect(() => FakeWebSocket.last.receive({ jsonrpc: '2.0', id, result: {} })).not.toThrow();
  });

  it('rejects requests in flight when the connection drops; queued ones go out after reconnecting', async () => {
    const c = client();
    FakeWebSocket.last.open();
    const inFlight = c.invoke('system.health').catch((e: unknown) => e);
    FakeWebSocket.last.drop();
    expect(await inFlight).toMatchObject({ code: CLIENT_ERROR.disconnected });
    const queued = c.invoke('clock.get');
    await vi.advanceTimersByTimeAsync(250); // attempt 1, random 0 → half of 500 ms
    const ws2 = FakeWebSocket.last;
    expect(FakeWebSocket.instances).toHaveLength(2);
    ws2.open();
    ws2.receive({ jsonrpc: '2.0', id: ws2.request('clock.get').id, result: 'ok' });
    await expect(queued).resolves.toBe('ok');
  });

  it('rejects everything and stops reconnecting once closed', async () => {
    const c = client();
    const queued = c.invoke('clock.get').catch((e: unknown) => e);
    c.close();
    expect(c.state).toBe('closed');
    expect(await queued).toMatchObject({ code: CLIENT_ERROR.closed });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await expect(c.invoke('clock.get')).rejects.toMatchObject({ code: CLIENT_ERROR.closed });
  });
});

describe('WsEngineClient reconnection', () => {
  it('backs off exponentially with jitter, capped at 10 s', () => {
    expect(backoffDelay(1, 500, 10_000, () => 0)).toBe(250);
    expect(backoffDelay(1, 500, 10_000, () => 0.999)).toBe(500);
    expect(backoffDelay(3, 500, 10_000, () => 0.5)).toBe(1_500);
    expect(backoffDelay(20, 500, 10_000, () => 0.999)).toBe(9_995);
    expect(backoffDelay(20, 500, 10_000, () => 0)).toBe(5_000);
  });

  it('reports reconnecting with the attempt count, then open again', async () => {
    const c = client();
    const states: string[] = [];
    c.onStateChange((s) => states.push(`${s}:${c.reconnectAttempt}`));
    FakeWebSocket.last.open();
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(250);
    FakeWebSocket.last.drop(); // refused again (e.g. 401 or engine down)
    await vi.advanceTimersByTimeAsync(500);
    FakeWebSocket.last.open();
    expect(states).toEqual(['open:0', 'reconnecting:1', 'reconnecting:2', 'open:0']);
  });

  it('stays "connecting" until the first successful open', async () => {
    const c = client();
    FakeWebSocket.last.drop();
    expect(c.state).toBe('connecting');
    expect(c.reconnectAttempt).toBe(1);
    c.reconnectNow();
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('re-subscribes every topic with listeners on a new connection', async () => {
    const c = client();
    c.on('quotes.updated', () => undefined);
    c.on('clock.changed', () => undefined);
    FakeWebSocket.last.open();
    await flush();
    expect(FakeWebSocket.last.request('events.subscribe').params).toEqual({ topics: ['quotes.updated', 'clock.changed'] });
    FakeWebSocket.last.ackSubscriptions();
    FakeWebSocket.last.drop();
    await vi.advanceTimersByTimeAsync(250);
    const ws2 = FakeWebSocket.last;
    ws2.open();
    await flush();
    expect(ws2.frames().filter((f) => f.method === 'events.subscribe')).toHaveLength(1);
    expect(ws2.request('events.subscribe').params).toEqual({ topics: ['quotes.updated', 'clock.changed'] });
  });
});

describe('WsEngineClient events', () => {
  it('dispatches events to every listener of the topic, one subscribe for many listeners', async () => {
    const c = client();
    FakeWebSocket.last.open();
    const a = vi.fn();
    const b = vi.fn();
    const other = vi.fn();
    c.on('quotes.updated', a);
    c.on('quotes.updated', b);
    c.on('clock.changed', other);
    await flush();
    const subs = FakeWebSocket.last.frames().filter((f) => f.method === 'events.subscribe');
    expect(subs).toHaveLength(1);
    FakeWebSocket.last.emit('quotes.updated', { source: 's', asOf: 1, quotes: [] });
    expect(a).toHaveBeenCalledWith({ source: 's', asOf: 1, quotes: [] });
    expect(b).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
  });

  it('unsubscribes on the engine only when the last listener leaves', async () => {
    const c = client();
    FakeWebSocket.last.open();
    const a = vi.fn();
    const offA = c.on('bars.updated', a);
    const offB = c.on('bars.updated', () => undefined);
    await flush();
    FakeWebSocket.last.ackSubscriptions();
    offA();
    offA(); // idempotent
    await flush();
    expect(FakeWebSocket.last.frames().some((f) => f.method === 'events.unsubscribe')).toBe(false);
    FakeWebSocket.last.emit('bars.updated', { timeframe: '5m', source: 's', bars: [] });
    expect(a).not.toHaveBeenCalled();
    offB();
    await flush();
    expect(FakeWebSocket.last.request('events.unsubscribe').params).toEqual({ topics: ['bars.updated'] });
  });

  it('keeps dispatching when one listener throws, and ignores garbage frames', async () => {
    const onError = vi.fn();
    const c = client({ onError });
    FakeWebSocket.last.open();
    const good = vi.fn();
    c.on('system.status', () => {
      throw new Error('boom');
    });
    c.on('system.status', good);
    FakeWebSocket.last.emit('system.status', { status: 'ok' });
    FakeWebSocket.last.receive('{not json');
    expect(good).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('a subscribe and an unsubscribe in the same tick send nothing', async () => {
    const c = client();
    FakeWebSocket.last.open();
    const off = c.on('quotes.updated', () => undefined);
    off();
    await flush();
    expect(FakeWebSocket.last.sent).toHaveLength(0);
  });
});
