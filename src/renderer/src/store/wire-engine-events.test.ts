// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../../shared/contract/rpc';
import { FakeEngineClient } from '../test/fake-engine-client';
import { clockState, item, quote } from '../test/fixtures';
import { resetKestrelStore, useKestrelStore } from './index';
import { wireEngineEvents } from './wire-engine-events';

const universe = [item('ABC'), item('IWM', { sector: null, kind: 'etf' }), item('XYZ')];

function engine(): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['clock.get'] = () => clockState();
  c.handlers['system.health'] = () => ({ status: 'ok' });
  c.handlers['system.info'] = () => ({ version: '1.0.0' });
  c.handlers['market.universe'] = () => ({ total: universe.length, items: universe });
  c.handlers['market.quotes'] = () => ({ source: 'simulator', asOf: 1_000, quotes: [quote('ABC', { last: 10 }), quote('XYZ', { last: 20 })] });
  return c;
}

const settle = async (): Promise<void> => {
  await vi.advanceTimersByTimeAsync(0);
};

beforeEach(() => {
  vi.useFakeTimers();
  resetKestrelStore();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('wireEngineEvents', () => {
  it('loads the snapshot when the connection opens and selects the benchmark', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    expect(useKestrelStore.getState().connection).toBe('connecting');
    c.setState('open');
    await settle();
    const s = useKestrelStore.getState();
    expect(s.connection).toBe('open');
    expect(s.openCount).toBe(1);
    expect(s.universeStatus).toBe('ready');
    expect(s.universe).toHaveLength(3);
    expect(s.selectedSymbol).toBe('IWM');
    expect(s.quotes['XYZ']?.last).toBe(20);
    expect(s.quotesSource).toBe('simulator');
    expect(s.clock?.speed).toBe(30);
    expect(s.info).toEqual({ version: '1.0.0' });
    off();
  });

  it('records reconnect attempts and reloads quotes but not the universe on reopen', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    c.setState('reconnecting', 2);
    expect(useKestrelStore.getState()).toMatchObject({ connection: 'reconnecting', reconnectAttempt: 2 });
    c.setState('open');
    await settle();
    expect(c.calls.filter((x) => x.method === 'market.universe')).toHaveLength(1);
    expect(c.calls.filter((x) => x.method === 'market.quotes')).toHaveLength(2);
    expect(useKestrelStore.getState().openCount).toBe(2);
    off();
  });

  it('shows a universe error (with the engine code) without breaking the rest', async () => {
    const c = engine();
    c.handlers['market.universe'] = () => {
      throw new EngineError(-32603, 'database locked');
    };
    const off = wireEngineEvents(c);
    c.setState('open');
    await settle();
    const s = useKestrelStore.getState();
    expect(s.universeStatus).toBe('error');
    expect(s.universeError).toBe('database locked (code -32603)');
    expect(s.clock).not.toBeNull();
    off();
  });

  it('batches quote events into at most one store update per interval, keeping unchanged quotes', async () => {
    const c = engine();
    const off = wireEngineEvents(c, { quoteFlushMs: 250 });
    c.setState('open');
    await settle();
    const before = useKestrelStore.getState().quotes;
    const updates = vi.fn();
    const unsub = useKestrelStore.subscribe((s, p) => s.quotes !== p.quotes && updates());
    c.emit('quotes.updated', { source: 'simulator', asOf: 2_000, quotes: [quote('ABC', { last: 10.5 }), before['XYZ']!] });
    c.emit('quotes.updated', { source: 'simulator', asOf: 2_500, quotes: [quote('ABC', { last: 10.6 }), { ...before['XYZ']! }] });
    expect(updates).not.toHaveBeenCalled(); // both batches are coalesced before the flush timer fires
    await vi.advanceTimersByTimeAsync(250);
    expect(updates).toHaveBeenCalledTimes(1);
    const s = useKestrelStore.getState();
    expect(s.quotes['ABC']?.last).toBe(10.6);
    expect(s.quotes['XYZ']).toBe(before['XYZ']); // identity kept: its row does not re-render
    expect(s.quotesAsOf).toBe(2_500);
    unsub();
    off();
  });

  it('applies clock and status events, and stops listening when unwired', async () => {
    const c = engine();
    const off = wireEngineEvents(c);
    c.emit('clock.changed', clockState({ speed: 600, paused: true }));
    expect(useKestrelStore.getState().clock).toMatchObject({ speed: 600, paused: true });
    off();
    expect(c.listenerCount('clock.changed')).toBe(0);
    expect(c.listenerCount('quotes.updated')).toBe(0);
  });
});
