/** Trading slice: trade cards (queue and recently decided), orders, fills, positions, account, kill switch. */
import type { StateCreator } from 'zustand';
import type { Account, Fill, GuardrailCheckId, Order, Position, TradeCard, TradingStatus } from '../../../../shared/contract/trading-schemas';
import type { KestrelState } from '../index';
import type { LoadStatus } from './market-slice';

/** A dialog of the Approvals view (Esc closes it through closeOverlays). */
export type ApprovalDialog =
  | { kind: 'reject'; cardId: string }
  | { kind: 'modify'; cardId: string }
  | { kind: 'approveAll'; cardIds: readonly string[] }
  | { kind: 'explain'; cardId: string; focus?: GuardrailCheckId };

/** Trading state. */
export interface TradingSlice {
  /** Queued cards and up to MAX_DECIDED_CARDS decided ones, newest created first. */
  cards: readonly TradeCard[];
  cardsStatus: LoadStatus;
  cardsError: string | null;
  /** Newest created first. */
  orders: readonly Order[];
  /** Newest first. */
  fills: readonly Fill[];
  positions: readonly Position[];
  account: Account | null;
  portfolioStatus: LoadStatus;
  portfolioError: string | null;
  tradingStatus: TradingStatus | null;
  /** The card selected in the Approvals view (keyboard actions apply to it). */
  selectedCardId: string | null;
  approvalDialog: ApprovalDialog | null;
  /** The kill-switch dialog: halting (asks a reason) or resuming (asks a confirmation). */
  haltDialog: 'halt' | 'resume' | null;
  /** Browser-mode toasts for cards that newly wait for approval (Electron shows native notifications). */
  cardToasts: readonly TradeCard[];
  /** Browser-mode toasts for fills. */
  fillToasts: readonly Fill[];
}

/** Initial trading state. */
export const createTradingSlice: StateCreator<KestrelState, [], [], TradingSlice> = () => ({
  cards: [],
  cardsStatus: 'idle',
  cardsError: null,
  orders: [],
  fills: [],
  positions: [],
  account: null,
  portfolioStatus: 'idle',
  portfolioError: null,
  tradingStatus: null,
  selectedCardId: null,
  approvalDialog: null,
  haltDialog: null,
  cardToasts: [],
  fillToasts: [],
});
