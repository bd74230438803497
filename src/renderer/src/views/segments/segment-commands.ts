/**
 * The Segments view's commands: Run now, enable/disable and configure. The engine's answer (or its event) is
 * what the store shows: a refused command leaves the segment as it was and records why on its panel.
 */
import { RPC_ERROR, EngineError } from '../../../../shared/contract/rpc';
import type { ParamsIn } from '../../../../shared/contract/methods';
import type { RendererEngineClient } from '../../engine/rpc-client';
import { errorText } from '../../lib/error-text';
import { useKestrelStore } from '../../store/index';
import { startRun } from '../../store/segments';
import { applySegmentSummary, loadSegmentDetail, loadSegments } from '../../store/wire-engine-events';

const set = useKestrelStore.setState;
const get = useKestrelStore.getState;

function setError(id: string, message: string | null): void {
  set((s) => {
    const next = { ...s.segmentErrors };
    if (message === null) delete next[id];
    else next[id] = message;
    return { segmentErrors: next };
  });
}

/** Starts a run of a segment now; its progress arrives as segments.runProgress events. */
export async function runSegmentNow(client: RendererEngineClient, id: string): Promise<void> {
  setError(id, null);
  try {
    const { jobId } = await client.invoke('segments.run', { id });
    set((s) => ({ segmentRuns: { ...s.segmentRuns, [id]: startRun(s.segmentRuns[id], id, jobId, Date.now()) } }));
  } catch (e) {
    setError(id, e instanceof EngineError && e.code === RPC_ERROR.conflict ? `A run of this segment is already in progress (code ${e.code}).` : `Run now was refused: ${errorText(e)}`);
  }
}

/** Enables or disables a segment; the answer replaces its summary. */
export async function setSegmentEnabled(client: RendererEngineClient, id: string, enabled: boolean): Promise<boolean> {
  setError(id, null);
  try {
    applySegmentSummary(await client.invoke('segments.setEnabled', { id, enabled }));
    void loadSegmentDetail(client, id);
    return true;
  } catch (e) {
    setError(id, `Could not ${enabled ? 'enable' : 'disable'} the segment: ${errorText(e)}`);
    // Another window may have changed it: show what the engine holds.
    void loadSegments(client);
    return false;
  }
}

/** Writes a configuration patch; throws the engine's refusal so the editor can place it on its fields. */
export async function configureSegment(client: RendererEngineClient, params: ParamsIn<'segments.configure'>): Promise<void> {
  const summary = await client.invoke('segments.configure', params);
  applySegmentSummary(summary);
  void loadSegmentDetail(client, params.id);
}

/** Moves the Segments view's selection by `delta` panels (clamped). */
export function moveSegmentSelection(delta: number): void {
  const s = get();
  if (s.segments.length === 0) return;
  const i = Math.max(0, s.segments.findIndex((g) => g.id === s.selectedSegmentId));
  const next = Math.max(0, Math.min(s.segments.length - 1, i + delta));
  set({ selectedSegmentId: s.segments[next]!.id });
}

/** Selects a segment's panel. */
export function selectSegment(id: string): void {
  set({ selectedSegmentId: id });
}
