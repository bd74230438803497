// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { clockState } from '../test/fixtures';
import { effectiveSessionPhase, quoteFreshness, simNow } from './clock-math';

describe('clock-math', () => {
  it('extrapolates a running clock at its speed and holds a paused one', () => {
    const c = clockState({ now: 1_000_000, speed: 60 });
    expect(simNow(c, 5_000, 6_000)).toBe(1_000_000 + 60_000);
    expect(simNow({ ...c, paused: true }, 5_000, 60_000)).toBe(1_000_000);
  });

  it('uses weekday and hours, but keeps a day the engine called closed (a holiday) closed', () => {
    const friday1030 = Date.parse('2026-11-20T15:30:00Z');
    const regular = clockState({ now: friday1030 });
    expect(effectiveSessionPhase(regular, friday1030 + 6 * 3_600_000)).toBe('post');
    const holiday = clockState({ now: friday1030, session: { date: '2026-11-20', phase: 'closed' } });
    expect(effectiveSessionPhase(holiday, friday1030 + 3_600_000)).toBe('closed');
    // The next day is judged on its own.
    expect(effectiveSessionPhase(holiday, Date.parse('2026-11-23T15:30:00Z'))).toBe('regular');
  });

  it('rates quote freshness from the wall time since the last batch', () => {
    expect(quoteFreshness(null, 10_000, false)).toBe('none');
    expect(quoteFreshness(9_000, 10_000, false)).toBe('live');
    expect(quoteFreshness(0, 10_000, false)).toBe('delayed');
    expect(quoteFreshness(0, 60_000, false)).toBe('stale');
    expect(quoteFreshness(0, 60_000, true)).toBe('paused');
  });
});
