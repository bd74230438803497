/** The scheduler's ledger: one row per scheduled slot that ran, so a slot is never run twice (table scheduler_runs). */
import type { Db } from '../open-database';

export interface SchedulerRepo {
  /** True when the slot `slotAt` (epoch ms) of `job` has a ledger row. */
  hasRun(job: string, slotAt: number): boolean;
  /** Records that the slot ran (or started running) at `ranAt`; a second record of the same slot is ignored. */
  record(job: string, slotAt: number, ranAt: number): void;
  /** The latest recorded slot of `job`, or null when it never ran. */
  last(job: string): number | null;
}

export function createSchedulerRepo(db: Db): SchedulerRepo {
  const hasStmt = db.prepare<[string, number], { one: number }>(
    'SELECT 1 AS one FROM scheduler_runs WHERE job = ? AND slot_at = ?',
  );
  const recordStmt = db.prepare<[string, number, number]>(
    'INSERT INTO scheduler_runs (job, slot_at, ran_at) VALUES (?, ?, ?) ON CONFLICT (job, slot_at) DO NOTHING',
  );
  const lastStmt = db.prepare<[string], { slot_at: number | null }>(
    'SELECT MAX(slot_at) AS slot_at FROM scheduler_runs WHERE job = ?',
  );
  return {
    hasRun: (job, slotAt) => hasStmt.get(job, slotAt) !== undefined,
    record(job, slotAt, ranAt) {
      recordStmt.run(job, slotAt, ranAt);
    },
    last: (job) => lastStmt.get(job)?.slot_at ?? null,
  };
}
