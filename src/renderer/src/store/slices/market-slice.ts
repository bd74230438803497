/** Market slice: the universe, the latest quote per symbol and the selected symbol. */
import type { StateCreator } from 'zustand';
import type { Quote, UniverseItem } from '../../../../shared/contract/schemas';
import type { KestrelState } from '../index';

/** Loading state of something fetched once. */
export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/** Universe, quotes and selection. */
export interface MarketSlice {
  universe: readonly UniverseItem[];
  universeStatus: LoadStatus;
  universeError: string | null;
  /**
   * Latest quote per symbol. Replaced (not mutated) at most ~4×/s; an unchanged quote keeps its identity,
   * so a row selecting `quotes[symbol]` re-renders only when its own quote moved.
   */
  quotes: Readonly<Record<string, Quote>>;
  quotesSource: string | null;
  /** Engine time of the newest quote batch, epoch ms. */
  quotesAsOf: number | null;
  /** Wall time (Date.now) the newest batch arrived, for freshness. */
  quotesReceivedAt: number | null;
  selectedSymbol: string | null;
}

/** Initial market state. */
export const createMarketSlice: StateCreator<KestrelState, [], [], MarketSlice> = () => ({
  universe: [],
  universeStatus: 'idle',
  universeError: null,
  quotes: {},
  quotesSource: null,
  quotesAsOf: null,
  quotesReceivedAt: null,
  selectedSymbol: null,
});
