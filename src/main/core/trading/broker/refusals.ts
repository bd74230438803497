/**
 * Why the paper broker refuses an order at submit, as one sentence with the numbers, or null when it accepts it.
 * A refusal becomes an order in status 'rejected' carrying this reason; it is never a throw.
 *
 * Checked in order: the request's shape (whole positive quantity, the prices its type needs), a known symbol
 * with a quote, the extended session for market orders, an LULD halt, the position for sells and covers, a
 * borrow for shorts (float ≥ minBorrowFloat and not OTC), and buying power for buys and shorts (notional at the
 * reference price: the limit when there is one, else the ask for a buy — or the stop when higher — and the bid
 * for a short).
 */
import type { Quote } from '../../../../shared/contract';
import type { BrokerAccountView, BrokerOrderRequest } from '../ports';
import type { PaperBrokerConfig } from './config';
import { paysAsk } from './fill-model';

export interface PaperInstrument {
  symbol: string;
  float: number;
  exchange: string;
  kind: 'stock' | 'etf';
}

export interface RefusalInput {
  request: BrokerOrderRequest;
  instrument: PaperInstrument | undefined;
  quote: Quote | null;
  /** Whether `now` falls inside an extended session (04:00–20:00 New York). */
  inSession: boolean;
  haltedUntil: number | null;
  account: BrokerAccountView;
  config: PaperBrokerConfig;
}

const usd = (x: number): string => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const positivePrice = (p: number | null): boolean => p !== null && Number.isFinite(p) && p > 0;

/** Price used for the buying-power check. */
export function referencePrice(request: BrokerOrderRequest, quote: Quote): number {
  if (request.limitPrice !== null && (request.orderType === 'limit' || request.orderType === 'stop_limit')) {
    return request.limitPrice;
  }
  if (paysAsk(request.side)) return Math.max(quote.ask, request.stopPrice ?? 0);
  return quote.bid;
}

function shapeProblem(r: BrokerOrderRequest): string | null {
  if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) return `quantity must be a positive whole number of shares, got ${r.quantity}`;
  const needsLimit = r.orderType === 'limit' || r.orderType === 'stop_limit';
  const needsStop = r.orderType === 'stop' || r.orderType === 'stop_limit';
  if (needsLimit && !positivePrice(r.limitPrice)) return `a ${r.orderType} order needs a positive limit price`;
  if (needsStop && !positivePrice(r.stopPrice)) return `a ${r.orderType} order needs a positive stop price`;
  return null;
}

export function refusal(input: RefusalInput): string | null {
  const { request: r, instrument, quote, account, config } = input;
  const shape = shapeProblem(r);
  if (shape) return shape;
  if (!instrument) return `unknown symbol ${r.symbol}`;
  if (!quote || !(quote.last > 0)) return `no quote for ${r.symbol}`;
  if (r.orderType === 'market' && !input.inSession) return 'market closed';
  if (input.haltedUntil !== null) {
    return `${r.symbol} is halted (LULD-style move halt) until ${new Date(input.haltedUntil).toISOString()}`;
  }
  const position = account.position(r.symbol);
  if (r.side === 'sell' && r.quantity > Math.max(0, position)) {
    return `sell of ${r.quantity} shares exceeds the long position of ${Math.max(0, position)}`;
  }
  if (r.side === 'cover' && r.quantity > Math.max(0, -position)) {
    return `cover of ${r.quantity} shares exceeds the short position of ${Math.max(0, -position)}`;
  }
  if (r.side === 'short') {
    if (instrument.exchange === 'OTC') return `no borrow: ${r.symbol} trades OTC`;
    if (instrument.float < config.minBorrowFloat) {
      return `no borrow: float ${instrument.float.toLocaleString('en-US')} is under ${config.minBorrowFloat.toLocaleString('en-US')} shares`;
    }
  }
  if (r.side === 'buy' || r.side === 'short') {
    const need = r.quantity * referencePrice(r, quote);
    const have = account.buyingPower();
    if (!(need <= have)) return `insufficient buying power: the order needs ${usd(need)}, ${usd(have)} is available`;
  }
  return null;
}
