/**
 * Pure position accounting in integer cents: a fill changes a position's signed quantity and signed cost basis,
 * realises P&L on the part that closes, and moves cash. Average cost is cost basis / quantity; a fill that crosses
 * through zero closes the old side at its average cost and opens the new side at the fill price.
 */
import { sideSign, type Side } from '../../../shared/contract/trading-schemas';

export interface PositionBook {
  /** Signed shares. */
  quantity: number;
  /** Signed cost basis, cents (negative for a short). */
  costCents: number;
  realizedCents: number;
}

export interface FillEffect {
  next: PositionBook;
  /** P&L realised by this fill, cents. */
  realizedCents: number;
  /** Cash change of the trade itself (before fees), cents: negative when buying, positive when selling. */
  cashCents: number;
  /** Gross value of the fill, cents (always positive). */
  grossCents: number;
}

/**
 * `multiplier` is the shares per unit of quantity: 1 for stock, 100 for an option contract (prices are per share,
 * so a contract at $1.20 costs $120).
 */
export function applyFill(book: PositionBook, side: Side, quantity: number, price: number, multiplier = 1): FillEffect {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new RangeError(`fill quantity must be a positive integer, got ${quantity}`);
  if (!(price > 0) || !Number.isFinite(price)) throw new RangeError(`fill price must be positive, got ${price}`);
  const delta = sideSign(side) * quantity;
  if (!Number.isInteger(multiplier) || multiplier <= 0) throw new RangeError(`multiplier must be a positive integer, got ${multiplier}`);
  const grossCents = Math.round(quantity * price * multiplier * 100);
  const cashCents = delta > 0 ? -grossCents : grossCents;
  const q = book.quantity;
  if (q === 0 || Math.sign(q) === Math.sign(delta)) {
    const next = { quantity: q + delta, costCents: book.costCents + Math.sign(delta) * grossCents, realizedCents: book.realizedCents };
    return { next, realizedCents: 0, cashCents, grossCents };
  }
  // Reducing, closing or flipping.
  const closing = Math.min(Math.abs(delta), Math.abs(q));
  const closedCost = Math.round((book.costCents * closing) / Math.abs(q));
  const closedValue = Math.round(closing * price * multiplier * 100) * Math.sign(q);
  const realized = closedValue - closedCost;
  const remainingOld = q + Math.sign(delta) * closing;
  let costCents = book.costCents - closedCost;
  let quantityNext = remainingOld;
  const opening = Math.abs(delta) - closing;
  if (opening > 0) {
    quantityNext = Math.sign(delta) * opening;
    costCents = Math.sign(delta) * Math.round(opening * price * multiplier * 100);
  }
  if (quantityNext === 0) costCents = 0;
  return {
    next: { quantity: quantityNext, costCents, realizedCents: book.realizedCents + realized },
    realizedCents: realized,
    cashCents,
    grossCents,
  };
}

/** Average cost per share in dollars (0 when flat); per share of an option contract when multiplier is 100. */
export function averageCost(book: Pick<PositionBook, 'quantity' | 'costCents'>, multiplier = 1): number {
  return book.quantity === 0 ? 0 : book.costCents / book.quantity / 100 / multiplier;
}
