/** Alerts (significant moves …), at most one per (kind, symbol, session date) (table alerts). */
import type { Alert } from '../../../../shared/contract/sector-schemas';
import type { SectorId } from '../../../../shared/sectors';
import type { Db } from '../open-database';

export type NewAlert = Omit<Alert, 'id' | 'acked'> & { sessionDate: string };

export interface AlertsRepo {
  /** Stores the alert; null when that (kind, symbol, sessionDate) already has one. */
  insert(alert: NewAlert): Alert | null;
  /** Newest first. */
  list(limit: number, unackedOnly: boolean): Alert[];
  /** Marks the alert acknowledged (the first acknowledgement's time is kept); null when there is no such alert. */
  ack(id: number, now: number): Alert | null;
  get(id: number): Alert | null;
  /** Symbols that already have an alert of `kind` on `sessionDate` (to seed in-memory dedupe). */
  symbolsAlerted(kind: Alert['kind'], sessionDate: string): string[];
}

interface AlertRow {
  id: number;
  t: number;
  kind: string;
  severity: string;
  symbol: string;
  sector: string | null;
  session_date: string;
  message: string;
  move_pct: number;
  price: number;
  prev_close: number;
  acked_at: number | null;
}

function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    t: row.t,
    kind: row.kind as Alert['kind'],
    severity: row.severity as Alert['severity'],
    symbol: row.symbol,
    sector: row.sector as SectorId | null,
    message: row.message,
    movePct: row.move_pct,
    price: row.price,
    prevClose: row.prev_close,
    acked: row.acked_at !== null,
  };
}

export function createAlertsRepo(db: Db): AlertsRepo {
  const insertStmt = db.prepare<
    [number, string, string, string, string | null, string, string, number, number, number],
    AlertRow
  >(
    `INSERT INTO alerts (t, kind, severity, symbol, sector, session_date, message, move_pct, price, prev_close)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (kind, symbol, session_date) DO NOTHING
     RETURNING *`,
  );
  const listAllStmt = db.prepare<[number], AlertRow>('SELECT * FROM alerts ORDER BY t DESC, id DESC LIMIT ?');
  const listUnackedStmt = db.prepare<[number], AlertRow>(
    'SELECT * FROM alerts WHERE acked_at IS NULL ORDER BY t DESC, id DESC LIMIT ?',
  );
  const ackStmt = db.prepare<[number, number]>('UPDATE alerts SET acked_at = COALESCE(acked_at, ?) WHERE id = ?');
  const getStmt = db.prepare<[number], AlertRow>('SELECT * FROM alerts WHERE id = ?');
  const alertedStmt = db.prepare<[string, string], { symbol: string }>(
    'SELECT symbol FROM alerts WHERE kind = ? AND session_date = ?',
  );
  const get = (id: number): Alert | null => {
    const row = getStmt.get(id);
    return row ? toAlert(row) : null;
  };
  return {
    insert(a) {
      const row = insertStmt.get(
        a.t,
        a.kind,
        a.severity,
        a.symbol,
        a.sector,
        a.sessionDate,
        a.message,
        a.movePct,
        a.price,
        a.prevClose,
      );
      return row ? toAlert(row) : null;
    },
    list(limit, unackedOnly) {
      const n = Math.max(0, Math.floor(limit));
      return (unackedOnly ? listUnackedStmt : listAllStmt).all(n).map(toAlert);
    },
    ack(id, now) {
      ackStmt.run(now, id);
      return get(id);
    },
    get,
    symbolsAlerted: (kind, sessionDate) => alertedStmt.all(kind, sessionDate).map((r) => r.symbol),
  };
}
