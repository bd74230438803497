/** Commands the UI sends to the engine; results flow back through the same apply functions as events. */
import type { RendererEngineClient } from '../engine/rpc-client';
import { applyClock } from './wire-engine-events';

/** Sets the simulated clock's speed (simulated seconds per wall second). */
export async function setClockSpeed(client: RendererEngineClient, speed: number): Promise<void> {
  applyClock(await client.invoke('clock.set', { speed }));
}

/** Pauses or resumes the simulated clock. */
export async function setClockPaused(client: RendererEngineClient, paused: boolean): Promise<void> {
  applyClock(await client.invoke('clock.set', { paused }));
}
