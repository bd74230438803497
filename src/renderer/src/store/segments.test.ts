import { describe, expect, it } from 'vitest';
import { addCallToStatus, isRunning, mergeLlmCalls, patchDetail, reduceRunProgress, startRun, upsertSegment } from './segments';
import { detail, llmCall, llmStatus, summary } from '../views/segments/segment-fixtures.test-util';
import { resetKestrelStore, useKestrelStore } from './index';
import { applyLlmCall } from './wire-engine-events';
import type { SegmentRunProgress } from '../../../shared/contract/segment-schemas';

const ev = (over: Partial<SegmentRunProgress> = {}): SegmentRunProgress => ({ jobId: 'j1', segmentId: 'biotech', stage: 'gather', progress: 0.2, message: 'Reading prices', done: false, outcome: null, ...over });

describe('segments reducers', () => {
  it('upserts summaries in place and keeps identity when unchanged', () => {
    const a = summary();
    const b = summary({ id: 'mining', name: 'Mining & Resources' });
    const list = [a, b];
    expect(upsertSegment(list, a)).toBe(list);
    const disabled = summary({ enabled: false, state: 'disabled' });
    const next = upsertSegment(list, disabled);
    expect(next.map((s) => s.state)).toEqual(['disabled', 'running']);
    expect(upsertSegment(list, summary({ id: 'energy' })).length).toBe(3);
  });

  it('patches a held detail with a newer summary', () => {
    const d = detail();
    const patched = patchDetail(d, summary({ state: 'faulted', lastError: { message: 'timeout', at: 5 } }))!;
    expect(patched.state).toBe('faulted');
    expect(patched.members).toBe(d.members);
    expect(patchDetail(d, summary({ id: 'mining' }))).toBe(d);
    expect(patchDetail(null, summary())).toBeNull();
  });

  it('follows a run: progress never moves back, nothing after done, a new job is adopted', () => {
    let r = startRun(undefined, 'biotech', 'j1', 1);
    expect(r).toMatchObject({ stage: 'queued', mine: true, done: false });
    expect(isRunning(r)).toBe(true);
    r = reduceRunProgress(r, ev({ stage: 'analyse', progress: 0.6 }), 2);
    expect(r).toMatchObject({ stage: 'analyse', progress: 0.6, mine: true });
    r = reduceRunProgress(r, ev({ stage: 'ground', progress: 0.4 }), 3);
    expect(r.progress).toBe(0.6);
    r = reduceRunProgress(r, ev({ stage: 'done', progress: 1, done: true, outcome: 'ok' }), 4);
    expect(r).toMatchObject({ done: true, outcome: 'ok', progress: 1 });
    expect(isRunning(r)).toBe(false);
    expect(reduceRunProgress(r, ev({ stage: 'failed', done: true, outcome: 'failed' }), 5)).toBe(r);
    const scheduled = reduceRunProgress(r, ev({ jobId: 'j2', stage: 'gather', progress: 1.7 }), 6);
    expect(scheduled).toMatchObject({ jobId: 'j2', mine: false, progress: 1 });
  });

  it('keeps progress that arrived before Run now answered', () => {
    const early = reduceRunProgress(undefined, ev({ jobId: 'j9', stage: 'research', progress: 0.3 }), 1);
    expect(early.mine).toBe(false);
    expect(startRun(early, 'biotech', 'j9', 2)).toMatchObject({ stage: 'research', mine: true });
  });

  it('merges LLM calls newest first, once each, capped', () => {
    const a = llmCall({ id: 'a', t: 10 });
    const b = llmCall({ id: 'b', t: 20 });
    const list = mergeLlmCalls([], [a, b]);
    expect(list.map((c) => c.id)).toEqual(['b', 'a']);
    expect(mergeLlmCalls(list, [a])).toBe(list);
    expect(mergeLlmCalls(list, [])).toBe(list);
    expect(mergeLlmCalls(list, [llmCall({ id: 'c', t: 15 })], 2).map((c) => c.id)).toEqual(['b', 'c']);
  });

  it("adds a completed call to today's totals (cached and rules answers spend no tokens)", () => {
    const s = llmStatus({ used: 100, costToday: 0.5, callsToday: 2 });
    expect(addCallToStatus(s, llmCall({ outcome: 'ok', promptTokens: 30, completionTokens: 10, costUsd: 0.01 }), true)).toMatchObject({ used: 140, costToday: 0.51, callsToday: 3 });
    expect(addCallToStatus(s, llmCall({ outcome: 'cached', promptTokens: 30, completionTokens: 10 }), true)).toMatchObject({ used: 100, callsToday: 3 });
    expect(addCallToStatus(s, llmCall(), false)).toBe(s);
    expect(addCallToStatus(null, llmCall(), true)).toBeNull();
  });
});

describe('applyLlmCall', () => {
  it('a call sent again after grounding rejects it replaces its row and is not counted twice', () => {
    resetKestrelStore();
    useKestrelStore.setState({ llmStatus: llmStatus({ used: 100, costToday: 0.5, callsToday: 2 }) });
    const first = llmCall({ id: 'x', t: 10, outcome: 'ok', promptTokens: 30, completionTokens: 10, costUsd: 0.01 });
    applyLlmCall(first, true);
    applyLlmCall({ ...first, outcome: 'grounding_failed', reason: 'invented ticker ZZZQ' }, true);
    const s = useKestrelStore.getState();
    expect(s.llmCalls.map((c) => [c.id, c.outcome])).toEqual([['x', 'grounding_failed']]);
    expect(s.llmStatus).toMatchObject({ used: 140, costToday: 0.51, callsToday: 3 });
  });
});
