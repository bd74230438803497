import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../clock/clock';
import { openMemoryDatabase, type Db } from '../db';
import { createSchedulerRepo, type SchedulerRepo } from '../db/repositories/scheduler-repo';
import { createScheduler, isEligibleSlot, SECTOR_JOBS, type DueInfo, type ScheduledJob } from './scheduler';

const NY = 'America/New_York';
/** An instant from a New York wall time, 'yyyy-MM-dd HH:mm'. */
const ny = (s: string): number => DateTime.fromFormat(s, 'yyyy-MM-dd HH:mm', { zone: NY }).toMillis();
const fmt = (t: number): string => DateTime.fromMillis(t, { zone: NY }).toFormat('yyyy-MM-dd HH:mm');
const MIN = 60_000;

interface Fired {
  job: string;
  slot: string;
  info: DueInfo;
}

let db: Db;
let ledger: SchedulerRepo;

beforeEach(() => {
  db = openMemoryDatabase();
  ledger = createSchedulerRepo(db);
});
afterEach(() => db.close());

/** A scheduler on a paused simulated clock (moved with jumpTo) that logs every onDue. */
function setup(start: number, jobs: readonly ScheduledJob[] = SECTOR_JOBS) {
  const clock = new SimulatedClock({ start, paused: true });
  const fired: Fired[] = [];
  const scheduler = createScheduler({
    clock,
    ledger,
    jobs,
    onDue: (job, slotAt, info) => {
      fired.push({ job: job.id, slot: fmt(slotAt), info });
    },
  });
  return { clock, fired, scheduler };
}

/** Polls every `step` ms from the clock's instant to `until` inclusive. */
async function run(clock: SimulatedClock, poll: () => Promise<void>, until: number, step = 5 * MIN): Promise<void> {
  for (let t = clock.now(); t <= until; t += step) {
    clock.jumpTo(t);
    await poll();
  }
}

const ofJob = (fired: Fired[], job: string): string[] => fired.filter((f) => f.job === job).map((f) => f.slot);

describe('scheduler ledger', () => {
  it('records once per slot and reports the last slot', () => {
    expect(ledger.last('a')).toBeNull();
    expect(ledger.hasRun('a', 1000)).toBe(false);
    ledger.record('a', 1000, 1005);
    ledger.record('a', 1000, 2000); // ignored
    ledger.record('a', 500, 2000);
    expect(ledger.hasRun('a', 1000)).toBe(true);
    expect(ledger.hasRun('b', 1000)).toBe(false);
    expect(ledger.last('a')).toBe(1000);
    expect(db.prepare('SELECT ran_at FROM scheduler_runs WHERE job = ? AND slot_at = ?').get('a', 1000)).toEqual({
      ran_at: 1005,
    });
  });
});

describe('createScheduler', () => {
  it('keeps 20:00 New York across the 2026-03-08 DST change (01:00Z before, 00:00Z after)', async () => {
    const { clock, fired, scheduler } = setup(ny('2026-03-05 12:00'));
    await run(clock, () => scheduler.poll(), ny('2026-03-10 21:00'));
    const evenings = fired.filter((f) => f.job === 'sectors.evening');
    expect(evenings.map((f) => f.slot)).toEqual([
      '2026-03-05 20:00',
      '2026-03-06 20:00',
      // no 2026-03-07 / 03-08 (weekend)
      '2026-03-09 20:00',
      '2026-03-10 20:00',
    ]);
    // Luxon agrees on the UTC instants: EST (UTC−5) before the change, EDT (UTC−4) after.
    expect(new Date(ny('2026-03-06 20:00')).toISOString()).toBe('2026-03-07T01:00:00.000Z');
    expect(new Date(ny('2026-03-09 20:00')).toISOString()).toBe('2026-03-10T00:00:00.000Z');
    // 04:00 New York is 09:00Z on Friday and 08:00Z on Monday.
    const premarket = ofJob(fired, 'sectors.premarket');
    expect(premarket).toEqual(['2026-03-06 04:00', '2026-03-09 04:00', '2026-03-10 04:00']);
    expect(ofJob(fired, 'sectors.morning')).toEqual(['2026-03-06 08:00', '2026-03-09 08:00', '2026-03-10 08:00']);
    // 32 half-hour slots 04:00–19:30 on each full trading day, none on the weekend.
    const intraday = ofJob(fired, 'sectors.intraday');
    for (const day of ['2026-03-06', '2026-03-09', '2026-03-10']) {
      const slots = intraday.filter((s) => s.startsWith(day));
      expect(slots).toHaveLength(32);
      expect(slots[0]).toBe(`${day} 04:00`);
      expect(slots.at(-1)).toBe(`${day} 19:30`);
    }
    expect(intraday.filter((s) => s.startsWith('2026-03-07') || s.startsWith('2026-03-08'))).toEqual([]);
    expect(fired.every((f) => !f.info.catchUp && !f.info.coalesced)).toBe(true);
  });

  it('runs a job without calendar filters through the DST Sunday at 20:00 local', async () => {
    const job: ScheduledJob = { id: 'daily', cron: '0 20 * * *', timezone: NY, exchangeDaysOnly: false };
    const { clock, fired, scheduler } = setup(ny('2026-03-07 12:00'), [job]);
    const slots: number[] = [];
    const sched = createScheduler({
      clock,
      ledger: createSchedulerRepo(db),
      jobs: [{ ...job, id: 'daily2' }],
      onDue: (_j, at) => void slots.push(at),
    });
    const both = async (): Promise<void> => {
      await scheduler.poll();
      await sched.poll();
    };
    await run(clock, both, ny('2026-03-09 12:00'), 17 * MIN);
    expect(fired.map((f) => f.slot)).toEqual(['2026-03-07 20:00', '2026-03-08 20:00']);
    expect(slots.map((t) => new Date(t).toISOString())).toEqual(['2026-03-08T01:00:00.000Z', '2026-03-09T00:00:00.000Z']);
  });

  it('skips Thanksgiving 2026 and stops the half-hour runs at the 17:00 early close the day after', async () => {
    const { clock, fired, scheduler } = setup(ny('2026-11-25 12:00'));
    await run(clock, () => scheduler.poll(), ny('2026-11-28 12:00'));
    expect(ofJob(fired, 'sectors.premarket')).toEqual(['2026-11-27 04:00']);
    expect(ofJob(fired, 'sectors.morning')).toEqual(['2026-11-27 08:00']);
    expect(ofJob(fired, 'sectors.evening')).toEqual(['2026-11-25 20:00', '2026-11-27 20:00']);
    const intraday = ofJob(fired, 'sectors.intraday');
    expect(intraday.filter((s) => s.startsWith('2026-11-26'))).toEqual([]);
    const friday = intraday.filter((s) => s.startsWith('2026-11-27'));
    expect(friday[0]).toBe('2026-11-27 04:00');
    expect(friday.at(-1)).toBe('2026-11-27 16:30');
    expect(friday).toHaveLength(26);
    expect(isEligibleSlot(SECTOR_JOBS[3]!, ny('2026-11-27 17:00'))).toBe(false);
    expect(isEligibleSlot(SECTOR_JOBS[3]!, ny('2026-11-27 16:30'))).toBe(true);
  });

  it('catches up exactly one missed slot per job after the engine was closed over a weekend', async () => {
    // Friday 2026-03-13 until 19:00, then closed until Monday 09:00.
    const first = setup(ny('2026-03-13 03:00'));
    await run(first.clock, () => first.scheduler.poll(), ny('2026-03-13 19:00'));
    expect(ofJob(first.fired, 'sectors.morning')).toEqual(['2026-03-13 08:00']);
    expect(ofJob(first.fired, 'sectors.intraday').at(-1)).toBe('2026-03-13 19:00');

    const second = setup(ny('2026-03-16 09:00') + 1234);
    await second.scheduler.catchUp();
    expect(second.fired.map((f) => [f.job, f.slot])).toEqual([
      ['sectors.evening', '2026-03-13 20:00'],
      ['sectors.premarket', '2026-03-16 04:00'],
      ['sectors.morning', '2026-03-16 08:00'],
      ['sectors.intraday', '2026-03-16 09:00'],
    ]);
    expect(second.fired.every((f) => f.info.catchUp)).toBe(true);
    // Nothing more at the same instant, whether by poll or a second catch-up.
    await second.scheduler.poll();
    await second.scheduler.catchUp();
    expect(second.fired).toHaveLength(4);
    // The next slot fires normally.
    second.clock.jumpTo(ny('2026-03-16 09:31'));
    await second.scheduler.poll();
    expect(second.fired.slice(4).map((f) => f.slot)).toEqual(['2026-03-16 09:30']);
  });

  it('catch-up skips a job whose latest slot already ran and looks back at most 7 days', async () => {
    ledger.record('sectors.evening', ny('2026-03-13 20:00'), ny('2026-03-13 20:00'));
    const { fired, scheduler } = setup(ny('2026-03-14 12:00'));
    await scheduler.catchUp();
    expect(ofJob(fired, 'sectors.evening')).toEqual([]);
    expect(ofJob(fired, 'sectors.intraday')).toEqual(['2026-03-13 19:30']);

    const job: ScheduledJob = { id: 'yearly', cron: '0 9 1 1 *', timezone: NY, exchangeDaysOnly: false };
    const yearly = setup(ny('2026-03-14 12:00'), [job]);
    await yearly.scheduler.catchUp();
    expect(yearly.fired).toEqual([]);
  });

  it('fires only the latest slot per job when the clock jumps a week', async () => {
    const { clock, fired, scheduler } = setup(ny('2026-03-16 10:05'));
    await scheduler.poll();
    expect(fired).toEqual([]);
    clock.jumpTo(ny('2026-03-23 10:10'));
    await scheduler.poll();
    expect(fired.map((f) => [f.job, f.slot])).toEqual([
      ['sectors.evening', '2026-03-20 20:00'],
      ['sectors.premarket', '2026-03-23 04:00'],
      ['sectors.morning', '2026-03-23 08:00'],
      ['sectors.intraday', '2026-03-23 10:00'],
    ]);
    expect(fired.every((f) => f.info.coalesced)).toBe(true);
    // Then it carries on normally.
    clock.jumpTo(ny('2026-03-23 10:30'));
    await scheduler.poll();
    expect(fired.slice(4).map((f) => [f.job, f.slot])).toEqual([['sectors.intraday', '2026-03-23 10:30']]);
  });

  it('never fires a slot twice: repeated polls at one instant, re-entrant polls, the clock going back', async () => {
    const { clock, fired, scheduler } = setup(ny('2026-03-16 07:55'));
    clock.jumpTo(ny('2026-03-16 08:00'));
    await Promise.all([scheduler.poll(), scheduler.poll(), scheduler.poll()]);
    await scheduler.poll();
    expect(fired.map((f) => [f.job, f.slot])).toEqual([
      ['sectors.morning', '2026-03-16 08:00'],
      ['sectors.intraday', '2026-03-16 08:00'],
    ]);
    // Back before the 08:00 slots (but after 07:30, which was never due: the scheduler started at 07:55).
    clock.jumpTo(ny('2026-03-16 07:45'));
    await scheduler.poll();
    clock.jumpTo(ny('2026-03-16 08:10'));
    await scheduler.poll();
    expect(fired).toHaveLength(2);
    expect(ledger.last('sectors.morning')).toBe(ny('2026-03-16 08:00'));
  });

  it('fires every half-hour slot of a day at 3600× with 500 ms ticks', async () => {
    let wall = 0;
    const clock = new SimulatedClock({ start: ny('2026-03-17 03:50'), speed: 3600, wall: () => wall });
    const slots: string[] = [];
    const scheduler = createScheduler({
      clock,
      ledger,
      jobs: SECTOR_JOBS.filter((j) => j.id === 'sectors.intraday'),
      onDue: (_job, at, info) => {
        expect(info.coalesced).toBe(false);
        slots.push(fmt(at));
      },
    });
    while (clock.now() < ny('2026-03-17 21:00')) {
      wall += 500;
      await scheduler.poll();
    }
    expect(slots).toHaveLength(32);
    expect(new Set(slots).size).toBe(32);
  });

  it('reports errors of onDue and still counts the slot as run', async () => {
    const clock = new SimulatedClock({ start: ny('2026-03-16 07:59'), paused: true });
    const errors: string[] = [];
    const scheduler = createScheduler({
      clock,
      ledger,
      jobs: SECTOR_JOBS,
      onDue: async (job) => {
        await Promise.resolve();
        if (job.id === 'sectors.morning') throw new Error('boom');
      },
      onError: (e, job) => errors.push(`${job.id}: ${(e as Error).message}`),
    });
    clock.jumpTo(ny('2026-03-16 08:00'));
    await scheduler.poll();
    expect(errors).toEqual(['sectors.morning: boom']);
    expect(ledger.hasRun('sectors.morning', ny('2026-03-16 08:00'))).toBe(true);
  });

  it('lists the next runs over all jobs, soonest first, skipping closed days', () => {
    const { scheduler } = setup(ny('2026-11-25 19:00'));
    const next = scheduler.nextRuns(6).map((r) => [r.jobId, fmt(r.at)]);
    expect(next).toEqual([
      ['sectors.intraday', '2026-11-25 19:30'],
      ['sectors.evening', '2026-11-25 20:00'],
      ['sectors.intraday', '2026-11-27 04:00'],
      ['sectors.premarket', '2026-11-27 04:00'],
      ['sectors.intraday', '2026-11-27 04:30'],
      ['sectors.intraday', '2026-11-27 05:00'],
    ]);
    expect(scheduler.nextRuns(0)).toEqual([]);
  });

  it('rejects duplicate job ids', () => {
    expect(() => setup(0, [SECTOR_JOBS[0]!, SECTOR_JOBS[0]!])).toThrow(/duplicate/);
  });
});
