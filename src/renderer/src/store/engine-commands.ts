/** Commands the UI sends to the engine; results flow back through the same apply functions as events. */
import type { RendererEngineClient } from '../engine/rpc-client';
import { errorText } from '../lib/error-text';
import { useKestrelStore } from './index';
import { cancelJob, startJob } from './sectors-reducers';
import { applyAlert, applyClock } from './wire-engine-events';

/** Sets the simulated clock's speed (simulated seconds per wall second). */
export async function setClockSpeed(client: RendererEngineClient, speed: number): Promise<void> {
  applyClock(await client.invoke('clock.set', { speed }));
}

/** Pauses or resumes the simulated clock. */
export async function setClockPaused(client: RendererEngineClient, paused: boolean): Promise<void> {
  applyClock(await client.invoke('clock.set', { paused }));
}

/** Starts an on-demand sector analysis; its progress arrives as `analysis.progress` events. */
export async function runSectorAnalysis(client: RendererEngineClient): Promise<void> {
  const s = useKestrelStore.getState();
  if (s.analysisJob && !s.analysisJob.done && s.analysisJob.origin === 'user') return;
  useKestrelStore.setState({ analysisError: null });
  try {
    const { jobId } = await client.invoke('sectors.analyze');
    useKestrelStore.setState((st) => ({ analysisJob: startJob(st.analysisJob, jobId, Date.now()) }));
  } catch (error) {
    useKestrelStore.setState({ analysisError: `Could not start the analysis: ${errorText(error)}` });
  }
}

/** Cancels the followed analysis job. */
export async function cancelSectorAnalysis(client: RendererEngineClient): Promise<void> {
  const job = useKestrelStore.getState().analysisJob;
  if (!job || job.done) return;
  try {
    const { cancelled } = await client.invoke('sectors.cancelAnalysis', { jobId: job.jobId });
    if (cancelled) useKestrelStore.setState((st) => ({ analysisJob: cancelJob(st.analysisJob, job.jobId, Date.now()) }));
    else useKestrelStore.setState({ analysisError: 'The analysis could not be cancelled (it may have just finished).' });
  } catch (error) {
    useKestrelStore.setState({ analysisError: `Could not cancel the analysis: ${errorText(error)}` });
  }
}

/** Acknowledges an alert; the engine's answer replaces it in the list. */
export async function ackAlert(client: RendererEngineClient, id: number): Promise<void> {
  applyAlert(await client.invoke('alerts.ack', { id }));
}
