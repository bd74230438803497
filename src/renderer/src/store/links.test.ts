import { describe, expect, it } from 'vitest';
import { chainWindowParams } from '../views/options/open-chain';
import { currentOf, initialLinkGroup, LINK_SOURCE, linkStorageKey, newSourceId, parseLinkGroup, saveLinkGroup, shouldFollow, windowViewOf, withLinkParam, type LinkStorage } from './links';

function memoryStorage(init: Record<string, string> = {}): LinkStorage & { data: Record<string, string> } {
  const data = { ...init };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => void (data[k] = v),
    removeItem: (k) => void delete data[k],
  };
}

describe('parseLinkGroup', () => {
  it('accepts the four colours in any case and nothing else', () => {
    expect(parseLinkGroup('red')).toBe('red');
    expect(parseLinkGroup(' Yellow ')).toBe('yellow');
    expect(parseLinkGroup('none')).toBeNull();
    expect(parseLinkGroup('purple')).toBeNull();
    expect(parseLinkGroup('')).toBeNull();
    expect(parseLinkGroup(null)).toBeNull();
  });
});

describe('initialLinkGroup and saveLinkGroup (persistence per view)', () => {
  it('remembers a group per view the window was opened as', () => {
    const storage = memoryStorage();
    saveLinkGroup('options', 'green', storage);
    expect(storage.data[linkStorageKey('options')]).toBe('green');
    expect(initialLinkGroup('?view=options&symbol=IWM', storage)).toBe('green');
    expect(initialLinkGroup('?view=market', storage)).toBeNull();
    saveLinkGroup('options', null, storage);
    expect(initialLinkGroup('?view=options', storage)).toBeNull();
  });

  it('an unknown or missing view keys the default (market) view', () => {
    const storage = memoryStorage({ [linkStorageKey('market')]: 'blue' });
    expect(windowViewOf('?view=nope')).toBe('market');
    expect(initialLinkGroup('', storage)).toBe('blue');
    expect(initialLinkGroup('?view=nope', storage)).toBe('blue');
  });

  it('?link= overrides the remembered group, and ?link=none unlinks', () => {
    const storage = memoryStorage({ [linkStorageKey('options')]: 'green' });
    expect(initialLinkGroup('?view=options&link=red', storage)).toBe('red');
    expect(initialLinkGroup('?view=options&link=none', storage)).toBeNull();
    expect(initialLinkGroup('?view=options&link=bogus', storage)).toBeNull();
  });

  it('a storage that throws starts unlinked and saving does not throw', () => {
    const broken: LinkStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => undefined,
    };
    expect(initialLinkGroup('?view=market', broken)).toBeNull();
    expect(() => saveLinkGroup('market', 'red', broken)).not.toThrow();
    expect(initialLinkGroup('?view=market', null)).toBeNull();
  });
});

describe('withLinkParam', () => {
  it('sets, replaces and removes ?link= keeping the other parameters', () => {
    expect(withLinkParam('?view=options&symbol=IWM', 'red')).toBe('?view=options&symbol=IWM&link=red');
    expect(withLinkParam('?view=options&link=red', 'blue')).toBe('?view=options&link=blue');
    expect(withLinkParam('?view=options&link=red', null)).toBe('?view=options');
    expect(withLinkParam('?link=red', null)).toBe('');
  });
});

describe('shouldFollow (group filter and loop prevention)', () => {
  const ctx = { group: 'red' as const, source: 'me', selectedSymbol: 'IWM' };
  it('follows another window of the same group', () => {
    expect(shouldFollow({ group: 'red', symbol: 'ABC', source: 'other' }, ctx)).toBe(true);
  });
  it('ignores its own echo', () => {
    expect(shouldFollow({ group: 'red', symbol: 'ABC', source: 'me' }, ctx)).toBe(false);
  });
  it('ignores other groups, and everything when unlinked', () => {
    expect(shouldFollow({ group: 'blue', symbol: 'ABC', source: 'other' }, ctx)).toBe(false);
    expect(shouldFollow({ group: 'red', symbol: 'ABC', source: 'other' }, { ...ctx, group: null })).toBe(false);
  });
  it('does nothing when the symbol is already shown (any case)', () => {
    expect(shouldFollow({ group: 'red', symbol: 'iwm', source: 'other' }, ctx)).toBe(false);
  });
});

describe('currentOf', () => {
  it('picks the latest link of the group', () => {
    const links = [
      { group: 'red' as const, symbol: 'A', source: 's1', t: 1 },
      { group: 'blue' as const, symbol: 'B', source: 's1', t: 9 },
      { group: 'red' as const, symbol: 'C', source: 's2', t: 5 },
    ];
    expect(currentOf(links, 'red')?.symbol).toBe('C');
    expect(currentOf(links, 'yellow')).toBeNull();
  });
});

describe('source ids and the chain window', () => {
  it('each window gets a distinct id', () => {
    expect(LINK_SOURCE).toMatch(/^w-/);
    expect(newSourceId()).not.toBe(newSourceId());
    expect(LINK_SOURCE.length).toBeLessThanOrEqual(64); // links.publish caps source at 64
  });
  it('a chain window opened from a linked window joins its group', () => {
    expect(chainWindowParams('iwm', 'red')).toEqual({ symbol: 'IWM', link: 'red' });
    expect(chainWindowParams('IWM', null)).toEqual({ symbol: 'IWM' });
  });
});
