import { describe, expect, it } from 'vitest';
import type { AnalysisProgress } from '../../../shared/contract/sector-schemas';
import { alertFixture, sectorSummary, sectorsGrid } from '../test/sector-fixtures';
import { cancelJob, completedSuccessfully, mergeAlerts, mergeSectorsUpdate, reduceProgress, startJob, unackedCount } from './sectors-reducers';

const ev = (over: Partial<AnalysisProgress>): AnalysisProgress => ({ jobId: 'j1', percent: 10, stage: 'Scoring', etaMs: 5_000, done: false, error: null, ...over });

describe('analysis progress reducer', () => {
  it('follows the started job, never moving backwards, and stops at done', () => {
    let s = startJob(null, 'j1', 0);
    expect(s).toMatchObject({ jobId: 'j1', percent: 0, done: false, origin: 'user' });
    s = reduceProgress(s, ev({ percent: 40 }), 1)!;
    s = reduceProgress(s, ev({ percent: 35, stage: 'Ranking' }), 2)!;
    expect(s).toMatchObject({ percent: 40, stage: 'Ranking' });
    const done = reduceProgress(s, ev({ percent: 100, done: true, etaMs: 0 }), 3)!;
    expect(done).toMatchObject({ percent: 100, done: true, etaMs: null, error: null });
    expect(completedSuccessfully(s, done)).toBe(true);
    expect(reduceProgress(done, ev({ percent: 50 }), 4)).toBe(done);
    expect(completedSuccessfully(done, done)).toBe(false);
  });

  it('clamps percentages and records errors', () => {
    let s = startJob(null, 'j1', 0);
    s = reduceProgress(s, ev({ percent: 140 }), 1)!;
    expect(s.percent).toBe(100);
    const failed = reduceProgress(startJob(null, 'j1', 0), ev({ done: true, error: 'source unavailable' }), 1)!;
    expect(failed).toMatchObject({ done: true, error: 'source unavailable' });
    expect(completedSuccessfully(null, failed)).toBe(false);
  });

  it('ignores other jobs while one runs, adopts a running job when idle', () => {
    const s = startJob(null, 'j1', 0);
    expect(reduceProgress(s, ev({ jobId: 'other', percent: 80 }), 1)).toBe(s);
    const adopted = reduceProgress(null, ev({ jobId: 'sched', percent: 20 }), 1);
    expect(adopted).toMatchObject({ jobId: 'sched', origin: 'background', percent: 20 });
    expect(reduceProgress(null, ev({ jobId: 'sched', done: true }), 1)).toBeNull();
  });

  it('keeps progress that arrived before the analyze reply', () => {
    const early = reduceProgress(null, ev({ percent: 15 }), 1);
    expect(startJob(early, 'j1', 2)).toMatchObject({ percent: 15, origin: 'user' });
  });

  it('cancels locally', () => {
    expect(cancelJob(startJob(null, 'j1', 0), 'j1', 1)).toMatchObject({ done: true, error: 'Cancelled' });
    expect(cancelJob(null, 'j1', 1)).toBeNull();
  });
});

describe('mergeSectorsUpdate', () => {
  it('replaces only the changed sectors, keeping order, and marks a new run fresh', () => {
    const grid = sectorsGrid({ freshness: { ageMs: 3 * 3_600_000, tier: 'aging', advice: 'old' } });
    const tech = sectorSummary('technology', { score: 0.1, colour: 'blue_neutral', signal: 'NEUTRAL_CAUTIOUS', previousColour: 'dark_red' });
    const next = mergeSectorsUpdate(grid, { asOf: 2, runId: 42, sectors: [tech] });
    expect(next.sectors.map((s) => s.id)).toEqual(grid.sectors.map((s) => s.id));
    expect(next.sectors[0]).toBe(tech);
    expect(next.sectors[1]).toBe(grid.sectors[1]);
    expect(next).toMatchObject({ runId: 42, asOf: 2, freshness: { tier: 'fresh', ageMs: 0 } });
  });

  it('ignores an older run and builds a grid from nothing', () => {
    const grid = sectorsGrid();
    expect(mergeSectorsUpdate(grid, { asOf: 1, runId: 40, sectors: [] })).toBe(grid);
    expect(mergeSectorsUpdate(null, { asOf: 1, runId: 1, sectors: [sectorSummary('energy')] }).sectors).toHaveLength(1);
  });
});

describe('alerts', () => {
  it('merges by id, newest first, capped', () => {
    const a = alertFixture({ id: 1, t: 10 });
    const b = alertFixture({ id: 2, t: 30 });
    const list = mergeAlerts([a], [b, { ...a, acked: true }]);
    expect(list.map((x) => x.id)).toEqual([2, 1]);
    expect(list[1]!.acked).toBe(true);
    expect(unackedCount(list)).toBe(1);
    expect(mergeAlerts(list, [alertFixture({ id: 3, t: 20 })], 2).map((x) => x.id)).toEqual([2, 3]);
  });
});
