/** Ingest reports: what each run received, stored and rejected (with reasons). */
import type { Db } from '../open-database';

export interface IngestReject {
  symbol: string;
  t: number | null;
  reason: string;
}

export interface IngestReport {
  source: string;
  kind: 'instruments' | 'daily' | 'intraday';
  startedAt: number;
  durationMs: number;
  received: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: IngestReject[];
}

export interface IngestRunsRepo {
  record(report: IngestReport): void;
  recent(limit: number): IngestReport[];
}

/** At most this many rejects are kept per report; the count is always exact. */
export const MAX_STORED_REJECTS = 200;

export function createIngestRunsRepo(db: Db): IngestRunsRepo {
  const insert = db.prepare(
    `INSERT INTO ingest_runs (source, kind, started_at, duration_ms, received, inserted, updated, unchanged, rejected, rejects_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const recentStmt = db.prepare<[number], Record<string, unknown>>(
    'SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?',
  );
  return {
    record(r) {
      insert.run(
        r.source,
        r.kind,
        r.startedAt,
        r.durationMs,
        r.received,
        r.inserted,
        r.updated,
        r.unchanged,
        r.rejected,
        JSON.stringify(r.rejects.slice(0, MAX_STORED_REJECTS)),
      );
    },
    recent(limit) {
      return recentStmt.all(limit).map((row) => ({
        source: row['source'] as string,
        kind: row['kind'] as IngestReport['kind'],
        startedAt: row['started_at'] as number,
        durationMs: row['duration_ms'] as number,
        received: row['received'] as number,
        inserted: row['inserted'] as number,
        updated: row['updated'] as number,
        unchanged: row['unchanged'] as number,
        rejected: row['rejected'] as number,
        rejects: JSON.parse(row['rejects_json'] as string) as IngestReject[],
      }));
    },
  };
}
