/**
 * Window-wide keyboard shortcuts: Ctrl/Cmd+K palette, Ctrl/Cmd+Shift+H kill switch, Esc closes overlays, `/`
 * table filter, `?` help, 1/2/3 chart timeframe, `t` order ticket for the selected symbol, `o` its option chain,
 * `r` fresh sector analysis (Sectors view). Table and queue navigation keys live with their views, which know the row order.
 */
import { useEffect } from 'react';
import { useEngine } from '../engine/engine-context';
import type { Timeframe } from '../../../shared/contract/schemas';
import { openTicket } from '../components/order-ticket/ticket-store';
import { openOptionChain } from '../views/options/open-chain';
import { anyOverlayOpen, closeOverlays, openKillSwitch, setHelpOpen, setPaletteOpen, setTimeframe } from '../store/actions';
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
  { keys: ['T'], action: 'New order ticket for the selected symbol (Approvals: the selected card’s)' },
  { keys: ['O'], action: 'Option chain for the selected symbol (its own window on the desktop)' },
  { keys: ['↑', '↓', '←', '→'], action: 'Options: move along strikes / switch call and put' },
  { keys: ['B', 'S'], action: 'Options: add a buy (at the ask) / sell (at the bid) leg of the highlighted contract' },
  { keys: ['[', ']'], action: 'Options: previous / next expiry' },
  { keys: ['Ctrl/⌘', 'Shift', 'H'], action: 'Kill switch: halt trading (resume when halted)' },
  { keys: ['J', 'K'], action: 'Approvals: select the next / previous card (also ↑ ↓)' },
  { keys: ['A'], action: 'Approvals: approve the selected card' },
  { keys: ['R'], action: 'Approvals: reject the selected card (asks a reason)' },
  { keys: ['M'], action: 'Approvals: modify quantity or limit price' },
  { keys: ['Shift', 'A'], action: 'Approvals: approve all pending cards (confirm first)' },
  { keys: ['Enter', 'E'], action: 'Approvals: show or hide the thesis and evidence' },
  { keys: ['G'], action: 'Approvals: explain the selected card’s guardrails' },
  { keys: ['J', 'K'], action: 'Segments: select the next / previous segment (also ↑ ↓)' },
  { keys: ['R'], action: 'Segments: run the selected segment now' },
  { keys: ['W'], action: 'Compare: switch the correlation window between 30 and 90 days' },
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
      if (mod && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'h') {
        e.preventDefault();
        openKillSwitch();
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
      if (anyOverlayOpen() || document.querySelector('[aria-modal="true"]') !== null) return;
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
      if ((e.key === 't' || e.key === 'T') && !e.shiftKey && s.selectedSymbol) {
        e.preventDefault();
        openTicket(s.selectedSymbol);
        return;
      }
      if ((e.key === 'o' || e.key === 'O') && !e.shiftKey && s.selectedSymbol) {
        e.preventDefault();
        openOptionChain(s.selectedSymbol);
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
