// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LinkSymbol } from '../../../shared/contract/schemas';
import { FakeEngineClient } from '../test/fake-engine-client';
import { clockState } from '../test/fixtures';
import { openInMarket, selectSymbol } from './actions';
import { resetKestrelStore, useKestrelStore } from './index';
import { LINK_SOURCE, linkStorageKey, type LinkStorage } from './links';
import { joinLinkGroup, wireEngineEvents } from './wire-engine-events';

function engine(current: LinkSymbol[] = []): FakeEngineClient {
  const c = new FakeEngineClient();
  c.handlers['clock.get'] = () => clockState();
  c.handlers['system.health'] = () => ({ status: 'ok' });
  c.handlers['market.universe'] = () => ({ total: 0, items: [] });
  c.handlers['market.quotes'] = () => ({ source: 'simulator', asOf: 1, quotes: [] });
  c.handlers['links.current'] = () => ({ links: current });
  c.handlers['links.publish'] = (p) => ({ ...(p as object), t: 1 });
  return c;
}
const publishes = (c: FakeEngineClient): unknown[] => c.calls.filter((x) => x.method === 'links.publish').map((x) => x.params);
const noStorage: LinkStorage | null = null;
const settle = (): Promise<void> => vi.advanceTimersByTimeAsync(0).then(() => undefined);
const link = (group: LinkSymbol['group'], symbol: string, source = 'other-window'): LinkSymbol => ({ group, symbol, source, t: 5 });

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  resetKestrelStore();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('window link groups', () => {
  it('starts in the ?link= group and adopts the group’s current symbol on open', async () => {
    const c = engine([link('red', 'ABC'), link('blue', 'XYZ')]);
    const off = wireEngineEvents(c, { links: { search: '?view=options&link=red', storage: noStorage } });
    expect(useKestrelStore.getState().linkGroup).toBe('red');
    c.setState('open');
    await settle();
    expect(useKestrelStore.getState().selectedSymbol).toBe('ABC');
    expect(publishes(c)).toEqual([]);
    off();
  });

  it('a window opened on ?symbol= leads its group with it instead of adopting', async () => {
    const c = engine([link('red', 'ABC')]);
    useKestrelStore.setState({ selectedSymbol: 'IWM' });
    const off = wireEngineEvents(c, { links: { search: '?view=options&symbol=IWM&link=red', storage: noStorage } });
    c.setState('open');
    await settle();
    expect(useKestrelStore.getState().selectedSymbol).toBe('IWM');
    expect(publishes(c)).toEqual([{ group: 'red', symbol: 'IWM', source: LINK_SOURCE }]);
    // A reconnect catches up with the group rather than publishing again.
    c.setState('reconnecting', 1);
    c.setState('open');
    await settle();
    expect(publishes(c)).toHaveLength(1);
    expect(useKestrelStore.getState().selectedSymbol).toBe('ABC');
    off();
  });

  it('a user selection publishes to the group; unlinked windows publish nothing', async () => {
    const c = engine();
    const off = wireEngineEvents(c, { links: { search: '?link=green', storage: noStorage } });
    selectSymbol('abc');
    openInMarket('xyz');
    await settle();
    expect(publishes(c)).toEqual([
      { group: 'green', symbol: 'ABC', source: LINK_SOURCE },
      { group: 'green', symbol: 'XYZ', source: LINK_SOURCE },
    ]);
    useKestrelStore.setState({ linkGroup: null });
    selectSymbol('IWM');
    expect(publishes(c)).toHaveLength(2);
    off();
    useKestrelStore.setState({ linkGroup: 'green' });
    selectSymbol('ABC');
    expect(publishes(c)).toHaveLength(2); // unwired: no publisher
  });

  it('follows another window of its group without publishing back; ignores its echo and other groups', async () => {
    const c = engine();
    const off = wireEngineEvents(c, { links: { search: '?link=red', storage: noStorage } });
    useKestrelStore.setState({ selectedSymbol: 'IWM' });
    c.emit('links.symbolChanged', link('red', 'ABC'));
    expect(useKestrelStore.getState().selectedSymbol).toBe('ABC');
    c.emit('links.symbolChanged', link('blue', 'XYZ'));
    c.emit('links.symbolChanged', link('red', 'XYZ', LINK_SOURCE));
    expect(useKestrelStore.getState().selectedSymbol).toBe('ABC');
    await settle();
    expect(publishes(c)).toEqual([]); // applying a linked symbol never publishes: no loop
    off();
    expect(c.listenerCount('links.symbolChanged')).toBe(0);
  });

  it('an unlinked window ignores every group', () => {
    const c = engine();
    const off = wireEngineEvents(c, { links: { search: '', storage: noStorage } });
    useKestrelStore.setState({ selectedSymbol: 'IWM' });
    c.emit('links.symbolChanged', link('red', 'ABC'));
    expect(useKestrelStore.getState().selectedSymbol).toBe('IWM');
    off();
  });

  it('joining a group adopts its symbol, remembers it for the view and writes ?link=', async () => {
    window.history.replaceState(null, '', '/?view=options&symbol=IWM');
    const c = engine([link('yellow', 'ABC')]);
    const off = wireEngineEvents(c, { links: { search: '?view=options', storage: noStorage } });
    useKestrelStore.setState({ selectedSymbol: 'IWM' });
    await joinLinkGroup(c, 'yellow');
    expect(useKestrelStore.getState()).toMatchObject({ linkGroup: 'yellow', selectedSymbol: 'ABC' });
    expect(localStorage.getItem(linkStorageKey('options'))).toBe('yellow');
    expect(window.location.search).toBe('?view=options&symbol=IWM&link=yellow');
    await joinLinkGroup(c, null);
    expect(useKestrelStore.getState().linkGroup).toBeNull();
    expect(localStorage.getItem(linkStorageKey('options'))).toBeNull();
    expect(window.location.search).toBe('?view=options&symbol=IWM');
    off();
  });

  it('joining an empty group makes the window’s selection the group’s', async () => {
    const c = engine([link('red', 'ABC')]);
    const off = wireEngineEvents(c, { links: { search: '', storage: noStorage } });
    useKestrelStore.setState({ selectedSymbol: 'IWM' });
    await joinLinkGroup(c, 'green');
    await settle();
    expect(useKestrelStore.getState().selectedSymbol).toBe('IWM');
    expect(publishes(c)).toEqual([{ group: 'green', symbol: 'IWM', source: LINK_SOURCE }]);
    off();
  });

  it('the remembered group is used when the address has no ?link=', () => {
    const c = engine();
    localStorage.setItem(linkStorageKey('market'), 'blue');
    const off = wireEngineEvents(c, { links: { search: '?view=market', storage: localStorage } });
    expect(useKestrelStore.getState().linkGroup).toBe('blue');
    off();
  });
});
