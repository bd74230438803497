/**
 * Trading commands the UI sends to the engine (approve, reject, modify, cancel, approve all, halt, resume).
 * Answers go through the same apply functions as events; refusals come back explained (trading-errors.ts),
 * after re-reading what they depend on (the card for 4009/4022, the halt status for 4003).
 */
import { EngineError, RPC_ERROR } from '../../../shared/contract/rpc';
import type { TradeCard, TradingStatus } from '../../../shared/contract/trading-schemas';
import type { RendererEngineClient } from '../engine/rpc-client';
import { useKestrelStore } from './index';
import { describeTradingError, type TradingErrorText } from './trading-errors';
import { applyCards, applyOrders, applyTradingStatus } from './wire-engine-events';

/** The outcome of a command: ok, or refused with its meaning. */
export type CommandOutcome = { ok: true } | { ok: false; error: TradingErrorText };

const cardById = (id: string): TradeCard | null => useKestrelStore.getState().cards.find((c) => c.id === id) ?? null;

/** Re-reads what a refusal depends on, then explains it. */
async function refused(client: RendererEngineClient, error: unknown, cardId: string | null, action: string): Promise<CommandOutcome> {
  if (error instanceof EngineError) {
    const refresh: Promise<unknown>[] = [];
    if (cardId && (error.code === RPC_ERROR.conflict || error.code === RPC_ERROR.guardrailBlocked)) {
      refresh.push(client.invoke('cards.get', { id: cardId }).then((c) => applyCards([c])));
    }
    if (error.code === RPC_ERROR.forbidden) refresh.push(client.invoke('trading.status').then(applyTradingStatus));
    await Promise.allSettled(refresh);
  }
  const s = useKestrelStore.getState();
  return { ok: false, error: describeTradingError(error, { card: cardId ? cardById(cardId) : null, status: s.tradingStatus, action }) };
}

/** Approves a card, optionally shrinking its quantity or changing its limit price. */
export async function approveCard(client: RendererEngineClient, id: string, change: { quantity?: number; limitPrice?: number } = {}): Promise<CommandOutcome> {
  try {
    const { card, order } = await client.invoke('cards.approve', { id, ...change });
    applyCards([card]);
    applyOrders([order]);
    return { ok: true };
  } catch (error) {
    return refused(client, error, id, 'Approve');
  }
}

/** Rejects a card with a reason. */
export async function rejectCard(client: RendererEngineClient, id: string, reason: string): Promise<CommandOutcome> {
  try {
    applyCards([await client.invoke('cards.reject', { id, reason })]);
    return { ok: true };
  } catch (error) {
    return refused(client, error, id, 'Reject');
  }
}

/** Changes a pending card's quantity or prices (guardrails re-run). */
export async function modifyCard(
  client: RendererEngineClient,
  id: string,
  change: { quantity?: number; limitPrice?: number; stopPrice?: number },
): Promise<CommandOutcome> {
  try {
    applyCards([await client.invoke('cards.modify', { id, ...change })]);
    return { ok: true };
  } catch (error) {
    return refused(client, error, id, 'Modify');
  }
}

/** Cancels a card (pending, or approved with orders still working). */
export async function cancelCard(client: RendererEngineClient, id: string, reason?: string): Promise<CommandOutcome> {
  try {
    applyCards([await client.invoke('cards.cancel', reason ? { id, reason } : { id })]);
    return { ok: true };
  } catch (error) {
    return refused(client, error, id, 'Cancel');
  }
}

/** One card approve-all refused, explained. */
export interface RefusedCard {
  id: string;
  card: TradeCard | null;
  error: TradingErrorText;
}

/** Approves several cards at once; returns the approved ids and the refused ones with their meaning. */
export async function approveAllCards(
  client: RendererEngineClient,
  ids: readonly string[],
): Promise<{ ok: true; approved: string[]; refused: RefusedCard[] } | { ok: false; error: TradingErrorText }> {
  try {
    const res = await client.invoke('cards.approveAll', { ids: [...ids], confirm: true });
    applyCards(res.approved.map((a) => a.card));
    applyOrders(res.approved.map((a) => a.order));
    if (res.refused.some((r) => r.code === RPC_ERROR.forbidden)) await loadStatusQuietly(client);
    const status = useKestrelStore.getState().tradingStatus;
    const refusedCards = res.refused.map((r) => {
      const card = cardById(r.id);
      return { id: r.id, card, error: describeTradingError(new EngineError(r.code, r.message), { card, status, action: 'Approve' }) };
    });
    return { ok: true, approved: res.approved.map((a) => a.card.id), refused: refusedCards };
  } catch (error) {
    const out = await refused(client, error, null, 'Approve all');
    return out.ok ? { ok: true, approved: [], refused: [] } : out;
  }
}

async function loadStatusQuietly(client: RendererEngineClient): Promise<void> {
  try {
    applyTradingStatus(await client.invoke('trading.status'));
  } catch {
    // The event will bring it.
  }
}

/** Throws the kill switch: nothing new is submitted and approvals are refused until resumed. */
export async function haltTrading(
  client: RendererEngineClient,
  reason: string,
  cancelWorking = false,
): Promise<{ ok: true; status: TradingStatus } | { ok: false; error: TradingErrorText }> {
  try {
    const status = await client.invoke('trading.halt', cancelWorking ? { reason, cancelWorking: true } : { reason });
    applyTradingStatus(status);
    return { ok: true, status };
  } catch (error) {
    return { ok: false, error: describeTradingError(error, { action: 'Halt' }) };
  }
}

/** Resets the kill switch. */
export async function resumeTrading(client: RendererEngineClient, reason?: string): Promise<{ ok: true; status: TradingStatus } | { ok: false; error: TradingErrorText }> {
  try {
    const status = await client.invoke('trading.resume', reason ? { reason } : {});
    applyTradingStatus(status);
    return { ok: true, status };
  } catch (error) {
    return { ok: false, error: describeTradingError(error, { action: 'Resume' }) };
  }
}
