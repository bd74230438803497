// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import type { EngineBridge } from '../../../shared/contract/client';
import { IpcEngineClient } from './ipc-client';
import { CLIENT_ERROR } from './rpc-client';

/** A bridge answering requests with `answer` and able to push event frames. */
function fakeBridge(answer: (req: { id: number; method: string; params?: unknown }) => unknown) {
  const listeners = new Set<(frame: string) => void>();
  const requests: { id: number; method: string; params?: unknown }[] = [];
  const bridge: EngineBridge = {
    invoke: (frame) => {
      const req = JSON.parse(frame) as { id: number; method: string; params?: unknown };
      requests.push(req);
      try {
        return Promise.resolve(JSON.stringify({ jsonrpc: '2.0', id: req.id, result: answer(req) }));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    on: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const push = (topic: string, data: unknown): void => {
    for (const l of listeners) l(JSON.stringify({ jsonrpc: '2.0', method: 'event', params: { topic, data } }));
  };
  return { bridge, requests, push, listeners };
}

describe('IpcEngineClient', () => {
  it('is open at once and round-trips requests through the bridge', async () => {
    const { bridge, requests } = fakeBridge((r) => ({ echo: r.method }));
    const c = new IpcEngineClient(bridge);
    expect(c.state).toBe('open');
    expect(c.transport).toBe('ipc');
    await expect(c.invoke('system.info')).resolves.toEqual({ echo: 'system.info' });
    expect(requests[0]).toMatchObject({ method: 'system.info' });
  });

  it('subscribes through the bridge and dispatches pushed events', async () => {
    const { bridge, requests, push } = fakeBridge((r) => (r.method === 'events.subscribe' ? { topics: ['clock.changed'] } : null));
    const c = new IpcEngineClient(bridge);
    const l = vi.fn();
    c.on('clock.changed', l);
    await Promise.resolve();
    expect(requests.find((r) => r.method === 'events.subscribe')?.params).toEqual({ topics: ['clock.changed'] });
    push('clock.changed', { speed: 60 });
    expect(l).toHaveBeenCalledWith({ speed: 60 });
  });

  it('turns a failing bridge call into a transport EngineError', async () => {
    const { bridge } = fakeBridge(() => {
      throw new Error('ipc gone');
    });
    const c = new IpcEngineClient(bridge);
    await expect(c.invoke('clock.get')).rejects.toMatchObject({ code: CLIENT_ERROR.transport, message: expect.stringContaining('ipc gone') });
  });

  it('stops listening to the bridge when closed', () => {
    const { bridge, listeners } = fakeBridge(() => null);
    const c = new IpcEngineClient(bridge);
    expect(listeners.size).toBe(1);
    c.close();
    expect(listeners.size).toBe(0);
    expect(c.state).toBe('closed');
  });
});
