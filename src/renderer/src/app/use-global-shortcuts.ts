/**
 * Window-wide keyboard shortcuts: Ctrl/Cmd+K palette, Esc closes overlays, `/` table filter, `?` help,
 * 1/2/3 chart timeframe, `r` fresh sector analysis (Sectors view). Table navigation keys live with the table,
 * which knows the row order.
 */
import { useEffect } from 'react';
import { useEngine } from '../engine/engine-context';
import type { Timeframe } from '../../../shared/contract/schemas';
import { closeOverlays, setHelpOpen, setPaletteOpen, setTimeframe } from '../store/actions';
import { runSectorAnalysis } from '../store/engine-commands';
import { useKestrelStore } from '../store/index';
import { focusFilter, isTypingTarget } from './dom-ids';

const TIMEFRAME_KEYS: Record<string, Timeframe> = { '1': '5m', '2': '30m', '3': '1d' };

/** The shortcut list shown in the help overlay; keep in step with the handler below. */
export const SHORTCUTS: readonly { keys: string[]; action: string }[] = [
  { keys: ['Ctrl/⌘', 'K'], action: 'Command palette: views, symbols, commands' },
  { keys: ['/'], action: 'Focus the table filter' },
  { keys: ['↑', '↓'], action: 'Move the selected row' },
  { keys: ['PgUp', 'PgDn'], action: 'Move the selection by a page' },
  { keys: ['Home', 'End'], action: 'First / last row' },
  { keys: ['1', '2', '3'], action: 'Chart timeframe 5m / 30m / 1D' },
  { keys: ['R'], action: 'Sectors view: run a fresh analysis' },
  { keys: ['?'], action: 'Show or hide this help' },
  { keys: ['Esc'], action: 'Close a dialog or the sector detail; in the filter, clear it' },
];

/** Installs the window-wide shortcuts for the lifetime of the calling component. */
export function useGlobalShortcuts(): void {
  const client = useEngine();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPaletteOpen(!useKestrelStore.getState().paletteOpen);
        return;
      }
      if (e.key === 'Escape') {
        if (closeOverlays()) e.preventDefault();
        return;
      }
      if (mod || e.altKey || isTypingTarget(e.target)) return;
      const s = useKestrelStore.getState();
      if (e.key === '?') {
        e.preventDefault();
        setHelpOpen(!s.helpOpen);
        return;
      }
      if (s.paletteOpen || s.helpOpen || s.aboutOpen || s.universeOpen) return;
      if (e.key === '/') {
        e.preventDefault();
        focusFilter();
        return;
      }
      if ((e.key === 'r' || e.key === 'R') && !e.shiftKey && s.activeView === 'sectors') {
        e.preventDefault();
        void runSectorAnalysis(client);
        return;
      }
      const tf = TIMEFRAME_KEYS[e.key];
      if (tf) {
        e.preventDefault();
        setTimeframe(tf);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);
}
