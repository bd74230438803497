/**
 * What a segment's code is handed, and the guards around it:
 *
 * - `createSegmentContext`: the frozen SegmentContext of one run — read-only market views that refuse to answer
 *   once the run is aborted (so a looping segment stops at its next read), a child logger tagged with the segment
 *   and the job, a research call with its own time limit and a per-run quota, and a progress callback. Nothing in
 *   it reaches a broker, the trading service or the database.
 * - `withLimit`: runs one step under a time limit and an abort signal (AbortController + Promise.race): a hung
 *   promise is abandoned, its late result or rejection ignored. Its synchronous part runs under `runBounded`.
 * - `runBounded`: a synchronous call into segment code under a V8 watchdog (node:vm's `timeout`, which terminates
 *   whatever JavaScript runs on the thread when it fires): a segment stuck in a `for (;;)` is cut at its limit
 *   (at most SYNC_SLICE_MS) instead of freezing the engine, and the call throws StepTimeout. A loop that starts
 *   after an `await` runs outside any such call and cannot be cut in-process; the built-in segments' async stages
 *   only await the context's reads.
 * - `createProgressThrottle`: at most `maxPerWindow` progress events per job in any `windowMs` (the latest update
 *   wins; the final event is never dropped or delayed), messages truncated.
 */
import vm from 'node:vm';
import type { EventAnalysis, SegmentRunProgress } from '../../../shared/contract';
import { RUN_STAGES } from '../../../shared/contract';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { nyDate } from '../market/calendar';
import type { SegmentContext, SegmentMarketView } from './types';

/** Why a run or a step stopped early. */
export class RunAbort extends Error {
  constructor(
    readonly kind: 'timeout' | 'cancelled',
    message: string,
  ) {
    super(message);
    this.name = 'RunAbort';
  }
}

/** Thrown by a limited step that ran out of time. */
export class StepTimeout extends Error {
  constructor(
    readonly step: string,
    readonly ms: number,
  ) {
    super(`${step} took longer than ${Math.round(ms)} ms`);
    this.name = 'StepTimeout';
  }
}

export const MAX_MESSAGE = 160;
export const MAX_ERROR = 500;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A readable one-line message of anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return truncate(error.message || error.name, MAX_ERROR);
  try {
    return truncate(typeof error === 'string' ? error : JSON.stringify(error) ?? String(error), MAX_ERROR);
  } catch {
    return 'unknown error';
  }
}

/**
 * The longest a synchronous call into segment code may hold the thread, ms. The built-in segments' longest sync
 * slice (the rules analyst over 325 names) takes a few ms; anything near this is a runaway loop.
 */
export const SYNC_SLICE_MS = 2_000;

// One empty realm and one compiled call: each bounded call costs ~0.2 ms (the watchdog thread), measured.
const watchdogRealm = vm.createContext(Object.create(null) as object);
const watchdogCall = new vm.Script('__kestrelBoundedCall()', { filename: 'kestrel-segment-watchdog' });

/**
 * Runs `fn` synchronously under a watchdog of min(ms, SYNC_SLICE_MS); throws StepTimeout(step) when it fires.
 * Nested calls each keep their own watchdog. What `fn` throws passes through unchanged.
 */
export function runBounded<T>(step: string, ms: number, fn: () => T): T {
  const limit = Math.max(1, Math.ceil(Math.min(Number.isFinite(ms) ? ms : SYNC_SLICE_MS, SYNC_SLICE_MS)));
  const realm = watchdogRealm as { __kestrelBoundedCall?: () => void };
  const previous = realm.__kestrelBoundedCall;
  let out: T | undefined;
  realm.__kestrelBoundedCall = () => {
    out = fn();
  };
  try {
    watchdogCall.runInContext(watchdogRealm, { timeout: limit });
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new StepTimeout(step, limit);
    throw error;
  } finally {
    realm.__kestrelBoundedCall = previous;
  }
  return out as T;
}

function abortReason(signal: AbortSignal): Error {
  const r: unknown = signal.reason;
  return r instanceof Error ? r : new RunAbort('cancelled', 'cancelled');
}

/**
 * Runs `fn` with a child signal that aborts when `parent` aborts or after `ms`. Resolves with its result, or
 * rejects with StepTimeout / the parent's abort reason / its error — whichever comes first. A synchronous throw in
 * `fn` is a rejection; so is a synchronous part that outruns its watchdog (runBounded). The abandoned promise's
 * later outcome is swallowed.
 */
export function withLimit<T>(
  step: string,
  ms: number,
  parent: AbortSignal,
  fn: (signal: AbortSignal) => Promise<T> | T,
  /** false for the engine's own code (research, the LLM gateway): no watchdog, which costs ~0.2 ms a call. */
  watchdog = true,
): Promise<T> {
  if (parent.aborted) return Promise.reject(abortReason(parent));
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const e = new StepTimeout(step, ms);
        controller.abort(e);
        reject(e);
      },
      Math.max(0, ms),
    );
    onAbort = () => {
      const e = abortReason(parent);
      controller.abort(e);
      reject(e);
    };
    parent.addEventListener('abort', onAbort, { once: true });
  });
  let work: Promise<T>;
  try {
    work = Promise.resolve(watchdog ? runBounded(step, ms, () => fn(controller.signal)) : fn(controller.signal));
  } catch (error) {
    work = Promise.reject(error instanceof Error ? error : new Error(errorMessage(error)));
  }
  // A hung or late step: its outcome arrives after the race is decided and must not surface as unhandled.
  work.catch(() => undefined);
  guard.catch(() => undefined);
  return Promise.race([work, guard]).finally(() => {
    clearTimeout(timer);
    if (onAbort) parent.removeEventListener('abort', onAbort);
  });
}

/** Market views that refuse to answer once the run's signal is aborted. */
export function guardedMarket(market: SegmentMarketView, signal: AbortSignal): SegmentMarketView {
  const check = (): void => {
    if (signal.aborted) throw abortReason(signal);
  };
  return Object.freeze({
    instruments: () => (check(), market.instruments()),
    quote: (s: string) => (check(), market.quote(s)),
    dailyBars: (s: string, n: number) => (check(), market.dailyBars(s, n)),
    avgVolume: (s: string) => (check(), market.avgVolume(s)),
    events: (symbols: readonly string[], from: string, to: string) => (check(), market.events(symbols, from, to)),
    news: (s: string, since: number, limit: number) => (check(), market.news(s, since, Math.max(0, Math.min(limit, 200)))),
    commodities: () => (check(), market.commodities()),
    commodityHistory: (id: Parameters<SegmentMarketView['commodityHistory']>[0], n: number) => (check(), market.commodityHistory(id, n)),
  });
}

export interface ProgressThrottle {
  /** Queues an update (the latest wins); a `final` one goes out at once and ends the stream. */
  push(p: SegmentRunProgress, final?: boolean): void;
  /** Emits what is queued now and stops; later pushes are dropped. */
  close(): void;
}

/**
 * At most `maxPerWindow` events in any `windowMs`: updates may use all but one of them (the latest queued update
 * goes out when the window allows), the last slot is kept for the final event, which is never delayed or dropped.
 */
export function createProgressThrottle(opts: {
  emit(p: SegmentRunProgress): void;
  maxPerWindow?: number;
  windowMs?: number;
  /** Wall-clock milliseconds (the event rate is a wall-clock matter, whatever the engine clock's speed). */
  wall?: () => number;
}): ProgressThrottle {
  const updates = Math.max(1, (opts.maxPerWindow ?? 10) - 1);
  const windowMs = opts.windowMs ?? 1_000;
  const wall = opts.wall ?? (() => performance.now());
  /** Times of the events sent within the current window, oldest first. */
  const sent: number[] = [];
  let pending: SegmentRunProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const send = (p: SegmentRunProgress): void => {
    sent.push(wall());
    try {
      opts.emit({ ...p, message: truncate(p.message, MAX_MESSAGE) });
    } catch {
      // A listener's failure is the bus's business, never the run's.
    }
  };
  /** Milliseconds until an update may go out. */
  const waitMs = (): number => {
    const now = wall();
    while (sent.length > 0 && sent[0]! <= now - windowMs) sent.shift();
    return sent.length < updates ? 0 : sent[sent.length - updates]! + windowMs - now;
  };
  const flushLater = (): void => {
    if (timer || !pending) return;
    timer = setTimeout(() => {
      timer = null;
      if (!pending || closed) return;
      if (waitMs() > 0) return flushLater();
      const p = pending;
      pending = null;
      send(p);
    }, Math.ceil(waitMs()) + 1);
    timer.unref?.();
  };
  const stopTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  return {
    push(p, final = false) {
      if (closed) return;
      if (final) {
        closed = true;
        stopTimer();
        pending = null; // superseded by the final state
        send(p);
        return;
      }
      if (!timer && waitMs() <= 0) {
        send(p);
        return;
      }
      pending = p;
      flushLater();
    },
    close() {
      closed = true;
      stopTimer();
      if (pending) {
        const p = pending;
        pending = null;
        send(p);
      }
    },
  };
}

export interface ContextDeps {
  segmentId: string;
  jobId: string;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  market: SegmentMarketView;
  research(symbol: string, signal: AbortSignal): Promise<EventAnalysis | null>;
  /** Time limit of one research call. */
  researchTimeoutMs: number;
  /** Research calls one run may make through the context (the research stage's own calls are not counted). */
  researchQuota: number;
  progress(stage: SegmentRunProgress['stage'], progress: number, message: string): void;
}

const STAGES = new Set<string>(RUN_STAGES.filter((s) => s !== 'queued' && s !== 'done' && s !== 'failed'));

export function createSegmentContext(d: ContextDeps): SegmentContext {
  const market = guardedMarket(d.market, d.signal);
  let researched = 0;
  let quotaLogged = false;
  const ctx: SegmentContext = {
    segmentId: d.segmentId,
    jobId: d.jobId,
    now: () => d.clock.now(),
    today: () => nyDate(d.clock.now()),
    log: d.log,
    signal: d.signal,
    market,
    async research(symbol: string) {
      if (typeof symbol !== 'string' || symbol.length === 0 || symbol.length > 16) return null;
      if (++researched > d.researchQuota) {
        if (!quotaLogged) d.log.warn({ quota: d.researchQuota }, 'research quota of the run used up; further calls answer null');
        quotaLogged = true;
        return null;
      }
      try {
        return await withLimit(`research ${symbol}`, d.researchTimeoutMs, d.signal, (signal) => d.research(symbol.toUpperCase(), signal), false);
      } catch (error) {
        if (d.signal.aborted) throw error;
        d.log.warn({ symbol, err: errorMessage(error) }, 'research failed');
        return null;
      }
    },
    progress(stage, progress, message) {
      // Only the five work stages: a segment cannot announce 'done' or 'failed' for the manager.
      if (typeof stage !== 'string' || !STAGES.has(stage)) return;
      const p = typeof progress === 'number' && Number.isFinite(progress) ? Math.min(1, Math.max(0, progress)) : 0;
      d.progress(stage, p, typeof message === 'string' ? truncate(message, MAX_MESSAGE) : '');
    },
  };
  return Object.freeze(ctx);
}
