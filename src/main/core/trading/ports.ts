/**
 * The broker port: what the trading service needs from any broker (the built-in paper broker, later Alpaca or
 * IBKR). Only the trading service holds a BrokerAdapter; segment, strategy and LLM code never get one.
 *
 * Every order carries a client order id derived from its card, and submit() is idempotent on it: submitting the
 * same id again returns the existing order instead of placing a second one. That is what makes a retry after a
 * crash or a timeout safe.
 */
import type { BrokerOrderType, OrderStatus, Side, TimeInForce } from '../../../shared/contract';

export interface BrokerOrderRequest {
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: number;
  orderType: BrokerOrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  /**
   * Orders sharing an OCO group cancel each other: when one fills (even partly), the broker cancels the rest
   * (a bracket's take-profit and stop-loss).
   */
  ocoGroup?: string | null;
  /**
   * A multi-leg package filled as one (an options strategy): `quantity` is strategy units, `limitPrice` the
   * absolute net price per share, `side` buy for a net debit and sell for a net credit.
   */
  legs?: readonly PackageLeg[] | null;
}

export interface PackageLeg {
  /** Option contract (OCC-style) or the underlying's ticker for a stock leg. */
  symbol: string;
  side: 'buy' | 'sell';
  /** Contracts (or shares) per strategy unit. */
  ratio: number;
  /** Shares per contract: 100 for options, 1 for stock. */
  multiplier: number;
}

export interface BrokerOrderState {
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: number;
  status: OrderStatus;
  filledQuantity: number;
  avgFillPrice: number | null;
  /** Why it was rejected, cancelled or expired. */
  reason: string | null;
  updatedAt: number;
}

export interface BrokerFill {
  /** Unique per execution; the trading service records each id once. */
  brokerFillId: string;
  brokerOrderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  quantity: number;
  price: number;
  /** Dollars. */
  fee: number;
  t: number;
  /** Shares per unit of quantity: 100 for an option contract. Default 1. */
  multiplier?: number;
  /** For a leg of a package fill: which leg, how many strategy units the package filled, at what net price. */
  package?: { leg: number; legs: number; units: number; netPrice: number } | null;
}

/** What the broker may ask of the account it trades for (buying power lives in the engine's ledger). */
export interface BrokerAccountView {
  /** Dollars available for a new order now. */
  buyingPower(): number;
  /** Signed shares held now. */
  position(symbol: string): number;
}

export interface BrokerAdapter {
  readonly name: string;
  /**
   * Places an order, or returns the existing one when clientOrderId was seen before. A broker-side refusal
   * (halted symbol, no buying power, no borrow) is an order in status 'rejected' with a reason, not a throw.
   * Throws only when the broker cannot be reached.
   */
  submit(request: BrokerOrderRequest): Promise<BrokerOrderState>;
  /** Cancels what is left of an order; a finished order is returned unchanged. Null when unknown. */
  cancel(clientOrderId: string, reason?: string): Promise<BrokerOrderState | null>;
  /** The broker's view of one order, or null when it never received it. */
  getOrder(clientOrderId: string): Promise<BrokerOrderState | null>;
  /** Orders the broker still works (submitted or partially filled). */
  openOrders(): Promise<BrokerOrderState[]>;
  /** Every fill of one order, oldest first (reconciliation after a restart). */
  fills(clientOrderId: string): Promise<BrokerFill[]>;
  /** Fills as they happen. Returns an unsubscribe function. */
  onFill(listener: (fill: BrokerFill) => void): () => void;
  /** Order status changes (accepted, partially filled, filled, cancelled, expired, rejected). */
  onOrderUpdate(listener: (order: BrokerOrderState) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
