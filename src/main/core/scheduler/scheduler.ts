/**
 * The engine's job scheduler. Slots come from cron patterns read in the exchange's time zone (croner, DST-safe),
 * but croner's own timers are never started: the engine clock may run at up to 3600× and jump, so the engine
 * calls poll() every tick and the scheduler fires the slots the engine clock has passed.
 *
 * Guarantees:
 * - At most once per slot. A slot is written to the ledger (scheduler_runs) BEFORE onDue is called, so a slot
 *   that was started is never started again — not by a second poll at the same instant, not after the clock
 *   jumps back and forward again, not after a restart (catchUp). If the process dies mid-run the slot is lost,
 *   not repeated; the next slot (or catch-up of a later slot) covers it.
 * - No storms. When the clock passes more than `maxBurst` eligible slots of a job in one step (a jump, a long
 *   pause of the engine at high speed), only the latest of them fires.
 * - Catch-up. catchUp() (at start) fires, per job, the most recent eligible slot at or before now when the
 *   ledger has no row for it, looking back at most `catchUpLookbackMs` (7 days).
 */
import { Cron } from 'croner';
import type { Clock } from '../clock/clock';
import type { SchedulerRepo } from '../db/repositories/scheduler-repo';
import { isTradingDay, nyDate, sessionFor } from '../market/calendar';

export interface ScheduledJob {
  id: string;
  /** Five-field cron pattern (minute hour day month weekday), read in `timezone`. */
  cron: string;
  timezone: 'America/New_York';
  /** Skip slots on days the exchange is closed (weekends, holidays). */
  exchangeDaysOnly: boolean;
  /** Skip slots outside the extended session [04:00, 20:00) — [04:00, 17:00) on early-close days. */
  withinExtendedSession?: boolean;
}

export interface DueInfo {
  /** True when the slot fires from catchUp() (it was missed while the engine was not running). */
  catchUp: boolean;
  /** True when earlier due slots of the job were passed over in favour of this one (the clock jumped). */
  coalesced: boolean;
}

export interface SchedulerOptions {
  clock: Clock;
  ledger: SchedulerRepo;
  jobs: readonly ScheduledJob[];
  onDue(job: ScheduledJob, slotAt: number, info: DueInfo): Promise<void> | void;
  /** Errors thrown or rejected by onDue (and ledger failures). Default: ignored. */
  onError?(error: unknown, job: ScheduledJob, slotAt: number): void;
  /** More eligible slots than this in one poll counts as a jump: only the latest fires. Default 3. */
  maxBurst?: number;
  /** How far back catchUp() looks for a missed slot. Default 7 days. */
  catchUpLookbackMs?: number;
}

export interface UpcomingRun {
  jobId: string;
  /** Epoch ms UTC. */
  at: number;
}

export interface Scheduler {
  /** Fires the slots passed since the previous poll (or since creation); resolves when their onDue settled. */
  poll(): Promise<void>;
  /** Runs, per job, the most recent slot at or before now that has no ledger row (at start). */
  catchUp(): Promise<void>;
  /** The next `n` eligible slots over all jobs, soonest first (for the UI). */
  nextRuns(n: number): UpcomingRun[];
}

/** The seed-004 background analysis runs, New York time. */
export const SECTOR_JOBS: readonly ScheduledJob[] = Object.freeze([
  { id: 'sectors.evening', cron: '0 20 * * *', timezone: 'America/New_York', exchangeDaysOnly: true },
  { id: 'sectors.premarket', cron: '0 4 * * *', timezone: 'America/New_York', exchangeDaysOnly: true },
  { id: 'sectors.morning', cron: '0 8 * * *', timezone: 'America/New_York', exchangeDaysOnly: true },
  {
    id: 'sectors.intraday',
    cron: '*/30 4-19 * * *',
    timezone: 'America/New_York',
    exchangeDaysOnly: true,
    withinExtendedSession: true,
  },
]);

const DAY_MS = 86_400_000;
/** Raw (pre-filter) slots walked forward in one poll before it is treated as a jump. */
const MAX_FORWARD_WALK = 256;
/** Slots asked of croner per call when walking. */
const BATCH = 32;
/** Cap on raw slots examined by nextRuns() per job. */
const MAX_UPCOMING_WALK = 4096;

/** Whether a slot of `job` should run (trading day, extended session). */
export function isEligibleSlot(job: ScheduledJob, slotAt: number): boolean {
  if (!job.exchangeDaysOnly && !job.withinExtendedSession) return true;
  const date = nyDate(slotAt);
  if (job.exchangeDaysOnly && !isTradingDay(date)) return false;
  if (job.withinExtendedSession) {
    const s = sessionFor(date);
    if (!s || slotAt < s.preOpen || slotAt >= s.postClose) return false;
  }
  return true;
}

interface JobState {
  readonly job: ScheduledJob;
  readonly cron: Cron;
  /** Slots at or before this instant have been considered. */
  lastChecked: number;
  /** The first raw slot after lastChecked (cached so a poll with nothing due costs no croner call). */
  nextSlot: number;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { clock, ledger, onDue } = options;
  const onError = options.onError ?? (() => undefined);
  const maxBurst = Math.max(1, options.maxBurst ?? 3);
  const lookback = options.catchUpLookbackMs ?? 7 * DAY_MS;

  const ids = new Set<string>();
  const start = clock.now();
  const states: JobState[] = options.jobs.map((job) => {
    if (ids.has(job.id)) throw new Error(`duplicate scheduled job id: ${job.id}`);
    ids.add(job.id);
    // No callback, so croner schedules nothing; it is used as a pure slot calculator.
    const cron = new Cron(job.cron, { timezone: job.timezone, paused: true });
    return { job, cron, lastChecked: start, nextSlot: nextRaw(cron, start) };
  });

  /** The first raw slot strictly after t (Infinity when the pattern has no more). */
  function nextRaw(cron: Cron, t: number): number {
    return cron.nextRun(new Date(t))?.getTime() ?? Number.POSITIVE_INFINITY;
  }

  /** The latest eligible slot in [notBefore, t] (inclusive both ends), or null. */
  function latestEligible(st: JobState, t: number, notBefore: number): number | null {
    // previousRuns is exclusive of its reference: start 1 ms later so a slot exactly at t counts.
    let ref = t + 1;
    for (;;) {
      const batch = st.cron.previousRuns(BATCH, new Date(ref));
      if (batch.length === 0) return null;
      for (const d of batch) {
        const slot = d.getTime();
        if (slot < notBefore) return null;
        if (slot <= t && isEligibleSlot(st.job, slot)) return slot;
      }
      const oldest = batch[batch.length - 1]!.getTime();
      if (oldest >= ref) return null; // defensive: croner must move backwards
      ref = oldest;
    }
  }

  /** Due slots of one job in (lastChecked, now]; advances the job's state. */
  function dueSlots(st: JobState, now: number): { slots: number[]; coalesced: boolean } {
    if (now < st.lastChecked) {
      // The clock went back: forget the future we had computed (the ledger still prevents re-runs).
      st.lastChecked = now;
      st.nextSlot = nextRaw(st.cron, now);
      return { slots: [], coalesced: false };
    }
    if (now < st.nextSlot) {
      st.lastChecked = now;
      return { slots: [], coalesced: false };
    }
    const from = st.lastChecked;
    const eligible: number[] = [];
    let walked = 0;
    let slot = st.nextSlot;
    let jumped = false;
    while (slot <= now) {
      if (isEligibleSlot(st.job, slot)) eligible.push(slot);
      if (++walked >= MAX_FORWARD_WALK || eligible.length > maxBurst) {
        jumped = true;
        break;
      }
      slot = nextRaw(st.cron, slot);
    }
    st.lastChecked = now;
    st.nextSlot = jumped ? nextRaw(st.cron, now) : slot;
    if (!jumped) return { slots: eligible, coalesced: false };
    // A jump: only the latest eligible slot in (from, now] fires (bounded by the catch-up look-back).
    const latest = latestEligible(st, now, Math.max(from + 1, now - lookback));
    if (latest === null) return { slots: [], coalesced: false };
    return { slots: [latest], coalesced: true };
  }

  async function fire(job: ScheduledJob, slotAt: number, info: DueInfo): Promise<void> {
    try {
      if (ledger.hasRun(job.id, slotAt)) return;
      ledger.record(job.id, slotAt, clock.now());
    } catch (error) {
      onError(error, job, slotAt);
      return;
    }
    try {
      await onDue(job, slotAt, info);
    } catch (error) {
      onError(error, job, slotAt);
    }
  }

  return {
    async poll() {
      const now = clock.now();
      // All state advances synchronously before any onDue runs, so a re-entrant poll cannot double-fire.
      const work: Array<[ScheduledJob, number, DueInfo]> = [];
      for (const st of states) {
        const { slots, coalesced } = dueSlots(st, now);
        for (const slot of slots) work.push([st.job, slot, { catchUp: false, coalesced }]);
      }
      work.sort((a, b) => a[1] - b[1]);
      for (const [job, slot, info] of work) await fire(job, slot, info);
    },

    async catchUp() {
      const now = clock.now();
      const work: Array<[ScheduledJob, number]> = [];
      for (const st of states) {
        const latest = latestEligible(st, now, now - lookback);
        st.lastChecked = now;
        st.nextSlot = nextRaw(st.cron, now);
        if (latest !== null) work.push([st.job, latest]);
      }
      work.sort((a, b) => a[1] - b[1]);
      for (const [job, slot] of work) await fire(job, slot, { catchUp: true, coalesced: false });
    },

    nextRuns(n) {
      const count = Math.max(0, Math.floor(n));
      if (count === 0) return [];
      const now = clock.now();
      const out: UpcomingRun[] = [];
      for (const st of states) {
        let found = 0;
        let walked = 0;
        let ref = now;
        while (found < count && walked < MAX_UPCOMING_WALK) {
          const batch = st.cron.nextRuns(BATCH, new Date(ref));
          if (batch.length === 0) break;
          for (const d of batch) {
            const at = d.getTime();
            walked++;
            if (isEligibleSlot(st.job, at)) {
              out.push({ jobId: st.job.id, at });
              if (++found >= count) break;
            }
          }
          ref = batch[batch.length - 1]!.getTime();
        }
      }
      out.sort((a, b) => a.at - b.at || a.jobId.localeCompare(b.jobId));
      return out.slice(0, count);
    },
  };
}
