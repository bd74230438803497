/**
 * Opens the option chain of a symbol: on the desktop in its own window (the shell's openView), in browser mode
 * in this window's Options view (a tab per view would lose the window's selection). The palette's Shift+Enter
 * always asks for a new window or tab.
 */
import { openViewWindow } from '../../app/open-view';
import { getShell } from '../../engine/index';
import { selectSymbol, setActiveView } from '../../store/actions';
import { useKestrelStore } from '../../store/index';

/** Opens the chain of `symbol` (see the file comment). */
export function openOptionChain(symbol: string): void {
  const s = symbol.toUpperCase();
  if (getShell() && useKestrelStore.getState().activeView !== 'options') {
    openViewWindow('options', { symbol: s });
    return;
  }
  selectSymbol(s);
  setActiveView('options');
}
