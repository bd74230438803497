// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../../shared/contract/schemas';
import { quote } from '../../test/fixtures';
import { applyClosedBar, applyQuote, bucketStart, initFormingState } from './forming-bar';

const MIN = 60_000;
/** 2026-11-20 (EST, UTC−5) at a New York wall time. */
const ny = (hh: number, mm: number, ss = 0): number => Date.parse('2026-11-20T00:00:00Z') + ((hh + 5) * 60 + mm) * MIN + ss * 1000;
const bar = (t: number, c: number, v: number): Bar => ({ t, o: c, h: c, l: c, c, v });

describe('bucketStart', () => {
  it('aligns intraday buckets to the anchor bar and daily buckets to the 09:30 session stamp', () => {
    expect(bucketStart(ny(10, 31, 10), '5m')).toBe(ny(10, 30));
    expect(bucketStart(ny(10, 1), '30m', ny(9, 30))).toBe(ny(10, 0));
    expect(bucketStart(ny(9, 59), '30m', ny(9, 30))).toBe(ny(9, 30));
    expect(bucketStart(ny(15, 59), '1d')).toBe(ny(9, 30));
    expect(bucketStart(ny(7, 0), '1d')).toBe(ny(9, 30)); // pre-market belongs to that day's session bar
  });
});

describe('initFormingState', () => {
  it('sums the volume of earlier bars of the same New York day only', () => {
    const yesterday = ny(15, 55) - 24 * 60 * MIN;
    const s = initFormingState([bar(yesterday, 9, 999), bar(ny(10, 20), 10, 100), bar(ny(10, 25), 10, 200), bar(ny(10, 30), 10, 50)], '5m');
    expect(s.bar?.t).toBe(ny(10, 30));
    expect(s.volumeBefore).toBe(300);
    expect(s.prev).toEqual({ t: ny(10, 25), volumeBefore: 100, sameDate: true });
  });
});

describe('applyQuote (intraday)', () => {
  const history = [bar(ny(10, 20), 10, 100), bar(ny(10, 25), 10, 200)];

  it('extends the current bucket: high/low/close from the trade, volume from the day total', () => {
    let s = initFormingState(history, '5m');
    const r1 = applyQuote(s, quote('A', { last: 10.5, volume: 450, t: ny(10, 27) }))!;
    expect(r1.bar).toEqual({ t: ny(10, 25), o: 10, h: 10.5, l: 10, c: 10.5, v: 350 });
    s = r1.state;
    const r2 = applyQuote(s, quote('A', { last: 9.8, volume: 440, t: ny(10, 28) }))!;
    expect(r2.bar).toMatchObject({ h: 10.5, l: 9.8, c: 9.8, v: 350 }); // volume never shrinks within a bar
  });

  it('opens a new bucket at the trade price with volume since the bucket began', () => {
    const s = applyQuote(initFormingState(history, '5m'), quote('A', { last: 10.2, volume: 380, t: ny(10, 29) }))!.state;
    const r = applyQuote(s, quote('A', { last: 10.4, volume: 420, t: ny(10, 31) }))!;
    expect(r.bar).toEqual({ t: ny(10, 30), o: 10.4, h: 10.4, l: 10.4, c: 10.4, v: 40 });
    expect(r.state.volumeBefore).toBe(380);
    expect(r.state.prev).toEqual({ t: ny(10, 25), volumeBefore: 100, sameDate: true });
  });

  it('restarts the day volume on a new New York date', () => {
    const s = initFormingState(history, '5m');
    const nextDay = ny(4, 0) + 24 * 60 * MIN;
    const r = applyQuote(s, quote('A', { last: 11, volume: 5_000, t: nextDay + 30_000 }))!;
    expect(r.bar).toMatchObject({ t: nextDay, v: 5_000 });
    expect(r.state.volumeBefore).toBe(0);
  });

  it('ignores quotes older than the newest bar and quotes without a trade', () => {
    const s = initFormingState(history, '5m');
    expect(applyQuote(s, quote('A', { t: ny(10, 19) }))).toBeNull();
    expect(applyQuote(s, quote('A', { last: 0, t: ny(10, 26) }))).toBeNull();
    expect(applyQuote(s, quote('A', { t: Number.NaN }))).toBeNull();
  });

  it('starts from nothing when there is no history', () => {
    const r = applyQuote(initFormingState([], '30m'), quote('A', { last: 3, volume: 70, t: ny(10, 45) }))!;
    expect(r.bar).toEqual({ t: ny(10, 30), o: 3, h: 3, l: 3, c: 3, v: 70 });
  });
});

describe('applyQuote (daily)', () => {
  it('uses the session open/high/low and the day volume, merged with the loaded bar', () => {
    const today = { t: ny(9, 30), o: 9.7, h: 10.6, l: 9.5, c: 10, v: 50_000 };
    const s = initFormingState([bar(ny(9, 30) - 24 * 60 * MIN, 9.6, 1), today], '1d');
    const r = applyQuote(s, quote('A', { last: 10.1, open: 9.6, high: 10.3, low: 9.4, volume: 60_000, t: ny(11, 0) }))!;
    expect(r.bar).toEqual({ t: ny(9, 30), o: 9.7, h: 10.6, l: 9.4, c: 10.1, v: 60_000 });
  });

  it('opens the next session bar from the quote', () => {
    const s = initFormingState([bar(ny(9, 30), 10, 1)], '1d');
    const tomorrow = ny(9, 30) + 24 * 60 * MIN;
    const r = applyQuote(s, quote('A', { last: 10.2, open: 10.1, high: 10.3, low: 10, volume: 900, t: tomorrow + 5 * MIN }))!;
    expect(r.bar).toEqual({ t: tomorrow, o: 10.1, h: 10.3, l: 10, c: 10.2, v: 900 });
  });
});

describe('applyClosedBar', () => {
  const history = [bar(ny(10, 20), 10, 100), bar(ny(10, 25), 10, 200)];

  it('replaces the forming bar with the closed one', () => {
    const s = applyQuote(initFormingState(history, '5m'), quote('A', { last: 10.2, volume: 380, t: ny(10, 27) }))!.state;
    const closed = { t: ny(10, 25), o: 10, h: 10.3, l: 9.9, c: 10.1, v: 290 };
    const r = applyClosedBar(s, closed);
    expect(r.updates).toEqual([{ bar: closed, historical: false }]);
    expect(r.state.bar).toEqual(closed);
    expect(r.state.lastDayVolume).toBe(390);
  });

  it('appends a closed bar newer than anything seen', () => {
    const s = initFormingState(history, '5m');
    const closed = { t: ny(10, 30), o: 10, h: 10.3, l: 9.9, c: 10.1, v: 70 };
    const r = applyClosedBar(s, closed);
    expect(r.updates).toEqual([{ bar: closed, historical: false }]);
    expect(r.state.volumeBefore).toBe(300);
  });

  it('a late close of the previous bar corrects the forming bar volume', () => {
    let s = applyQuote(initFormingState(history, '5m'), quote('A', { last: 10.2, volume: 380, t: ny(10, 29) }))!.state;
    s = applyQuote(s, quote('A', { last: 10.4, volume: 420, t: ny(10, 31) }))!.state; // forming 10:30, base 380
    const closed = { t: ny(10, 25), o: 10, h: 10.3, l: 9.9, c: 10.2, v: 300 }; // true volume: base 400
    const r = applyClosedBar(s, closed);
    expect(r.updates).toEqual([
      { bar: closed, historical: true },
      { bar: { t: ny(10, 30), o: 10.4, h: 10.4, l: 10.4, c: 10.4, v: 20 }, historical: false },
    ]);
    expect(r.state.volumeBefore).toBe(400);
  });

  it('passes older bars through as historical updates', () => {
    const s = initFormingState(history, '5m');
    const r = applyClosedBar(s, bar(ny(10, 0), 9, 5));
    expect(r.updates).toEqual([{ bar: bar(ny(10, 0), 9, 5), historical: true }]);
    expect(r.state).toBe(s);
  });
});
