/** Pure bar helpers shared by the market service. */
import type { Bar } from '../../../shared/contract';

export const THIRTY_MINUTES = 30 * 60_000;

/**
 * Aggregates 5-minute bars into 30-minute bars aligned to each session's 04:00 New York start (so 09:30 and
 * 16:00 fall on boundaries). `sessionStart` maps a bar time to its session's pre-open instant.
 */
export function aggregateBars(bars: readonly Bar[], bucketMs: number, sessionStart: (t: number) => number): Bar[] {
  const out: Bar[] = [];
  let cur: Bar | null = null;
  for (const b of bars) {
    const start = sessionStart(b.t);
    const bucket = start + Math.floor((b.t - start) / bucketMs) * bucketMs;
    if (cur && cur.t === bucket) {
      cur.h = Math.max(cur.h, b.h);
      cur.l = Math.min(cur.l, b.l);
      cur.c = b.c;
      cur.v += b.v;
    } else {
      if (cur) out.push(cur);
      cur = { t: bucket, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v };
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Mean of the last `n` volumes (or of all when fewer). */
export function averageVolume(bars: readonly Bar[], n: number): number {
  const tail = bars.slice(-n);
  if (tail.length === 0) return 0;
  return tail.reduce((s, b) => s + b.v, 0) / tail.length;
}
