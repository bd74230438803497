/** Analysis runs and their per-sector results (kept 90 days), and the sentiment history. */
import type { SectorColour, SectorSummary } from '../../../../shared/contract';
import type { SectorId } from '../../../../shared/sectors';
import type { Db } from '../open-database';

export interface SectorRun {
  id: number;
  trigger: string;
  startedAt: number;
  finishedAt: number | null;
  asOf: number;
  status: 'running' | 'done' | 'failed' | 'cancelled';
}

export interface SectorRepo {
  begin(trigger: string, startedAt: number, asOf: number): number;
  /** Stores the results and marks the run done, in one transaction. */
  complete(runId: number, finishedAt: number, durationMs: number, members: number, summaries: readonly SectorSummary[]): void;
  fail(runId: number, finishedAt: number, status: 'failed' | 'cancelled', error: string): void;
  latestDone(): { run: SectorRun; summaries: SectorSummary[] } | null;
  history(sector: SectorId, from: number, to: number): { t: number; score: number; colour: SectorColour; confidence: number }[];
  /** Deletes runs whose as-of time is older than `before`; returns how many. */
  compact(before: number): number;
}

interface RunRow {
  id: number;
  trigger: string;
  started_at: number;
  finished_at: number | null;
  as_of: number;
  status: SectorRun['status'];
}

export function createSectorRepo(db: Db): SectorRepo {
  const beginStmt = db.prepare("INSERT INTO sector_runs (trigger, started_at, as_of, status) VALUES (?, ?, ?, 'running')");
  const doneStmt = db.prepare("UPDATE sector_runs SET status = 'done', finished_at = ?, duration_ms = ?, members = ? WHERE id = ?");
  const failStmt = db.prepare('UPDATE sector_runs SET status = ?, finished_at = ?, error = ? WHERE id = ?');
  const scoreStmt = db.prepare(
    'INSERT INTO sector_scores (run_id, sector, t, score, colour, confidence, summary_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const latestStmt = db.prepare<[], RunRow>("SELECT * FROM sector_runs WHERE status = 'done' ORDER BY as_of DESC, id DESC LIMIT 1");
  const summariesStmt = db.prepare<[number], { summary_json: string }>('SELECT summary_json FROM sector_scores WHERE run_id = ? ORDER BY rowid');
  const historyStmt = db.prepare<[string, number, number], { t: number; score: number; colour: SectorColour; confidence: number }>(
    'SELECT t, score, colour, confidence FROM sector_scores WHERE sector = ? AND t >= ? AND t <= ? ORDER BY t',
  );
  const compactStmt = db.prepare('DELETE FROM sector_runs WHERE as_of < ?');

  const complete = db.transaction((runId: number, finishedAt: number, durationMs: number, members: number, summaries: readonly SectorSummary[]) => {
    const asOf = (db.prepare<[number], { as_of: number }>('SELECT as_of FROM sector_runs WHERE id = ?').get(runId))!.as_of;
    for (const s of summaries) scoreStmt.run(runId, s.id, asOf, s.score, s.colour, s.confidence, JSON.stringify(s));
    doneStmt.run(finishedAt, durationMs, members, runId);
  });

  return {
    begin: (trigger, startedAt, asOf) => Number(beginStmt.run(trigger, startedAt, asOf).lastInsertRowid),
    complete: (runId, finishedAt, durationMs, members, summaries) => complete(runId, finishedAt, durationMs, members, summaries),
    fail: (runId, finishedAt, status, error) => void failStmt.run(status, finishedAt, error, runId),
    latestDone() {
      const r = latestStmt.get();
      if (!r) return null;
      return {
        run: { id: r.id, trigger: r.trigger, startedAt: r.started_at, finishedAt: r.finished_at, asOf: r.as_of, status: r.status },
        summaries: summariesStmt.all(r.id).map((x) => JSON.parse(x.summary_json) as SectorSummary),
      };
    },
    history: (sector, from, to) => historyStmt.all(sector, from, to),
    compact: (before) => compactStmt.run(before).changes,
  };
}
