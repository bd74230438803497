/**
 * Whether the order ticket is open, and for which symbol and side. Any view opens it with openTicket(symbol,
 * side); OrderTicketHost (mounted once by the shell) renders the ticket while it is open. `seq` changes on every
 * openTicket so reopening for another symbol starts a fresh form.
 */
import { create } from 'zustand';
import type { Side } from '../../../../shared/contract/trading-schemas';

/** The ticket's open state. */
export interface TicketState {
  open: boolean;
  symbol: string;
  side: Side;
  /** Increments on every openTicket (the ticket's React key). */
  seq: number;
}

/** The ticket store hook (select narrowly, e.g. `useTicket((s) => s.open)`). */
export const useTicket = create<TicketState>()(() => ({ open: false, symbol: '', side: 'buy', seq: 0 }));

/** Opens the ticket for a symbol (upper-cased), buying unless a side is given. */
export function openTicket(symbol: string, side: Side = 'buy'): void {
  useTicket.setState((s) => ({ open: true, symbol: symbol.trim().toUpperCase(), side, seq: s.seq + 1 }));
}

/** Closes the ticket. */
export function closeTicket(): void {
  useTicket.setState({ open: false });
}
