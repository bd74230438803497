/**
 * The window's one zustand store, combined from typed slices. Engine events are applied only in
 * wire-engine-events.ts; user actions live in actions.ts as module-level setState calls.
 */
import { create } from 'zustand';
import { createConnectionSlice, type ConnectionSlice } from './slices/connection-slice';
import { createLinksSlice, type LinksSlice } from './slices/links-slice';
import { createMarketSlice, type MarketSlice } from './slices/market-slice';
import { createSegmentsSlice, type SegmentsSlice } from './segments';
import { createSectorsSlice, type SectorsSlice } from './slices/sectors-slice';
import { createSystemSlice, type SystemSlice } from './slices/system-slice';
import { createTradingSlice, type TradingSlice } from './slices/trading-slice';
import { createUiSlice, type UiSlice } from './slices/ui-slice';

/** Everything in the store. */
export type KestrelState = ConnectionSlice & SystemSlice & MarketSlice & UiSlice & SectorsSlice & TradingSlice & LinksSlice & SegmentsSlice;

/** The store hook; select narrowly (`useKestrelStore((s) => s.connection)`), useShallow for objects. */
export const useKestrelStore = create<KestrelState>()((...a) => ({
  ...createConnectionSlice(...a),
  ...createSystemSlice(...a),
  ...createMarketSlice(...a),
  ...createUiSlice(...a),
  ...createSectorsSlice(...a),
  ...createTradingSlice(...a),
  ...createLinksSlice(...a),
  ...createSegmentsSlice(...a),
}));

const initialState = useKestrelStore.getState();

/** Restores the initial state (tests). */
export function resetKestrelStore(): void {
  useKestrelStore.setState(initialState, true);
}

export type { ViewId } from './slices/ui-slice';
export type { LoadStatus } from './slices/market-slice';
