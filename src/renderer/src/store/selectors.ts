/** Derived lookups over the store, memoised on the source array's identity (never stored twice). */
import type { UniverseItem } from '../../../shared/contract/schemas';

const indexCache = new WeakMap<readonly UniverseItem[], Map<string, UniverseItem>>();

/** Universe items by symbol. */
export function universeIndex(universe: readonly UniverseItem[]): Map<string, UniverseItem> {
  let index = indexCache.get(universe);
  if (!index) {
    index = new Map(universe.map((it) => [it.symbol, it]));
    indexCache.set(universe, index);
  }
  return index;
}
