/**
 * Pure reducers of the trading slice: cards, orders and fills merged from snapshots and events. Each upsert
 * keeps the newer copy (cards by version, orders by update time), drops stale ones, and keeps lists newest
 * first; an unchanged list keeps its identity so subscribers do not re-render.
 */
import type { Account, CardStatus, Fill, Order, Position, TradeCard } from '../../../shared/contract/trading-schemas';

/** Statuses shown in the approval queue: waiting for a decision. */
export const QUEUE_STATUSES: readonly CardStatus[] = ['pending', 'blocked'];

/** Decided cards kept besides the queue (the "recently decided" section). */
export const MAX_DECIDED_CARDS = 100;
/** Orders and fills kept in memory (the blotter). */
export const MAX_ORDERS = 2_000;
export const MAX_FILLS = 2_000;

/** Whether a card waits for a decision. */
export function isQueued(card: Pick<TradeCard, 'status'>): boolean {
  return QUEUE_STATUSES.includes(card.status);
}

function byCreatedDesc(a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Keeps every queued card and the newest MAX_DECIDED_CARDS decided ones (list already newest first). */
function capCards(cards: TradeCard[]): TradeCard[] {
  let decided = 0;
  return cards.filter((c) => isQueued(c) || ++decided <= MAX_DECIDED_CARDS);
}

/**
 * Merges cards (an event's one card or a snapshot page) into the list by id. A copy with a lower or equal
 * version than the one held is stale and ignored. Returns the same array when nothing changed.
 */
export function upsertCards(current: readonly TradeCard[], incoming: readonly TradeCard[]): readonly TradeCard[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((c) => [c.id, c] as const));
  let changed = false;
  for (const card of incoming) {
    const held = byId.get(card.id);
    if (held && held.version >= card.version) continue;
    byId.set(card.id, card);
    changed = true;
  }
  if (!changed) return current;
  return capCards([...byId.values()].sort(byCreatedDesc));
}

/** The approval queue: pending and blocked cards, newest first. */
export function queuedCards(cards: readonly TradeCard[]): TradeCard[] {
  return cards.filter(isQueued);
}

/** Decided cards, most recently decided (or updated) first. */
export function decidedCards(cards: readonly TradeCard[], limit = 30): TradeCard[] {
  return cards
    .filter((c) => !isQueued(c))
    .sort((a, b) => (b.decidedAt ?? b.updatedAt) - (a.decidedAt ?? a.updatedAt) || byCreatedDesc(a, b))
    .slice(0, limit);
}

/** An order is newer when updated later, or at the same time with more filled (fills only grow). */
function orderIsNewer(incoming: Order, held: Order): boolean {
  if (incoming.updatedAt !== held.updatedAt) return incoming.updatedAt > held.updatedAt;
  return incoming.filledQuantity > held.filledQuantity || (incoming.status !== held.status && isTerminalOrder(incoming) && !isTerminalOrder(held));
}

function isTerminalOrder(o: Order): boolean {
  return o.status === 'filled' || o.status === 'cancelled' || o.status === 'rejected' || o.status === 'expired';
}

/** Merges orders by id (newer update wins), newest created first. */
export function upsertOrders(current: readonly Order[], incoming: readonly Order[]): readonly Order[] {
  if (incoming.length === 0) return current;
  const byId = new Map(current.map((o) => [o.id, o] as const));
  let changed = false;
  for (const order of incoming) {
    const held = byId.get(order.id);
    if (held && !orderIsNewer(order, held)) continue;
    byId.set(order.id, order);
    changed = true;
  }
  if (!changed) return current;
  return [...byId.values()].sort(byCreatedDesc).slice(0, MAX_ORDERS);
}

/** Adds fills (each recorded once), newest first. */
export function addFills(current: readonly Fill[], incoming: readonly Fill[]): readonly Fill[] {
  const ids = new Set(current.map((f) => f.id));
  const fresh = incoming.filter((f) => !ids.has(f.id) && (ids.add(f.id), true));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, MAX_FILLS);
}

/** Positions with their account; a copy older than the one held (by account as-of) is stale. */
export interface PositionsState {
  positions: readonly Position[];
  account: Account | null;
}

/** Replaces positions and account unless the incoming account is older than the held one. */
export function applyPositionsSnapshot(current: PositionsState, incoming: { positions: readonly Position[]; account: Account }): PositionsState {
  if (current.account && incoming.account.asOf < current.account.asOf) return current;
  const positions = [...incoming.positions].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { positions, account: incoming.account };
}

/**
 * The selection after the queue changed: kept while still queued; when the selected card leaves the queue
 * (approved, rejected, expired) the next card still queued below it (else the last) takes its place. A card
 * the queue never held (a `?card=` link not loaded yet, a decided card) stays selected.
 */
export function keepSelection(previousQueue: readonly TradeCard[], queue: readonly TradeCard[], selected: string | null): string | null {
  if (selected === null) return queue[0]?.id ?? null;
  if (queue.some((c) => c.id === selected)) return selected;
  const was = previousQueue.findIndex((c) => c.id === selected);
  if (was < 0) return selected;
  const below = previousQueue.slice(was + 1).find((c) => queue.some((q) => q.id === c.id));
  return below?.id ?? queue[queue.length - 1]?.id ?? null;
}

/** Moves a selection by delta through the queue (clamped); null queue → null. */
export function moveCardSelection(queue: readonly TradeCard[], selected: string | null, delta: number): string | null {
  if (queue.length === 0) return null;
  const i = selected === null ? -1 : queue.findIndex((c) => c.id === selected);
  const next = i < 0 ? (delta > 0 ? 0 : queue.length - 1) : Math.min(queue.length - 1, Math.max(0, i + delta));
  return queue[next]!.id;
}
