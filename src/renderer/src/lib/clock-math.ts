/**
 * The engine sends its clock only when speed, pause or position change, so the UI extrapolates between
 * updates; these pure helpers do that and name the session phase.
 */
import type { ClockState, SessionPhase } from '../../../shared/contract/schemas';
import { nyDateKey, sessionPhaseAt } from './ny-time';

/** The engine clock's time now, extrapolated from its last state received at wall time `receivedAt`. */
export function simNow(clock: ClockState, receivedAt: number, wallNow: number): number {
  if (clock.paused) return clock.now;
  return clock.now + Math.max(0, wallNow - receivedAt) * clock.speed;
}

/**
 * The session phase at `now`. Weekday and hours decide, except that a date the engine reported as closed
 * while the hours say open (a holiday) stays closed all day.
 */
export function effectiveSessionPhase(clock: ClockState, now: number): SessionPhase {
  const local = sessionPhaseAt(now);
  const engineSaidHoliday = clock.session.phase === 'closed' && sessionPhaseAt(clock.now) !== 'closed';
  if (engineSaidHoliday && nyDateKey(now) === nyDateKey(clock.now)) return 'closed';
  return local;
}

/** Display labels of the session phases. */
export const PHASE_LABEL: Record<SessionPhase, string> = {
  pre: 'Pre-market',
  regular: 'Regular',
  post: 'After-hours',
  closed: 'Closed',
};

/** Clock speeds offered in the status bar. */
export const CLOCK_SPEEDS = [1, 10, 60, 600] as const;

/** How fresh the market data is, from the wall time since the last quote batch. */
export type Freshness = 'live' | 'delayed' | 'stale' | 'paused' | 'none';

/** Freshness of quotes last received at wall time `receivedAt` (null if never). */
export function quoteFreshness(receivedAt: number | null, wallNow: number, paused: boolean): Freshness {
  if (receivedAt === null) return 'none';
  if (paused) return 'paused';
  const age = wallNow - receivedAt;
  if (age <= 3_000) return 'live';
  if (age <= 15_000) return 'delayed';
  return 'stale';
}
