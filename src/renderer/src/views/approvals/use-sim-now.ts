/** The engine clock's time now (simulated or system), re-rendering the caller every `intervalMs`. */
import { useWallClock } from '../../hooks/use-wall-clock';
import { simNow } from '../../lib/clock-math';
import { useKestrelStore } from '../../store/index';

/** Engine time now, extrapolated from the last clock state; wall time until the clock is known. */
export function useSimNow(intervalMs = 250): number {
  const wall = useWallClock(intervalMs);
  const clock = useKestrelStore((s) => s.clock);
  const receivedAt = useKestrelStore((s) => s.clockReceivedAt);
  return clock ? simNow(clock, receivedAt, wall) : wall;
}
