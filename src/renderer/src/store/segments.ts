/**
 * Segments slice (issue 5): the market segments' summaries, per-segment detail and proposals, the live run
 * progress per segment, and the LLM layer's status, usage and recent calls. Engine answers and events enter it
 * only through wire-engine-events.ts (loadSegments…, wireSegmentEvents); the reducers below are pure so they
 * are tested without a store.
 */
import type { StateCreator } from 'zustand';
import type { LlmCall, LlmStatus, LlmUsage } from '../../../shared/contract/llm-schemas';
import type { SegmentDetail, SegmentProposal, SegmentRunProgress, SegmentSummary } from '../../../shared/contract/segment-schemas';
import type { KestrelState } from './index';
import type { LoadStatus } from './slices/market-slice';

/** Something fetched per segment (detail, proposals): the last good data stays while a refetch runs or fails. */
export interface SegmentFetch<T> {
  status: LoadStatus;
  data: T | null;
  error: string | null;
}

/** A segment run as the panel shows it: the latest progress event of the newest job. */
export interface SegmentRunState extends SegmentRunProgress {
  /** Started by this window's Run now (not a scheduled run adopted from its events). */
  mine: boolean;
  /** Wall time (Date.now) of the last change. */
  updatedAt: number;
}

/** Segments, their runs and the LLM layer. */
export interface SegmentsSlice {
  /** In the engine's order. */
  segments: readonly SegmentSummary[];
  segmentsStatus: LoadStatus;
  segmentsError: string | null;
  segmentDetails: Readonly<Record<string, SegmentFetch<SegmentDetail>>>;
  /** Newest first, per segment. */
  segmentProposals: Readonly<Record<string, SegmentFetch<readonly SegmentProposal[]>>>;
  /** The newest run per segment (its progress, done or not). */
  segmentRuns: Readonly<Record<string, SegmentRunState>>;
  /** Why the last Run now / enable / configure of a segment was refused. */
  segmentErrors: Readonly<Record<string, string>>;
  /** The panel the Segments view's keys act on. */
  selectedSegmentId: string | null;
  llmStatus: LlmStatus | null;
  llmUsage: LlmUsage | null;
  llmError: string | null;
  /** Newest first: usage.recent merged with llm.callCompleted events. */
  llmCalls: readonly LlmCall[];
}

/** Initial segments state. */
export const createSegmentsSlice: StateCreator<KestrelState, [], [], SegmentsSlice> = () => ({
  segments: [],
  segmentsStatus: 'idle',
  segmentsError: null,
  segmentDetails: {},
  segmentProposals: {},
  segmentRuns: {},
  segmentErrors: {},
  selectedSegmentId: null,
  llmStatus: null,
  llmUsage: null,
  llmError: null,
  llmCalls: [],
});

// ---- pure reducers ----

/** Replaces a segment's summary in place (or appends a new one); the same list when nothing changed. */
export function upsertSegment(list: readonly SegmentSummary[], next: SegmentSummary): readonly SegmentSummary[] {
  const i = list.findIndex((s) => s.id === next.id);
  if (i < 0) return [...list, next];
  if (list[i] === next) return list;
  const out = [...list];
  out[i] = next;
  return out;
}

/** A detail refreshed by a newer summary (statusChanged): the summary's fields win, the rest stays. */
export function patchDetail(detail: SegmentDetail | null, summary: SegmentSummary): SegmentDetail | null {
  if (!detail || detail.id !== summary.id) return detail;
  return { ...detail, ...summary };
}

/**
 * Applies a `segments.runProgress` event. Events of the followed job update it (progress never moves back,
 * nothing changes after done); another job's event means a newer run (the engine runs one per segment at a
 * time), which is adopted as a background run.
 */
export function reduceRunProgress(current: SegmentRunState | undefined, ev: SegmentRunProgress, now: number): SegmentRunState {
  if (current && current.jobId === ev.jobId) {
    if (current.done) return current;
    return { ...ev, progress: Math.max(current.progress, clamp01(ev.progress)), mine: current.mine, updatedAt: now };
  }
  return { ...ev, progress: clamp01(ev.progress), mine: false, updatedAt: now };
}

/** The job Run now just started (progress that arrived before the reply is kept). */
export function startRun(current: SegmentRunState | undefined, segmentId: string, jobId: string, now: number): SegmentRunState {
  if (current && current.jobId === jobId) return { ...current, mine: true };
  return { jobId, segmentId, stage: 'queued', progress: 0, message: 'Queued', done: false, outcome: null, mine: true, updatedAt: now };
}

/** Whether a run is in flight (Run now stays disabled). */
export function isRunning(run: SegmentRunState | undefined): boolean {
  return run !== undefined && !run.done;
}

/** Most LLM calls kept in memory. */
export const MAX_LLM_CALLS = 200;

/** Adds or replaces calls by id, newest first (time, then id), capped; the same list when nothing changed. */
export function mergeLlmCalls(list: readonly LlmCall[], incoming: readonly LlmCall[], cap = MAX_LLM_CALLS): readonly LlmCall[] {
  if (incoming.length === 0) return list;
  const byId = new Map(list.map((c) => [c.id, c]));
  let changed = false;
  for (const c of incoming) {
    if (byId.get(c.id) === c) continue;
    byId.set(c.id, c);
    changed = true;
  }
  if (!changed) return list;
  return [...byId.values()].sort((a, b) => b.t - a.t || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, cap);
}

/**
 * The status after a completed call, before llm.status is re-read: today's tokens, cost and calls grow by the
 * call's (a cached or rules answer spends no tokens). A call from another New York day is left to the re-read.
 */
export function addCallToStatus(status: LlmStatus | null, call: LlmCall, sameDay: boolean): LlmStatus | null {
  if (!status || !sameDay) return status;
  const tokens = call.outcome === 'cached' || call.outcome === 'rules' ? 0 : call.promptTokens + call.completionTokens;
  return { ...status, used: status.used + tokens, costToday: status.costToday + call.costUsd, callsToday: status.callsToday + 1 };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
