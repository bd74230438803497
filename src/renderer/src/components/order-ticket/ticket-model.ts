/**
 * The order ticket's pure logic: the form and its conversion to an order intent (field problems first, then the
 * contract's intentProblems()), price nudging by one tick, prices pre-filled from a quote, the estimated
 * notional, and the guardrail preview's pacing — a debounce after the last edit, a client-side token bucket
 * (guardrails.evaluate is limited to 30 calls a minute; the ticket keeps to ~20) and the pause after a 4029.
 */
import type { ParamsIn } from '../../../../shared/contract/methods';
import type { Quote } from '../../../../shared/contract/schemas';
import { intentProblems, type OrderType, type Side, type TimeInForce } from '../../../../shared/contract/trading-schemas';
import { priceDecimals, roundTo } from '../../lib/format';

/** One evidence bullet as typed. */
export interface EvidenceRow {
  text: string;
  source: string;
}

/** Quantity in shares or a dollar notional. */
export type SizeMode = 'quantity' | 'notional';

/** Everything the ticket's inputs hold, as text where the trader types. */
export interface TicketForm {
  symbol: string;
  side: Side;
  sizeMode: SizeMode;
  quantity: string;
  notional: string;
  orderType: OrderType;
  limitPrice: string;
  stopPrice: string;
  takeProfit: string;
  stopLoss: string;
  timeInForce: TimeInForce;
  /** Playbook id; '' uses the engine's default playbook. */
  playbook: string;
  thesis: string;
  evidence: EvidenceRow[];
}

/** A field a problem belongs to ('form' for problems of the whole order). */
export type TicketField = Exclude<keyof TicketForm, 'evidence' | 'side' | 'sizeMode' | 'orderType' | 'timeInForce'> | 'evidence' | 'form';

/** A problem the ticket shows next to its field. */
export interface TicketProblem {
  field: TicketField;
  message: string;
}

/** The what-if request the preview sends. */
export type EvaluateParams = ParamsIn<'guardrails.evaluate'>;
/** The card the ticket creates. */
export type CreateParams = ParamsIn<'cards.create'>;

/** A fresh ticket. */
export function emptyTicket(symbol = '', side: Side = 'buy', playbook = ''): TicketForm {
  return {
    symbol: symbol.toUpperCase(),
    side,
    sizeMode: 'quantity',
    quantity: '',
    notional: '',
    orderType: 'limit',
    limitPrice: '',
    stopPrice: '',
    takeProfit: '',
    stopLoss: '',
    timeInForce: 'day',
    playbook,
    thesis: '',
    evidence: [],
  };
}

/** Whether an order type uses each price field. */
export function priceFields(orderType: OrderType): { limit: boolean; stop: boolean; bracket: boolean } {
  return {
    limit: orderType === 'limit' || orderType === 'stop_limit' || orderType === 'bracket',
    stop: orderType === 'stop' || orderType === 'stop_limit',
    bracket: orderType === 'bracket',
  };
}

/** buy and cover are long-side orders (they add shares). */
export function isLongSide(side: Side): boolean {
  return side === 'buy' || side === 'cover';
}

function parseNumber(text: string): number | null | 'bad' {
  const t = text.trim().replaceAll(',', '').replace(/^\$/, '');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : 'bad';
}

const FIELD_OF_KEY: [RegExp, TicketField][] = [
  [/takeProfitPrice/, 'takeProfit'],
  [/stopLossPrice/, 'stopLoss'],
  [/limitPrice/, 'limitPrice'],
  [/stopPrice/, 'stopPrice'],
  [/quantity or notional/, 'form'],
];

/** Rewrites a contract problem in the ticket's words and finds its field. */
function mapContractProblem(message: string): TicketProblem {
  const words = message
    .replace(/takeProfitPrice/g, 'take profit')
    .replace(/stopLossPrice/g, 'stop loss')
    .replace(/limitPrice/g, 'limit price')
    .replace(/stopPrice/g, 'stop price')
    .replace('stop_limit', 'stop-limit');
  // Several keys in one message (bracket ordering): the first named key owns it.
  let best: { at: number; field: TicketField } | null = null;
  for (const [re, field] of FIELD_OF_KEY) {
    const m = re.exec(message);
    if (m && (best === null || m.index < best.at)) best = { at: m.index, field };
  }
  return { field: best?.field ?? 'form', message: words };
}

/** The form as an order intent (with evidence), or the problems that keep it from being one. */
export function formToIntent(form: TicketForm): { intent: EvaluateParams | null; problems: TicketProblem[] } {
  const problems: TicketProblem[] = [];
  const symbol = form.symbol.trim().toUpperCase();
  if (symbol === '') problems.push({ field: 'symbol', message: 'enter a symbol' });
  else if (!/^[A-Z][A-Z0-9.-]{0,9}$/.test(symbol)) problems.push({ field: 'symbol', message: 'not a valid symbol' });

  let quantity: number | undefined;
  let notional: number | undefined;
  if (form.sizeMode === 'quantity') {
    const q = parseNumber(form.quantity);
    if (q === null) problems.push({ field: 'quantity', message: 'enter a quantity' });
    else if (q === 'bad' || !Number.isInteger(q) || q <= 0) problems.push({ field: 'quantity', message: 'whole shares above 0' });
    else if (q > 100_000_000) problems.push({ field: 'quantity', message: 'at most 100,000,000 shares' });
    else quantity = q;
  } else {
    const n = parseNumber(form.notional);
    if (n === null) problems.push({ field: 'notional', message: 'enter a notional' });
    else if (n === 'bad' || n <= 0) problems.push({ field: 'notional', message: 'dollars above 0' });
    else if (n > 1e9) problems.push({ field: 'notional', message: 'at most $1,000,000,000' });
    else notional = roundTo(n, 2);
  }

  const uses = priceFields(form.orderType);
  const price = (field: 'limitPrice' | 'stopPrice' | 'takeProfit' | 'stopLoss', used: boolean): number | undefined => {
    if (!used) return undefined;
    const p = parseNumber(form[field]);
    if (p === null) return undefined; // intentProblems names the missing price
    if (p === 'bad' || p <= 0 || p > 1e6) {
      problems.push({ field, message: 'a price above 0' });
      return undefined;
    }
    return p;
  };
  const limitPrice = price('limitPrice', uses.limit);
  const stopPrice = price('stopPrice', uses.stop);
  const takeProfitPrice = price('takeProfit', uses.bracket);
  const stopLossPrice = price('stopLoss', uses.bracket);

  const evidence: { text: string; source: string }[] = [];
  form.evidence.forEach((e, i) => {
    const text = e.text.trim();
    const source = e.source.trim();
    if (text === '' && source === '') return;
    if (text === '' || source === '') problems.push({ field: 'evidence', message: `evidence ${i + 1} needs both text and source` });
    else if (text.length > 500 || source.length > 120) problems.push({ field: 'evidence', message: `evidence ${i + 1} is too long` });
    else evidence.push({ text, source });
  });
  if (form.thesis.trim().length > 4_000) problems.push({ field: 'thesis', message: 'at most 4,000 characters' });

  if (problems.length > 0) {
    // Still report the order-shape problems the trader can already fix (e.g. a bracket's missing legs).
    const shape = intentProblems({ quantity: quantity ?? 1, orderType: form.orderType, side: form.side, limitPrice, stopPrice, takeProfitPrice, stopLossPrice });
    for (const m of shape) {
      const p = mapContractProblem(m);
      if (!problems.some((x) => x.field === p.field)) problems.push(p);
    }
    return { intent: null, problems };
  }

  const intent: EvaluateParams = {
    symbol,
    side: form.side,
    orderType: form.orderType,
    timeInForce: form.timeInForce,
    origin: 'manual',
    ...(quantity !== undefined ? { quantity } : {}),
    ...(notional !== undefined ? { notional } : {}),
    ...(limitPrice !== undefined ? { limitPrice } : {}),
    ...(stopPrice !== undefined ? { stopPrice } : {}),
    ...(takeProfitPrice !== undefined ? { takeProfitPrice } : {}),
    ...(stopLossPrice !== undefined ? { stopLossPrice } : {}),
    ...(form.playbook !== '' ? { playbook: form.playbook } : {}),
    ...(evidence.length > 0 ? { evidence } : {}),
  };
  const contract = intentProblems(intent).map(mapContractProblem);
  if (contract.length > 0) return { intent: null, problems: contract };
  return { intent, problems: [] };
}

/** The cards.create params of a valid intent: the thesis text and evidence bullets go into the thesis. */
export function intentToCreate(intent: EvaluateParams, thesis: string): CreateParams {
  const { evidence, signalAt: _signalAt, ...order } = intent;
  const text = thesis.trim();
  if (evidence && evidence.length > 0) return { ...order, thesis: { text, evidence } };
  return text === '' ? order : { ...order, thesis: text };
}

/** One tick of a US stock at a price: $0.01 from $1.00 up, $0.0001 below. */
export function tickAt(price: number, direction: 1 | -1): number {
  // At exactly $1.00 a step down enters the sub-dollar tick.
  if (price > 1 || (price === 1 && direction > 0)) return 0.01;
  return 0.0001;
}

/** A price as the input shows it: to its tick. */
export function priceText(price: number): string {
  return price.toFixed(priceDecimals(price));
}

/**
 * The price text after an arrow key: `steps` ticks up or down from the typed price, or from `ref` (the quote)
 * when nothing valid is typed. Never goes to zero or below.
 */
export function nudgePrice(text: string, direction: 1 | -1, ref: number | null, steps = 1): string {
  const typed = parseNumber(text);
  const base = typeof typed === 'number' && typed > 0 ? typed : ref;
  if (base === null || !(base > 0)) return text;
  let p = base;
  for (let i = 0; i < steps; i++) {
    const tick = tickAt(p, direction);
    const next = roundTo(p + direction * tick, tick === 0.01 ? 2 : 4);
    if (next <= 0) break;
    p = next;
  }
  return priceText(p);
}

/** Limit and stop prices pre-filled from a quote: limit at the touch (ask to buy, bid to sell), stop at last. */
export function prefillPrices(quote: Pick<Quote, 'last' | 'bid' | 'ask'>, side: Side): { limitPrice: string; stopPrice: string } {
  const touch = isLongSide(side) ? quote.ask : quote.bid;
  const limit = touch > 0 ? touch : quote.last;
  return { limitPrice: priceText(limit), stopPrice: priceText(quote.last) };
}

/** The price an order would trade at for the estimate: its limit, else its stop, else the last price. */
export function referencePrice(intent: Pick<EvaluateParams, 'orderType' | 'limitPrice' | 'stopPrice'>, last: number | null): number | null {
  if (intent.limitPrice !== undefined) return intent.limitPrice;
  if (intent.orderType === 'stop' && intent.stopPrice !== undefined) return intent.stopPrice;
  return last;
}

/** Estimated shares, notional and share of equity of an intent at a price. */
export function estimate(
  intent: Pick<EvaluateParams, 'orderType' | 'limitPrice' | 'stopPrice' | 'quantity' | 'notional'>,
  last: number | null,
  equity: number | null,
): { shares: number | null; notional: number | null; pctEquity: number | null } {
  const price = referencePrice(intent, last);
  let shares: number | null = null;
  let notional: number | null = null;
  if (intent.quantity !== undefined) {
    shares = intent.quantity;
    notional = price === null ? null : roundTo(intent.quantity * price, 2);
  } else if (intent.notional !== undefined) {
    notional = intent.notional;
    shares = price !== null && price > 0 ? Math.floor(intent.notional / price) : null;
  }
  const pctEquity = notional !== null && equity !== null && equity > 0 ? (notional / equity) * 100 : null;
  return { shares, notional, pctEquity };
}

/**
 * A token bucket on an injected clock: `capacity` calls at once, refilled at `perMinute`. The ticket uses
 * capacity 4 and 20 a minute, so a burst of edits costs a few calls and a long session stays under the
 * engine's 30-a-minute limit.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.perMinute) / 60_000);
    this.updatedAt = Math.max(this.updatedAt, now);
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is available (0 when one is). */
  waitMs(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) * 60_000) / this.perMinute);
  }
}

/** The preview's debounce after the last edit. */
export const PREVIEW_DEBOUNCE_MS = 450;

/**
 * When the next preview call may go out: after the debounce since the last edit, once the bucket has a token
 * and once a rate-limit pause is over — whichever is latest. Returns a delay in ms from `now`.
 */
export function previewDelay(p: { now: number; lastEditAt: number; debounceMs: number; bucketWaitMs: number; pausedUntil: number }): number {
  return Math.max(0, p.lastEditAt + p.debounceMs - p.now, p.bucketWaitMs, p.pausedUntil - p.now);
}

/** How long to pause after a 4029: the engine's hint (data.retryAfterMs / retryAfterSeconds) or 10 s. */
export function retryAfterMs(data: unknown, fallbackMs = 10_000): number {
  if (typeof data === 'object' && data !== null) {
    const d = data as Record<string, unknown>;
    if (typeof d['retryAfterMs'] === 'number' && d['retryAfterMs'] > 0) return d['retryAfterMs'];
    for (const k of ['retryAfterSeconds', 'retryAfter', 'retryAfterS']) {
      const v = d[k];
      if (typeof v === 'number' && v > 0) return v * 1000;
    }
  }
  return fallbackMs;
}

/** A stable key of a what-if request, so an unchanged form never costs a second call. */
export function intentKey(intent: EvaluateParams): string {
  const sorted = Object.fromEntries(Object.entries(intent).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(sorted);
}
