/** User actions: module-level setState calls, callable from components, shortcuts and the palette alike. */
import type { Timeframe } from '../../../shared/contract/schemas';
import type { SectorFilter, SortKey } from '../views/market/universe-model';
import { nextSort } from '../views/market/universe-model';
import { useKestrelStore, type ViewId } from './index';

const set = useKestrelStore.setState;

/** Selects the symbol shown by the chart. */
export function selectSymbol(symbol: string | null): void {
  set({ selectedSymbol: symbol === null ? null : symbol.toUpperCase() });
}

/** Switches the window's view. */
export function setActiveView(view: ViewId): void {
  set({ activeView: view });
}

/** Opens or closes the command palette (closing the other overlays). */
export function setPaletteOpen(open: boolean): void {
  set(open ? { paletteOpen: true, helpOpen: false, aboutOpen: false } : { paletteOpen: false });
}

/** Opens or closes the keyboard-shortcuts overlay. */
export function setHelpOpen(open: boolean): void {
  set(open ? { helpOpen: true, paletteOpen: false, aboutOpen: false } : { helpOpen: false });
}

/** Opens or closes the About dialog. */
export function setAboutOpen(open: boolean): void {
  set(open ? { aboutOpen: true, paletteOpen: false, helpOpen: false } : { aboutOpen: false });
}

/** Closes every overlay; true if one was open. */
export function closeOverlays(): boolean {
  const s = useKestrelStore.getState();
  if (!s.paletteOpen && !s.helpOpen && !s.aboutOpen) return false;
  set({ paletteOpen: false, helpOpen: false, aboutOpen: false });
  return true;
}

/** Sets the universe table's text filter. */
export function setFilterText(text: string): void {
  set({ filterText: text });
}

/** Clears the text and sector filters. */
export function clearFilters(): void {
  set({ filterText: '', sectorFilter: 'all' });
}

/** Sets the universe table's sector filter. */
export function setSectorFilter(sector: SectorFilter): void {
  set({ sectorFilter: sector });
}

/** Sorts by a column (clicking the current column flips direction). */
export function sortBy(key: SortKey): void {
  set((s) => ({ sort: nextSort(s.sort, key) }));
}

/** Sets the chart timeframe. */
export function setTimeframe(timeframe: Timeframe): void {
  set({ timeframe });
}
