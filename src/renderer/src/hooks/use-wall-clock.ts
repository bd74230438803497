/** Re-renders the caller every `intervalMs` and returns the wall time (for ages and extrapolated clocks). */
import { useEffect, useState } from 'react';

/** The wall time, refreshed every `intervalMs`. */
export function useWallClock(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
