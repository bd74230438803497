/** UI slice: which view, which overlays, and the market view's table and chart settings. */
import type { StateCreator } from 'zustand';
import type { Timeframe } from '../../../../shared/contract/schemas';
import type { VIEWS } from '../../../../shared/views';
import type { SectorFilter, SortSpec } from '../../views/market/universe-model';
import type { KestrelState } from '../index';

/** Id of a view in VIEWS. */
export type ViewId = (typeof VIEWS)[number]['id'];

/** View, overlays and view settings. */
export interface UiSlice {
  activeView: ViewId;
  paletteOpen: boolean;
  helpOpen: boolean;
  aboutOpen: boolean;
  /** The Universe dialog (members, exclusions, what-if). */
  universeOpen: boolean;
  filterText: string;
  sectorFilter: SectorFilter;
  sort: SortSpec;
  timeframe: Timeframe;
}

/** Initial UI state. */
export const createUiSlice: StateCreator<KestrelState, [], [], UiSlice> = () => ({
  activeView: 'market',
  paletteOpen: false,
  helpOpen: false,
  aboutOpen: false,
  universeOpen: false,
  filterText: '',
  sectorFilter: 'all',
  sort: { key: 'symbol', dir: 'asc' },
  timeframe: '5m',
});
