/**
 * The one place engine state enters the store: connection changes, snapshots fetched on every (re)open,
 * and the subscribed events. Everything here is a module-level setState action (no store methods).
 */
import type {
  ClockState,
  Health,
  Quote,
  SystemInfo,
  SystemStatus,
  UniverseItem,
} from '../../../shared/contract/schemas';
import { BENCHMARK_SYMBOL } from '../../../shared/sectors';
import type { RendererEngineClient } from '../engine/rpc-client';
import { errorText } from '../lib/error-text';
import { useKestrelStore } from './index';
import { createQuoteBatcher, type MergedQuotes, type QuoteBatcher } from './quote-batcher';

const set = useKestrelStore.setState;
const get = useKestrelStore.getState;

/** Options of wireEngineEvents (tests shorten the intervals). */
export interface WireOptions {
  /** Minimum interval between quote flushes into the store, ms. */
  quoteFlushMs?: number;
  /** How often to re-read the engine clock to correct extrapolation drift, ms. */
  clockResyncMs?: number;
}

/** Connects the client to the store; returns a function that disconnects it. */
export function wireEngineEvents(client: RendererEngineClient, options: WireOptions = {}): () => void {
  const batcher = createQuoteBatcher(applyQuotes, options.quoteFlushMs ?? 250);
  const onState = (): void => {
    const opened = client.state === 'open' && get().connection !== 'open';
    set((s) => ({
      connection: client.state,
      reconnectAttempt: client.reconnectAttempt,
      transport: client.transport,
      openCount: opened ? s.openCount + 1 : s.openCount,
    }));
    if (opened) void loadSnapshot(client, batcher);
  };
  const offs = [
    client.onStateChange(onState),
    client.on('quotes.updated', (batch) => batcher.push(batch)),
    client.on('clock.changed', applyClock),
    client.on('system.status', applyStatus),
  ];
  onState();
  const resync = setInterval(() => {
    if (client.state === 'open') client.invoke('clock.get').then(applyClock, () => undefined);
  }, options.clockResyncMs ?? 15_000);
  return () => {
    for (const off of offs) off();
    clearInterval(resync);
    batcher.dispose();
  };
}

/** Fetches what a (re)opened connection needs: clock, health, quotes, and the universe once. */
export async function loadSnapshot(client: RendererEngineClient, batcher?: QuoteBatcher): Promise<void> {
  const s = get();
  const tasks: Promise<unknown>[] = [
    client.invoke('clock.get').then(applyClock),
    client.invoke('system.health').then(applyHealth),
    // The reply is newer than any event that arrived before it on the same socket, so pending
    // (older) batched events are dropped rather than flushed over it.
    client.invoke('market.quotes').then((snap) => {
      batcher?.clear();
      applyQuotes({ source: snap.source, asOf: snap.asOf ?? get().quotesAsOf ?? 0, quotes: snap.quotes });
    }),
  ];
  if (s.universeStatus !== 'ready') tasks.push(loadUniverse(client));
  if (!s.info) tasks.push(client.invoke('system.info').then(applyInfo));
  const results = await Promise.allSettled(tasks);
  for (const r of results) if (r.status === 'rejected') console.warn('[engine] snapshot failed', r.reason);
}

/** Loads every instrument (paging if the engine ever holds more than one page). */
export async function loadUniverse(client: RendererEngineClient): Promise<void> {
  set({ universeStatus: 'loading', universeError: null });
  try {
    const items: UniverseItem[] = [];
    let total = Infinity;
    while (items.length < total) {
      const page = await client.invoke('market.universe', { offset: items.length, limit: 10_000 });
      total = page.total;
      items.push(...page.items);
      if (page.items.length === 0) break;
    }
    applyUniverse(items);
  } catch (error) {
    set({ universeStatus: 'error', universeError: errorText(error) });
  }
}

/** Sets the universe and, if nothing is selected yet, selects the benchmark (or the first instrument). */
export function applyUniverse(items: UniverseItem[]): void {
  set((s) => {
    const selected =
      s.selectedSymbol ?? (items.some((i) => i.symbol === BENCHMARK_SYMBOL) ? BENCHMARK_SYMBOL : (items[0]?.symbol ?? null));
    return { universe: items, universeStatus: 'ready', universeError: null, selectedSymbol: selected };
  });
}

function sameQuote(a: Quote, b: Quote): boolean {
  return a.t === b.t && a.last === b.last && a.volume === b.volume && a.bid === b.bid && a.ask === b.ask && a.prevClose === b.prevClose;
}

/** Merges quotes into the store, keeping the identity of those that did not change. */
export function applyQuotes(merged: MergedQuotes): void {
  set((s) => {
    let next: Record<string, Quote> | null = null;
    for (const q of merged.quotes) {
      const prev = s.quotes[q.symbol];
      if (prev && sameQuote(prev, q)) continue;
      next ??= { ...s.quotes };
      next[q.symbol] = q;
    }
    return {
      quotes: next ?? s.quotes,
      quotesSource: merged.source,
      quotesAsOf: merged.asOf,
      quotesReceivedAt: Date.now(),
    };
  });
}

/** Stores a clock state and when it arrived. */
export function applyClock(clock: ClockState): void {
  set({ clock, clockReceivedAt: Date.now() });
}

function applyHealth(health: Health): void {
  set({ health });
}

function applyStatus(status: SystemStatus): void {
  set({ status });
}

function applyInfo(info: SystemInfo): void {
  set({ info });
}
