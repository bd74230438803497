/**
 * The one place engine state enters the store: connection changes, snapshots fetched on every (re)open,
 * and the subscribed events. Everything here is a module-level setState action (no store methods).
 */
import type {
  ClockState,
  Health,
  LinkGroup,
  LinkSymbol,
  Quote,
  SystemInfo,
  SystemStatus,
  UniverseItem,
} from '../../../shared/contract/schemas';
import type { Alert, AnalysisProgress, SectorsGrid, SectorsUpdated } from '../../../shared/contract/sector-schemas';
import type { Account, Fill, Order, Position, TradeCard, TradingStatus } from '../../../shared/contract/trading-schemas';
import type { LlmCall } from '../../../shared/contract/llm-schemas';
import type { SegmentRunProgress, SegmentSummary } from '../../../shared/contract/segment-schemas';
import { BENCHMARK_SYMBOL, type SectorId } from '../../../shared/sectors';
import type { RendererEngineClient } from '../engine/rpc-client';
import { errorText } from '../lib/error-text';
import { simNow } from '../lib/clock-math';
import { nyDateKey } from '../lib/ny-time';
import { useKestrelStore } from './index';
import { setLinkGroup } from './actions';
import { currentOf, initialLinkGroup, LINK_SOURCE, publishLink, setLinkPublisher, shouldFollow, type LinkStorage } from './links';
import { createQuoteBatcher, type MergedQuotes, type QuoteBatcher } from './quote-batcher';
import { completedSuccessfully, mergeAlerts, mergeSectorsUpdate, reduceProgress } from './sectors-reducers';
import { addCallToStatus, mergeLlmCalls, patchDetail, reduceRunProgress, upsertSegment } from './segments';
import { addFills, applyPositionsSnapshot, isQueued, keepSelection, queuedCards, upsertCards, upsertOrders } from './trading-reducers';

const set = useKestrelStore.setState;
const get = useKestrelStore.getState;

/** Options of wireEngineEvents (tests shorten the intervals). */
export interface WireOptions {
  /** Minimum interval between quote flushes into the store, ms. */
  quoteFlushMs?: number;
  /** How often to re-read the engine clock to correct extrapolation drift, ms. */
  clockResyncMs?: number;
  /**
   * Show a toast per `alerts.raised` (default: browser mode only; under Electron the main process shows a
   * native notification instead).
   */
  toasts?: boolean;
  /**
   * Where the window's link group comes from (default: this page's address and localStorage). A symbol the
   * window was opened on (`?symbol=`, in the store before wiring) is published to the group on the first open.
   */
  links?: { search: string; storage: LinkStorage | null };
}

/** Connects the client to the store; returns a function that disconnects it. */
export function wireEngineEvents(client: RendererEngineClient, options: WireOptions = {}): () => void {
  const batcher = createQuoteBatcher(applyQuotes, options.quoteFlushMs ?? 250);
  const linkInit = options.links ?? defaultLinkInit();
  set({ linkGroup: initialLinkGroup(linkInit.search, linkInit.storage) });
  // A symbol the window was opened on (?symbol=, set before wiring) is the user's choice: the group follows it.
  let openedOn = get().selectedSymbol;
  setLinkPublisher((link) => client.invoke('links.publish', link));
  const onState = (): void => {
    const opened = client.state === 'open' && get().connection !== 'open';
    set((s) => ({
      connection: client.state,
      reconnectAttempt: client.reconnectAttempt,
      transport: client.transport,
      openCount: opened ? s.openCount + 1 : s.openCount,
    }));
    if (!opened) return;
    void loadSnapshot(client, batcher);
    const group = get().linkGroup;
    if (group !== null && openedOn !== null) publishLink(group, openedOn);
    else if (group !== null) void adoptLinkedSymbol(client, group, false);
    openedOn = null;
  };
  const offs = [
    client.onStateChange(onState),
    client.on('quotes.updated', (batch) => batcher.push(batch)),
    client.on('clock.changed', applyClock),
    client.on('system.status', applyStatus),
    client.on('sectors.updated', applySectorsUpdated),
    client.on('analysis.progress', (ev) => {
      if (applyAnalysisProgress(ev)) void loadSectorsGrid(client);
    }),
    client.on('alerts.raised', (alert) => applyAlertRaised(alert, options.toasts ?? client.transport === 'ws')),
    client.on('cards.changed', (ev) => applyCardChanged(ev, options.toasts ?? client.transport === 'ws')),
    client.on('orders.changed', (ev) => applyOrders([ev.order])),
    client.on('fills.created', (ev) => applyFillCreated(ev.fill, options.toasts ?? client.transport === 'ws')),
    client.on('positions.changed', applyPositions),
    client.on('trading.statusChanged', applyTradingStatus),
    client.on('links.symbolChanged', applyLinkedSymbol),
  ];
  onState();
  const resync = setInterval(() => {
    if (client.state === 'open') client.invoke('clock.get').then(applyClock, () => undefined);
  }, options.clockResyncMs ?? 15_000);
  return () => {
    for (const off of offs) off();
    setLinkPublisher(null);
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
  // Both record their own failures in the store (the Sectors view shows them); a gap may have missed updates.
  tasks.push(loadSectorsGrid(client), loadAlerts(client), loadTrading(client));
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

// ---- sectors (seed 004) ----

/** Fetches the sector grid (on every open, on refresh, after an analysis completes). */
export async function loadSectorsGrid(client: RendererEngineClient): Promise<void> {
  set((s) => ({ sectorsStatus: s.sectorsGrid ? s.sectorsStatus : 'loading', sectorsError: null }));
  try {
    applySectorsGrid(await client.invoke('sectors.grid'));
  } catch (error) {
    // The last known grid stays on screen; the error says why it is not current.
    set({ sectorsStatus: 'error', sectorsError: errorText(error) });
  }
}

/** Stores a fetched grid. */
export function applySectorsGrid(grid: SectorsGrid): void {
  set({ sectorsGrid: grid, sectorsStatus: 'ready', sectorsError: null, sectorsFetchedAt: Date.now() });
}

/** Merges a `sectors.updated` event (only the changed sectors) into the grid. */
export function applySectorsUpdated(ev: SectorsUpdated): void {
  set((s) => {
    const grid = mergeSectorsUpdate(s.sectorsGrid, ev);
    if (grid === s.sectorsGrid) return {};
    const newRun = s.sectorsGrid?.runId !== grid.runId;
    return { sectorsGrid: grid, sectorsStatus: 'ready', sectorsFetchedAt: newRun ? Date.now() : s.sectorsFetchedAt };
  });
}

/** Applies analysis progress; true when the followed job just completed without error. */
export function applyAnalysisProgress(ev: AnalysisProgress): boolean {
  const before = get().analysisJob;
  const after = reduceProgress(before, ev, Date.now());
  if (after === before) return false;
  set({ analysisJob: after });
  return completedSuccessfully(before, after);
}

/** Fetches the recent alerts. */
export async function loadAlerts(client: RendererEngineClient): Promise<void> {
  set((s) => ({ alertsStatus: s.alertsStatus === 'ready' ? 'ready' : 'loading', alertsError: null }));
  try {
    const { alerts } = await client.invoke('alerts.list', { limit: 100 });
    set((s) => ({ alerts: mergeAlerts(s.alerts, alerts), alertsStatus: 'ready', alertsError: null }));
  } catch (error) {
    set({ alertsStatus: 'error', alertsError: errorText(error) });
  }
}

/** Adds an alert (new or updated, e.g. acknowledged) to the list. */
export function applyAlert(alert: Alert): void {
  set((s) => ({ alerts: mergeAlerts(s.alerts, [alert]) }));
}

/** Most toasts stacked at once; older ones give way. */
const MAX_TOASTS = 4;

/** A raised alert: into the list, and a toast in browser mode. */
export function applyAlertRaised(alert: Alert, toast: boolean): void {
  set((s) => ({
    alerts: mergeAlerts(s.alerts, [alert]),
    toasts: toast && !s.toasts.some((t) => t.id === alert.id) ? [alert, ...s.toasts].slice(0, MAX_TOASTS) : s.toasts,
  }));
}

/** Fetches a sector's detail (factor breakdown and member table) for the current run. */
export async function loadSectorDetail(client: RendererEngineClient, sector: SectorId): Promise<void> {
  const runId = get().sectorsGrid?.runId ?? null;
  set((s) => ({ sectorDetails: { ...s.sectorDetails, [sector]: { status: 'loading', data: s.sectorDetails[sector]?.data ?? null, error: null, runId } } }));
  try {
    const data = await client.invoke('sectors.detail', { sector });
    set((s) => ({ sectorDetails: { ...s.sectorDetails, [sector]: { status: 'ready', data, error: null, runId } } }));
  } catch (error) {
    set((s) => ({ sectorDetails: { ...s.sectorDetails, [sector]: { status: 'error', data: s.sectorDetails[sector]?.data ?? null, error: errorText(error), runId } } }));
  }
}

/** Days of sentiment history the detail chart shows. */
export const HISTORY_DAYS = 90;

/** Fetches a sector's sentiment history: the 90 days up to the latest run. */
export async function loadSectorHistory(client: RendererEngineClient, sector: SectorId): Promise<void> {
  const grid = get().sectorsGrid;
  const runId = grid?.runId ?? null;
  const to = grid?.asOf ?? null;
  set((s) => ({ sectorHistory: { ...s.sectorHistory, [sector]: { status: 'loading', data: s.sectorHistory[sector]?.data ?? null, error: null, runId } } }));
  try {
    const data = await client.invoke('sectors.history', to === null ? { sector } : { sector, from: to - HISTORY_DAYS * 86_400_000, to });
    set((s) => ({ sectorHistory: { ...s.sectorHistory, [sector]: { status: 'ready', data, error: null, runId } } }));
  } catch (error) {
    set((s) => ({ sectorHistory: { ...s.sectorHistory, [sector]: { status: 'error', data: s.sectorHistory[sector]?.data ?? null, error: errorText(error), runId } } }));
  }
}

// ---- trading (seed 001) ----

/** Recently decided cards fetched with the queue on every (re)open. */
const RECENT_CARDS = 50;

/**
 * Fetches the trading state a (re)opened connection needs: the approval queue and recent cards, orders,
 * fills, positions with the account, and the kill switch. Each part records its own failure.
 */
export async function loadTrading(client: RendererEngineClient): Promise<void> {
  await Promise.all([loadCards(client), loadPortfolio(client), loadTradingStatus(client)]);
}

/** Fetches the approval queue (pending and blocked) and the most recent cards. */
export async function loadCards(client: RendererEngineClient): Promise<void> {
  set((s) => ({ cardsStatus: s.cardsStatus === 'ready' ? 'ready' : 'loading', cardsError: null }));
  try {
    const [queue, recent] = await Promise.all([
      client.invoke('cards.list', { status: ['pending', 'blocked'], limit: 500 }),
      client.invoke('cards.list', { limit: RECENT_CARDS }),
    ]);
    applyCards([...queue.cards, ...recent.cards]);
    set({ cardsStatus: 'ready', cardsError: null });
  } catch (error) {
    set({ cardsStatus: 'error', cardsError: errorText(error) });
  }
}

/** Fetches orders, fills, positions and the account. */
export async function loadPortfolio(client: RendererEngineClient): Promise<void> {
  set((s) => ({ portfolioStatus: s.portfolioStatus === 'ready' ? 'ready' : 'loading', portfolioError: null }));
  try {
    const [orders, fills, positions] = await Promise.all([
      client.invoke('orders.list', { limit: 500 }),
      client.invoke('fills.list', { limit: 500 }),
      client.invoke('positions.list'),
    ]);
    applyOrders(orders.orders);
    applyFills(fills.fills);
    applyPositions(positions);
    set({ portfolioStatus: 'ready', portfolioError: null });
  } catch (error) {
    set({ portfolioStatus: 'error', portfolioError: errorText(error) });
  }
}

/** Fetches the kill switch's state. */
export async function loadTradingStatus(client: RendererEngineClient): Promise<void> {
  try {
    applyTradingStatus(await client.invoke('trading.status'));
  } catch (error) {
    console.warn('[engine] trading.status failed', error);
  }
}

/** Merges cards (events, snapshots, command answers); a stale version is ignored; the selection follows. */
export function applyCards(incoming: readonly TradeCard[]): void {
  set((s) => {
    const cards = upsertCards(s.cards, incoming);
    if (cards === s.cards) return {};
    const selectedCardId = keepSelection(queuedCards(s.cards), queuedCards(cards), s.selectedCardId);
    return { cards, selectedCardId };
  });
}

/**
 * A `cards.changed` event: merged into the list, and, for a card that newly waits for approval, a toast in
 * browser mode unless the Approvals view is already on screen.
 */
export function applyCardChanged(ev: { card: TradeCard; previousStatus: TradeCard['status'] | null }, toast: boolean): void {
  applyCards([ev.card]);
  if (!toast || ev.previousStatus !== null || !isQueued(ev.card)) return;
  set((s) =>
    s.activeView === 'approvals' || s.cardToasts.some((c) => c.id === ev.card.id) ? {} : { cardToasts: [ev.card, ...s.cardToasts].slice(0, MAX_TOASTS) },
  );
}

/** Merges orders (newer update wins). */
export function applyOrders(incoming: readonly Order[]): void {
  set((s) => {
    const orders = upsertOrders(s.orders, incoming);
    return orders === s.orders ? {} : { orders };
  });
}

/** Adds fills (each once). */
export function applyFills(incoming: readonly Fill[]): void {
  set((s) => {
    const fills = addFills(s.fills, incoming);
    return fills === s.fills ? {} : { fills };
  });
}

/** A `fills.created` event: into the blotter, and a toast in browser mode unless Positions & orders is on screen. */
export function applyFillCreated(fill: Fill, toast: boolean): void {
  applyFills([fill]);
  if (!toast) return;
  set((s) =>
    s.activeView === 'portfolio' || s.fillToasts.some((f) => f.id === fill.id) ? {} : { fillToasts: [fill, ...s.fillToasts].slice(0, MAX_TOASTS) },
  );
}

/** Replaces positions and the account unless older than what is held. */
export function applyPositions(snapshot: { positions: readonly Position[]; account: Account }): void {
  set((s) => {
    const next = applyPositionsSnapshot({ positions: s.positions, account: s.account }, snapshot);
    return next.account === s.account ? {} : { positions: next.positions, account: next.account };
  });
}

/** Stores the kill switch's state (from any window). */
export function applyTradingStatus(status: TradingStatus): void {
  set({ tradingStatus: status });
}

// ---- window link groups ----

function defaultLinkInit(): { search: string; storage: LinkStorage | null } {
  if (typeof window === 'undefined') return { search: '', storage: null };
  let storage: LinkStorage | null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null; // refused (privacy settings): the window starts from ?link= alone
  }
  return { search: window.location.search, storage };
}

/**
 * A `links.symbolChanged` (or the group's current link): the window selects the symbol when it is for its group
 * and from another window. Set directly, never through selectSymbol, so following does not publish again.
 */
export function applyLinkedSymbol(link: Pick<LinkSymbol, 'group' | 'symbol' | 'source'>): void {
  const s = get();
  if (!shouldFollow(link, { group: s.linkGroup, source: LINK_SOURCE, selectedSymbol: s.selectedSymbol })) return;
  set({ selectedSymbol: link.symbol.toUpperCase() });
}

/**
 * Takes the group's latest symbol (`links.current`). When the group has none yet and `lead` is set (the user
 * just joined), the window's own selection becomes the group's.
 */
export async function adoptLinkedSymbol(client: RendererEngineClient, group: LinkGroup, lead: boolean): Promise<void> {
  try {
    const { links } = await client.invoke('links.current');
    if (get().linkGroup !== group) return; // changed group meanwhile
    const current = currentOf(links, group);
    if (current) applyLinkedSymbol(current);
    else if (lead) publishLink(group, get().selectedSymbol);
  } catch (error) {
    console.warn('[links] links.current failed', error);
  }
}

/** The user put the window in a group (the top bar's picker, the palette): set, remembered, and followed. */
export function joinLinkGroup(client: RendererEngineClient, group: LinkGroup | null): Promise<void> {
  setLinkGroup(group);
  return group === null ? Promise.resolve() : adoptLinkedSymbol(client, group, true);
}

// ---- market segments and the LLM layer (issue 5) ----

/** Proposals fetched per segment. */
export const SEGMENT_PROPOSALS = 50;

/** Fetches every segment's summary. */
export async function loadSegments(client: RendererEngineClient): Promise<void> {
  set((s) => ({ segmentsStatus: s.segmentsStatus === 'ready' ? 'ready' : 'loading', segmentsError: null }));
  try {
    const { segments } = await client.invoke('segments.list');
    set((s) => ({
      segments,
      segmentsStatus: 'ready',
      segmentsError: null,
      selectedSegmentId: s.selectedSegmentId !== null && segments.some((g) => g.id === s.selectedSegmentId) ? s.selectedSegmentId : (segments[0]?.id ?? null),
    }));
  } catch (error) {
    // The last known list stays on screen; the error says why it is not current.
    set({ segmentsStatus: 'error', segmentsError: errorText(error) });
  }
}

/** Fetches a segment's detail (indicators, risk, members, recent runs). */
export async function loadSegmentDetail(client: RendererEngineClient, id: string): Promise<void> {
  set((s) => ({ segmentDetails: { ...s.segmentDetails, [id]: { status: 'loading', data: s.segmentDetails[id]?.data ?? null, error: null } } }));
  try {
    const data = await client.invoke('segments.get', { id });
    // The list keeps its own summary (events and segments.list): a detail read that raced an event must not undo it.
    set((s) => ({ segmentDetails: { ...s.segmentDetails, [id]: { status: 'ready', data, error: null } } }));
  } catch (error) {
    set((s) => ({ segmentDetails: { ...s.segmentDetails, [id]: { status: 'error', data: s.segmentDetails[id]?.data ?? null, error: errorText(error) } } }));
  }
}

/** Fetches a segment's recent proposals, newest first. */
export async function loadSegmentProposals(client: RendererEngineClient, id: string): Promise<void> {
  set((s) => ({ segmentProposals: { ...s.segmentProposals, [id]: { status: 'loading', data: s.segmentProposals[id]?.data ?? null, error: null } } }));
  try {
    const { proposals } = await client.invoke('segments.proposals', { segmentId: id, limit: SEGMENT_PROPOSALS });
    const sorted = [...proposals].sort((a, b) => b.createdAt - a.createdAt);
    set((s) => ({ segmentProposals: { ...s.segmentProposals, [id]: { status: 'ready', data: sorted, error: null } } }));
  } catch (error) {
    set((s) => ({ segmentProposals: { ...s.segmentProposals, [id]: { status: 'error', data: s.segmentProposals[id]?.data ?? null, error: errorText(error) } } }));
  }
}

/** A `segments.statusChanged` event (or a command's answer): the list and the open detail follow. */
export function applySegmentSummary(summary: SegmentSummary): void {
  set((s) => {
    const segments = upsertSegment(s.segments, summary);
    const held = s.segmentDetails[summary.id];
    const data = patchDetail(held?.data ?? null, summary);
    return {
      segments,
      segmentDetails: held && data !== held.data ? { ...s.segmentDetails, [summary.id]: { ...held, data } } : s.segmentDetails,
    };
  });
}

/** Applies a `segments.runProgress` event; true when it finished the run it follows (re-read the segment). */
export function applySegmentRunProgress(ev: SegmentRunProgress): boolean {
  const before = get().segmentRuns[ev.segmentId];
  const after = reduceRunProgress(before, ev, Date.now());
  if (after === before) return false;
  set((s) => ({ segmentRuns: { ...s.segmentRuns, [ev.segmentId]: after } }));
  return after.done && !(before?.jobId === after.jobId && before.done);
}

/** Fetches the LLM layer's status and usage (the settings gauge and calls table). */
export async function loadLlm(client: RendererEngineClient): Promise<void> {
  try {
    const [status, usage] = await Promise.all([client.invoke('llm.status'), client.invoke('llm.usage', { limit: 50 })]);
    set((s) => ({ llmStatus: status, llmUsage: usage, llmError: null, llmCalls: mergeLlmCalls(s.llmCalls, usage.recent) }));
  } catch (error) {
    set({ llmError: errorText(error) });
  }
}

/**
 * An `llm.callCompleted` event: into the recent calls, and today's totals grow until the next re-read. The engine
 * sends a call again when grounding later rejects its answer (outcome grounding_failed): that replaces the row and
 * counts nothing twice.
 */
export function applyLlmCall(call: LlmCall, sameDay: boolean): void {
  set((s) => {
    const known = s.llmCalls.some((c) => c.id === call.id);
    return { llmCalls: mergeLlmCalls(s.llmCalls, [call]), llmStatus: known ? s.llmStatus : addCallToStatus(s.llmStatus, call, sameDay) };
  });
}

/** How long after an LLM call the usage report is re-read (calls in a burst share one re-read), ms. */
export const LLM_RELOAD_MS = 1_500;

/**
 * Subscribes to the segment and LLM events while a view that shows them is mounted (the rpc client counts
 * topic references, so two such views share one subscription). A finished run re-reads its segment's summary,
 * detail and proposals; completed LLM calls re-read the usage report once per burst when `llm` is set.
 */
export function wireSegmentEvents(client: RendererEngineClient, options: { llm?: boolean } = {}): () => void {
  let llmTimer: ReturnType<typeof setTimeout> | null = null;
  const offs = [
    client.on('segments.statusChanged', (ev) => applySegmentSummary(ev.segment)),
    client.on('segments.runProgress', (ev) => {
      if (!applySegmentRunProgress(ev)) return;
      void loadSegmentDetail(client, ev.segmentId);
      void loadSegmentProposals(client, ev.segmentId);
    }),
    client.on('llm.callCompleted', (call) => {
      const status = get().llmStatus;
      const clock = get().clock;
      applyLlmCall(call, status !== null && clock !== null && nyDateKey(call.t) === nyDateKey(simNow(clock, get().clockReceivedAt, Date.now())));
      if (!options.llm || llmTimer !== null) return;
      llmTimer = setTimeout(() => {
        llmTimer = null;
        void loadLlm(client);
      }, LLM_RELOAD_MS);
    }),
  ];
  return () => {
    for (const off of offs) off();
    if (llmTimer !== null) clearTimeout(llmTimer);
  };
}
