/** Window link groups over the real engine: a window's selection reaches the other windows of its colour. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RPC_ERROR } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

describe('links', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h.close();
  });

  it('broadcasts a published symbol to every subscriber, remembers the latest per group, refuses unknown symbols', async () => {
    const chart = await h.client();
    const chain = await h.client();
    await chain.call('events.subscribe', { topics: ['links.symbolChanged'] });
    const sent = (await chart.call('links.publish', { group: 'red', symbol: 'iwm', source: 'win-1' })).result;
    expect(sent).toMatchObject({ group: 'red', symbol: 'IWM', source: 'win-1' });
    const got = await chain.waitEvent('links.symbolChanged', (d) => d.source === 'win-1');
    expect(got).toMatchObject({ group: 'red', symbol: 'IWM' });
    await chart.call('links.publish', { group: 'blue', symbol: 'ABAB', source: 'win-1' });
    const current = (await chain.call('links.current')).result.links;
    expect(current.map((l: { group: string; symbol: string }) => `${l.group}:${l.symbol}`).sort()).toEqual(['blue:ABAB', 'red:IWM']);
    expect((await chart.call('links.publish', { group: 'red', symbol: 'NOPE', source: 'win-1' })).error?.code).toBe(RPC_ERROR.notFound);
    expect((await chart.call('links.publish', { group: 'purple', symbol: 'IWM', source: 'win-1' })).error?.code).toBe(RPC_ERROR.invalidParams);
  });
});
