/**
 * Pure reducers behind the sectors slice: merging `sectors.updated` into the grid, following an analysis job
 * through `analysis.progress`, and keeping the alert list newest first without duplicates.
 */
import type { Alert, AnalysisProgress, SectorsGrid, SectorsUpdated } from '../../../shared/contract/sector-schemas';

/** Merges changed sectors into the grid (by id, keeping the grid's order); an older run's event is ignored. */
export function mergeSectorsUpdate(grid: SectorsGrid | null, ev: SectorsUpdated): SectorsGrid {
  const fresh = { ageMs: 0, tier: 'fresh' as const, advice: '' };
  if (!grid) return { asOf: ev.asOf, runId: ev.runId, freshness: fresh, sectors: [...ev.sectors] };
  if (grid.runId !== null && ev.runId < grid.runId) return grid;
  const byId = new Map(ev.sectors.map((s) => [s.id, s]));
  const sectors = grid.sectors.map((s) => byId.get(s.id) ?? s);
  for (const s of ev.sectors) if (!grid.sectors.some((g) => g.id === s.id)) sectors.push(s);
  const newRun = grid.runId === null || ev.runId > grid.runId;
  return { asOf: ev.asOf, runId: ev.runId, freshness: newRun ? fresh : grid.freshness, sectors };
}

/** An analysis job as the control bar shows it. */
export interface AnalysisJobState {
  jobId: string;
  /** 0..100, never moving backwards. */
  percent: number;
  stage: string;
  etaMs: number | null;
  done: boolean;
  error: string | null;
  /** Started from this window, or a scheduled run seen through its progress events. */
  origin: 'user' | 'background';
  /** Wall time of the last change. */
  updatedAt: number;
}

/** The job the engine just accepted (keeping progress that arrived before the reply). */
export function startJob(current: AnalysisJobState | null, jobId: string, now: number): AnalysisJobState {
  if (current && current.jobId === jobId) return { ...current, origin: 'user' };
  return { jobId, percent: 0, stage: 'Queued', etaMs: null, done: false, error: null, origin: 'user', updatedAt: now };
}

/**
 * Applies a progress event. Events of the followed job update it (percent is monotonic; nothing changes after
 * done); while it runs, other jobs are ignored; with no job running, a running job is adopted as background.
 */
export function reduceProgress(current: AnalysisJobState | null, ev: AnalysisProgress, now: number): AnalysisJobState | null {
  if (current && current.jobId === ev.jobId) {
    if (current.done) return current;
    return {
      ...current,
      percent: Math.max(current.percent, clampPercent(ev.percent)),
      stage: ev.stage || current.stage,
      etaMs: ev.done ? null : ev.etaMs,
      done: ev.done,
      error: ev.error,
      updatedAt: now,
    };
  }
  if (current && !current.done) return current;
  if (ev.done) return current;
  return { jobId: ev.jobId, percent: clampPercent(ev.percent), stage: ev.stage, etaMs: ev.etaMs, done: false, error: ev.error, origin: 'background', updatedAt: now };
}

/** Whether applying `ev` finished the followed job successfully (the grid should be re-read). */
export function completedSuccessfully(before: AnalysisJobState | null, after: AnalysisJobState | null): boolean {
  return after !== null && after.done && after.error === null && !(before?.jobId === after.jobId && before.done);
}

/** Marks the followed job cancelled locally (the engine confirms with a done event carrying an error). */
export function cancelJob(current: AnalysisJobState | null, jobId: string, now: number): AnalysisJobState | null {
  if (!current || current.jobId !== jobId || current.done) return current;
  return { ...current, done: true, error: 'Cancelled', etaMs: null, updatedAt: now };
}

function clampPercent(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 0;
}

/** Most alerts kept in memory. */
export const MAX_ALERTS = 200;

/** Adds or replaces alerts by id, newest first (time, then id), capped. */
export function mergeAlerts(list: readonly Alert[], incoming: readonly Alert[], cap = MAX_ALERTS): Alert[] {
  const byId = new Map(list.map((a) => [a.id, a]));
  for (const a of incoming) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => b.t - a.t || b.id - a.id).slice(0, cap);
}

/** Number of alerts not yet acknowledged. */
export function unackedCount(list: readonly Alert[]): number {
  let n = 0;
  for (const a of list) if (!a.acked) n++;
  return n;
}
