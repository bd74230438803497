/** User actions: module-level setState calls, callable from components, shortcuts and the palette alike. */
import type { Timeframe } from '../../../shared/contract/schemas';
import type { SectorId } from '../../../shared/sectors';
import type { ApprovalDialog } from './slices/trading-slice';
import type { SectorFilter, SortKey } from '../views/market/universe-model';
import { nextSort } from '../views/market/universe-model';
import { useKestrelStore, type ViewId } from './index';
import { publishLink, saveLinkGroup, windowViewOf, withLinkParam, type LinkGroup } from './links';

const set = useKestrelStore.setState;

/** Selects the symbol shown by the chart (a user's choice: published to the window's link group). */
export function selectSymbol(symbol: string | null): void {
  const selectedSymbol = symbol === null ? null : symbol.toUpperCase();
  set({ selectedSymbol });
  publishLink(useKestrelStore.getState().linkGroup, selectedSymbol);
}

/**
 * Puts the window in a link group (or none): remembered for the window's view, and written into the address
 * (`?link=`) so a reload keeps it. Adopting the group's symbol is joinLinkGroup's part (wire-engine-events.ts).
 */
export function setLinkGroup(group: LinkGroup | null): void {
  set({ linkGroup: group });
  if (typeof window === 'undefined') return;
  let storage: Storage | null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // refused by privacy settings: the choice holds for this window only
  }
  saveLinkGroup(windowViewOf(window.location.search), group, storage);
  const search = withLinkParam(window.location.search, group);
  if (search !== window.location.search) window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
}

/** Switches the window's view. */
export function setActiveView(view: ViewId): void {
  set({ activeView: view });
}

/** Opens or closes the command palette (closing the other overlays). */
export function setPaletteOpen(open: boolean): void {
  set(open ? { paletteOpen: true, helpOpen: false, aboutOpen: false, universeOpen: false } : { paletteOpen: false });
}

/** Opens or closes the keyboard-shortcuts overlay. */
export function setHelpOpen(open: boolean): void {
  set(open ? { helpOpen: true, paletteOpen: false, aboutOpen: false, universeOpen: false } : { helpOpen: false });
}

/** Opens or closes the About dialog. */
export function setAboutOpen(open: boolean): void {
  set(open ? { aboutOpen: true, paletteOpen: false, helpOpen: false, universeOpen: false } : { aboutOpen: false });
}

/** Opens or closes the Universe dialog (members, exclusions and the what-if check). */
export function setUniverseOpen(open: boolean): void {
  set(open ? { universeOpen: true, paletteOpen: false, helpOpen: false, aboutOpen: false } : { universeOpen: false });
}

/** Closes every dialog, or else the sector detail drawer; true if something was open. */
export function closeOverlays(): boolean {
  const s = useKestrelStore.getState();
  if (s.haltDialog !== null || s.approvalDialog !== null) {
    // Trading dialogs sit above the rest; Esc closes them first, one at a time.
    set(s.haltDialog !== null ? { haltDialog: null } : { approvalDialog: null });
    return true;
  }
  if (!s.paletteOpen && !s.helpOpen && !s.aboutOpen && !s.universeOpen) {
    if (s.openSector === null || s.activeView !== 'sectors') return false;
    set({ openSector: null });
    return true;
  }
  set({ paletteOpen: false, helpOpen: false, aboutOpen: false, universeOpen: false });
  return true;
}

/** Whether any modal overlay is open (view shortcuts stay quiet then). */
export function anyOverlayOpen(): boolean {
  const s = useKestrelStore.getState();
  return s.paletteOpen || s.helpOpen || s.aboutOpen || s.universeOpen || s.haltDialog !== null || s.approvalDialog !== null;
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

/** Opens (or, with null, closes) a sector's detail drawer in the Sectors view. */
export function openSectorDetail(sector: SectorId | null): void {
  set(sector === null ? { openSector: null } : { openSector: sector, activeView: 'sectors' });
}

/** Shows or hides the Sectors view's alerts panel. */
export function setAlertsOpen(open: boolean): void {
  set({ alertsOpen: open });
}

/** Switches to the Sectors view with the alerts panel open (the top bar's alert badge). */
export function showAlerts(): void {
  set({ activeView: 'sectors', alertsOpen: true });
}

/** Removes a toast. */
export function dismissToast(id: number): void {
  set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

/**
 * Opens a symbol in the Market view, selected. Table filters that would hide it are cleared so the
 * selected row is on screen.
 */
export function openInMarket(symbol: string): void {
  const selectedSymbol = symbol.toUpperCase();
  set({ activeView: 'market', selectedSymbol, filterText: '', sectorFilter: 'all' });
  publishLink(useKestrelStore.getState().linkGroup, selectedSymbol);
}

/** Selects a card in the Approvals view. */
export function selectCard(id: string | null): void {
  set({ selectedCardId: id });
}

/** Switches to the Approvals view, with a card selected when given (notifications, `?card=`). */
export function openApprovals(cardId?: string): void {
  set(cardId ? { activeView: 'approvals', selectedCardId: cardId } : { activeView: 'approvals' });
}

/** Removes a card toast. */
export function dismissCardToast(id: string): void {
  set((s) => ({ cardToasts: s.cardToasts.filter((c) => c.id !== id) }));
}

/** Removes a fill toast. */
export function dismissFillToast(id: string): void {
  set((s) => ({ fillToasts: s.fillToasts.filter((f) => f.id !== id) }));
}

/** Switches to the Positions & orders view. */
export function openPortfolio(): void {
  set({ activeView: 'portfolio' });
}

/** Opens (or with null closes) a dialog of the Approvals view. */
export function setApprovalDialog(dialog: ApprovalDialog | null): void {
  set(dialog === null ? { approvalDialog: null } : { approvalDialog: dialog, paletteOpen: false, helpOpen: false, aboutOpen: false, universeOpen: false });
}

/** Opens the kill switch's halt or resume dialog (or closes it with null). */
export function setHaltDialog(dialog: 'halt' | 'resume' | null): void {
  set(dialog === null ? { haltDialog: null } : { haltDialog: dialog, paletteOpen: false, helpOpen: false, aboutOpen: false, universeOpen: false });
}

/** Opens the halt dialog, or the resume dialog when the desk is already halted. */
export function openKillSwitch(): void {
  setHaltDialog(useKestrelStore.getState().tradingStatus?.halted ? 'resume' : 'halt');
}
