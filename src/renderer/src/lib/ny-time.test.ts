// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { nyDateKey, nyOffsetMs, nyParts, nyWallToUtc, sessionPhaseAt } from './ny-time';

const HOUR = 3_600_000;

describe('ny-time', () => {
  it('knows the New York offset on both sides of the DST switches', () => {
    expect(nyOffsetMs(Date.parse('2026-11-20T15:00:00Z'))).toBe(-5 * HOUR);
    expect(nyOffsetMs(Date.parse('2026-07-01T15:00:00Z'))).toBe(-4 * HOUR);
    // 2026-03-08 02:00 EST → 03:00 EDT (07:00Z)
    expect(nyOffsetMs(Date.parse('2026-03-08T06:59:59Z'))).toBe(-5 * HOUR);
    expect(nyOffsetMs(Date.parse('2026-03-08T07:00:00Z'))).toBe(-4 * HOUR);
  });

  it('converts New York wall times to instants, DST days included', () => {
    expect(nyWallToUtc('2026-11-20', 9, 30)).toBe(Date.parse('2026-11-20T14:30:00Z'));
    expect(nyWallToUtc('2026-07-01', 9, 30)).toBe(Date.parse('2026-07-01T13:30:00Z'));
    expect(nyWallToUtc('2026-03-08', 9, 30)).toBe(Date.parse('2026-03-08T13:30:00Z'));
    expect(nyWallToUtc('2026-11-01', 9, 30)).toBe(Date.parse('2026-11-01T14:30:00Z'));
  });

  it('reads the New York calendar', () => {
    expect(nyDateKey(Date.parse('2026-11-21T03:00:00Z'))).toBe('2026-11-20');
    expect(nyParts(Date.parse('2026-11-20T15:30:00Z'))).toMatchObject({ hour: 10, minute: 30, weekday: 5 });
  });

  it('names the session phase from weekday and hours', () => {
    const at = (hhmm: string, date = '2026-11-20'): number => nyWallToUtc(date, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3)));
    expect(sessionPhaseAt(at('03:59'))).toBe('closed');
    expect(sessionPhaseAt(at('04:00'))).toBe('pre');
    expect(sessionPhaseAt(at('09:29'))).toBe('pre');
    expect(sessionPhaseAt(at('09:30'))).toBe('regular');
    expect(sessionPhaseAt(at('16:00'))).toBe('post');
    expect(sessionPhaseAt(at('20:00'))).toBe('closed');
    expect(sessionPhaseAt(at('10:00', '2026-11-21'))).toBe('closed'); // Saturday
  });
});
