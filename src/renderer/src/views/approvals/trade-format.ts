/** Formatting shared by the trading views: money, sides, order types, countdowns (NUMBERS.md "Money and time"). */
import type { OrderType, Side, TradeCard } from '../../../../shared/contract/trading-schemas';
import { formatPrice, roundTo } from '../../lib/format';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usdSigned = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });

/** Dollars with cents: $12,345.67 (— for nothing). */
export function formatMoney(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? usd.format(roundTo(n, 2)) : '—';
}

/** Signed dollars: +$12.30, −$4.00, $0.00. */
export function formatMoneySigned(n: number | null | undefined): string {
  return typeof n === 'number' && Number.isFinite(n) ? usdSigned.format(roundTo(n, 2)) : '—';
}

/** BUY / SELL / SHORT / COVER. */
export function sideLabel(side: Side): string {
  return side.toUpperCase();
}

/** Colour class of a side: adding shares is green, removing them red. */
export function sideClass(side: Side): 'side-long' | 'side-short' {
  return side === 'buy' || side === 'cover' ? 'side-long' : 'side-short';
}

const TYPE_SHORT: Record<OrderType, string> = { market: 'MKT', limit: 'LMT', stop: 'STP', stop_limit: 'STP LMT', bracket: 'BRKT' };

/** Short order type name: MKT, LMT, STP, STP LMT, BRKT. */
export function orderTypeLabel(type: OrderType): string {
  return TYPE_SHORT[type];
}

/** The order's prices in words: "LMT 12.30", "STP 11.00 LMT 11.10", "MKT", "BRKT TP 13.00 SL 11.00". */
export function orderPrices(card: Pick<TradeCard, 'orderType' | 'limitPrice' | 'stopPrice' | 'takeProfitPrice' | 'stopLossPrice'>): string {
  const p = (v: number | null): string => formatPrice(v);
  switch (card.orderType) {
    case 'market':
      return 'MKT';
    case 'limit':
      return `LMT ${p(card.limitPrice)}`;
    case 'stop':
      return `STP ${p(card.stopPrice)}`;
    case 'stop_limit':
      return `STP ${p(card.stopPrice)} LMT ${p(card.limitPrice)}`;
    case 'bracket':
      return `${card.limitPrice !== null ? `LMT ${p(card.limitPrice)}` : 'MKT'} TP ${p(card.takeProfitPrice)} SL ${p(card.stopLossPrice)}`;
  }
}

/** The notional of a card: quantity at its limit price, else at the last price, else what guardrails used. */
export function cardNotional(card: Pick<TradeCard, 'quantity' | 'limitPrice' | 'guardrails'>, last: number | null | undefined): number | null {
  const price = card.limitPrice ?? (typeof last === 'number' ? last : null) ?? card.guardrails.price;
  return price === null ? card.guardrails.notional : card.quantity * price;
}

/** How urgent an expiry is: amber under a minute, red under 15 seconds. */
export type CountdownTier = 'ok' | 'amber' | 'red' | 'expired';

/** The countdown tier for the time left (engine ms). */
export function countdownTier(remainingMs: number): CountdownTier {
  if (remainingMs <= 0) return 'expired';
  if (remainingMs < 15_000) return 'red';
  if (remainingMs < 60_000) return 'amber';
  return 'ok';
}

/** Time left as m:ss (h:mm:ss past an hour); 0:00 once expired. */
export function formatCountdown(remainingMs: number): string {
  const total = Math.max(0, Math.ceil(remainingMs / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A status word for chips: "partially filled", "pending". */
export function statusLabel(status: string): string {
  return status.replace(/_/g, ' ');
}

/** Problems with a modification (approval can shrink a card, never grow it; the limit stays in the fat-finger band). */
export function modifyProblems(
  input: { quantity: string; limitPrice: string },
  card: Pick<TradeCard, 'quantity' | 'orderType' | 'limitPrice'>,
  band: { last: number | null; maxPct: number | null },
): { quantity?: string; limitPrice?: string } {
  const out: { quantity?: string; limitPrice?: string } = {};
  const q = Number(input.quantity.replace(/,/g, ''));
  if (!/^\s*[\d,]+\s*$/.test(input.quantity) || !Number.isInteger(q) || q < 1) out.quantity = 'Whole shares, at least 1';
  else if (q > card.quantity) out.quantity = `At most the card's ${card.quantity.toLocaleString('en-US')} shares (approval can only reduce)`;
  const hasLimit = card.limitPrice !== null;
  if (hasLimit) {
    const p = Number(input.limitPrice);
    if (input.limitPrice.trim() === '' || !Number.isFinite(p) || p <= 0) out.limitPrice = 'A positive price';
    else if (band.last !== null && band.maxPct !== null && Math.abs(p / band.last - 1) * 100 > band.maxPct + 1e-9) {
      out.limitPrice = `Within ±${band.maxPct}% of the last price ${formatPrice(band.last)} (${formatPrice(band.last * (1 - band.maxPct / 100))}–${formatPrice(band.last * (1 + band.maxPct / 100))})`;
    }
  }
  return out;
}
