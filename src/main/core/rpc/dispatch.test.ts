import { describe, expect, it, vi } from 'vitest';
import { EngineError, RPC_ERROR, type ClockState } from '../../../shared/contract';
import { createDispatcher, MAX_FRAME_BYTES, type CallContext, type Handlers } from './dispatch';

const clockState: ClockState = {
  mode: 'simulated',
  now: 1,
  speed: 1,
  paused: false,
  timeZone: 'America/New_York',
  session: { date: '2026-11-20', phase: 'regular' },
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const notUsed = (): never => {
    throw new Error('not used in this test');
  };
  return {
    'system.health': notUsed,
    'system.info': notUsed,
    'clock.get': () => clockState,
    'clock.set': notUsed,
    'market.universe': (p) => ({ total: p.offset + p.limit, items: [] }),
    'market.search': notUsed,
    'market.quote': (p) => {
      throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${p.symbol}`);
    },
    'market.quotes': notUsed,
    'market.bars': notUsed,
    'events.subscribe': (p, ctx) => ({ topics: ctx.subscribe(p.topics) as typeof p.topics }),
    'events.unsubscribe': notUsed,
    ...overrides,
  } as Handlers;
}

const ctx: CallContext = {
  connectionId: 1,
  transport: 'ws',
  label: 'test',
  subscribe: (t) => [...t],
  unsubscribe: () => [],
};

async function send(frame: unknown, h = handlers()) {
  const d = createDispatcher(h, { validateResults: true });
  const reply = await d.handleFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), ctx);
  return reply === null ? null : JSON.parse(reply);
}

describe('dispatch', () => {
  it('answers a valid call with its result and the same id', async () => {
    expect(await send({ jsonrpc: '2.0', id: 7, method: 'clock.get' })).toEqual({ jsonrpc: '2.0', id: 7, result: clockState });
    expect(await send({ jsonrpc: '2.0', id: 'a', method: 'clock.get', params: {} })).toMatchObject({ id: 'a', result: clockState });
  });

  it('applies parameter defaults from the contract', async () => {
    expect(await send({ jsonrpc: '2.0', id: 1, method: 'market.universe' })).toMatchObject({ result: { total: 500 } });
  });

  it.each([
    ['not JSON', '{"jsonrpc":', RPC_ERROR.parseError],
    ['not an object', '42', RPC_ERROR.invalidRequest],
    ['wrong version', { jsonrpc: '1.0', id: 1, method: 'clock.get' }, RPC_ERROR.invalidRequest],
    ['no method', { jsonrpc: '2.0', id: 1 }, RPC_ERROR.invalidRequest],
    ['object id', { jsonrpc: '2.0', id: { x: 1 }, method: 'clock.get' }, RPC_ERROR.invalidRequest],
    ['unknown method', { jsonrpc: '2.0', id: 1, method: 'nope.nothing' }, RPC_ERROR.methodNotFound],
    ['params not an object', { jsonrpc: '2.0', id: 1, method: 'clock.get', params: [1] }, RPC_ERROR.invalidParams],
    ['invalid params', { jsonrpc: '2.0', id: 1, method: 'market.quote', params: { symbol: 12 } }, RPC_ERROR.invalidParams],
    ['unknown param', { jsonrpc: '2.0', id: 1, method: 'market.universe', params: { limit: 5, colour: 'red' } }, RPC_ERROR.invalidParams],
    ['empty batch', '[]', RPC_ERROR.invalidRequest],
  ])('answers %s with the matching error', async (_name, frame, code) => {
    const reply = await send(frame);
    expect(reply.error.code).toBe(code);
    expect(typeof reply.error.message).toBe('string');
  });

  it('puts the zod issues in error.data for invalid params', async () => {
    const reply = await send({ jsonrpc: '2.0', id: 3, method: 'market.universe', params: { limit: -1 } });
    expect(reply.id).toBe(3);
    expect(reply.error.data[0].path).toEqual(['limit']);
  });

  it('refuses frames over 1 MiB without parsing them', async () => {
    const reply = await send('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(reply.error.code).toBe(RPC_ERROR.invalidRequest);
    expect(reply.error.message).toMatch(/exceeds/);
  });

  it('passes typed engine errors through and hides internal ones behind -32603', async () => {
    expect((await send({ jsonrpc: '2.0', id: 1, method: 'market.quote', params: { symbol: 'ZZZ' } })).error.code).toBe(RPC_ERROR.notFound);
    const onInternalError = vi.fn();
    const d = createDispatcher(handlers({ 'clock.get': () => { throw new TypeError('boom'); } }), { onInternalError });
    const reply = JSON.parse((await d.handleFrame('{"jsonrpc":"2.0","id":1,"method":"clock.get"}', ctx))!);
    expect(reply.error.code).toBe(RPC_ERROR.internal);
    expect(onInternalError).toHaveBeenCalledOnce();
  });

  it('catches a result that breaks the contract when validating results', async () => {
    const bad = handlers({ 'clock.get': () => ({ mode: 'sideways' }) as unknown as ClockState });
    expect((await send({ jsonrpc: '2.0', id: 1, method: 'clock.get' }, bad)).error.code).toBe(RPC_ERROR.internal);
  });

  it('runs notifications without answering, and answers batches in order', async () => {
    expect(await send({ jsonrpc: '2.0', method: 'clock.get' })).toBeNull();
    const reply = await send([
      { jsonrpc: '2.0', id: 1, method: 'clock.get' },
      { jsonrpc: '2.0', method: 'clock.get' },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
    ]);
    expect(reply.map((r: { id: number }) => r.id)).toEqual([1, 2]);
    expect(reply[1].error.code).toBe(RPC_ERROR.methodNotFound);
  });

  it('gives handlers the caller context', async () => {
    const reply = await send({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { topics: ['quotes.updated'] } });
    expect(reply.result).toEqual({ topics: ['quotes.updated'] });
    const bad = await send({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { topics: ['nope'] } });
    expect(bad.error.code).toBe(RPC_ERROR.invalidParams);
  });
});
