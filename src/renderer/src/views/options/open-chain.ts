/**
 * Opens the option chain of a symbol: on the desktop in its own window (the shell's openView), in browser mode
 * in this window's Options view (a tab per view would lose the window's selection). The palette's Shift+Enter
 * always asks for a new window or tab. A new chain window joins this window's link group (`?link=red`), so it
 * keeps following the symbol this window and its linked windows select.
 */
import { openViewWindow } from '../../app/open-view';
import { getShell } from '../../engine/index';
import { selectSymbol, setActiveView } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { LINK_PARAM } from '../../store/links';

/** Opens the chain of `symbol` (see the file comment). */
export function openOptionChain(symbol: string): void {
  const s = symbol.toUpperCase();
  if (getShell() && useKestrelStore.getState().activeView !== 'options') {
    openOptionChainWindow(s);
    return;
  }
  selectSymbol(s);
  setActiveView('options');
}

/** Opens the chain of `symbol` in a new window or tab, in this window's link group. */
export function openOptionChainWindow(symbol: string): void {
  openViewWindow('options', chainWindowParams(symbol, useKestrelStore.getState().linkGroup));
}

/** The new chain window's parameters: its symbol and, when this window is linked, the group. */
export function chainWindowParams(symbol: string, group: string | null): Record<string, string> {
  const params: Record<string, string> = { symbol: symbol.toUpperCase() };
  if (group !== null) params[LINK_PARAM] = group;
  return params;
}
