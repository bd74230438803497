/**
 * The multi-segment portfolio's SQL: read-only views of the account (the opening deposit and withdrawals in
 * `ledger`, every fill joined to its card's `segment` tag) and the daily snapshots of migration 0006
 * (`segment_performance`, `segment_correlation`), written idempotently per date. Money is integer cents here and
 * nowhere else in the segment books.
 */
import type { Side } from '../../../../shared/contract/trading-schemas';
import type { Db } from '../open-database';

export interface SegmentFillRow {
  id: string;
  cardId: string;
  /** The card's segment tag (null for manual and older cards). */
  segment: string | null;
  symbol: string;
  side: Side;
  quantity: number;
  price: number;
  grossCents: number;
  feeCents: number;
  multiplier: number;
  t: number;
}

export interface SegmentSnapshotRow {
  date: string;
  segmentId: string;
  equity: number;
  dailyReturn: number | null;
  totalReturn: number;
  sharpe: number | null;
  maxDrawdown: number | null;
  volatility: number | null;
  beta: number | null;
  alpha: number | null;
  createdAt: number;
}

export interface SegmentCorrelationRow {
  date: string;
  window: number;
  segment1: string;
  segment2: string;
  correlation: number | null;
  basis: 'sleeve' | 'universe';
  createdAt: number;
}

export interface SegmentPerformanceRepo {
  /** Sum of the ledger's deposit rows up to `upTo` (epoch ms, default: all), cents (the opening deposit and any later ones). */
  depositCents(upTo?: number): number;
  /** Sum of withdrawals up to `upTo` (default: all), a negative number or 0, cents. */
  withdrawalCents(upTo?: number): number;
  /** Every fill with its card's segment tag, oldest first. */
  fills(): SegmentFillRow[];
  /** Snapshots of one segment (or all) with from ≤ date ≤ to (inclusive, either optional), oldest first. */
  snapshots(q: { segmentId?: string | undefined; from?: string | undefined; to?: string | undefined }): SegmentSnapshotRow[];
  /** Writes one day's snapshot and correlation rows in one transaction (INSERT OR REPLACE: idempotent per date). */
  writeDay(snapshots: readonly SegmentSnapshotRow[], correlations: readonly SegmentCorrelationRow[]): void;
  correlations(date: string, window: number): SegmentCorrelationRow[];
  /** The newest snapshot date, or null. */
  latestDate(): string | null;
}

interface FillJoinRow {
  id: string;
  card_id: string;
  segment: string | null;
  symbol: string;
  side: string;
  quantity: number;
  price: number;
  gross_cents: number;
  fee_cents: number;
  multiplier: number;
  t: number;
}

interface SnapshotDbRow {
  date: string;
  segment_id: string;
  equity: number;
  daily_return: number | null;
  total_return: number;
  sharpe_ratio: number | null;
  max_drawdown: number | null;
  volatility: number | null;
  beta: number | null;
  alpha: number | null;
  created_at: number;
}

interface CorrelationDbRow {
  date: string;
  window: number;
  segment1_id: string;
  segment2_id: string;
  correlation: number | null;
  basis: string;
  created_at: number;
}

const toSnapshot = (r: SnapshotDbRow): SegmentSnapshotRow => ({
  date: r.date,
  segmentId: r.segment_id,
  equity: r.equity,
  dailyReturn: r.daily_return,
  totalReturn: r.total_return,
  sharpe: r.sharpe_ratio,
  maxDrawdown: r.max_drawdown,
  volatility: r.volatility,
  beta: r.beta,
  alpha: r.alpha,
  createdAt: r.created_at,
});

export function createSegmentPerformanceRepo(db: Db): SegmentPerformanceRepo {
  const depositStmt = db.prepare<[number], { cents: number | null }>("SELECT SUM(amount_cents) AS cents FROM ledger WHERE kind = 'deposit' AND t <= ?");
  const withdrawalStmt = db.prepare<[number], { cents: number | null }>("SELECT SUM(amount_cents) AS cents FROM ledger WHERE kind = 'withdrawal' AND t <= ?");
  const fillsStmt = db.prepare<[], FillJoinRow>(
    `SELECT f.id, f.card_id, c.segment, f.symbol, f.side, f.quantity, f.price, f.gross_cents, f.fee_cents, f.multiplier, f.t
     FROM fills f LEFT JOIN cards c ON c.id = f.card_id ORDER BY f.t, f.rowid`,
  );
  const insertSnapshot = db.prepare(
    `INSERT OR REPLACE INTO segment_performance (date, segment_id, equity, daily_return, total_return, sharpe_ratio, max_drawdown,
       volatility, beta, alpha, created_at)
     VALUES (@date, @segmentId, @equity, @dailyReturn, @totalReturn, @sharpe, @maxDrawdown, @volatility, @beta, @alpha, @createdAt)`,
  );
  const insertCorrelation = db.prepare(
    `INSERT OR REPLACE INTO segment_correlation (date, window, segment1_id, segment2_id, correlation, basis, created_at)
     VALUES (@date, @window, @segment1, @segment2, @correlation, @basis, @createdAt)`,
  );
  const correlationsStmt = db.prepare<[string, number], CorrelationDbRow>(
    'SELECT * FROM segment_correlation WHERE date = ? AND window = ? ORDER BY segment1_id, segment2_id',
  );
  const latestStmt = db.prepare<[], { date: string | null }>('SELECT MAX(date) AS date FROM segment_performance');

  const writeDay = db.transaction((snapshots: readonly SegmentSnapshotRow[], correlations: readonly SegmentCorrelationRow[]) => {
    for (const s of snapshots) insertSnapshot.run(s);
    for (const c of correlations) insertCorrelation.run(c);
  });

  return {
    depositCents: (upTo = Number.MAX_SAFE_INTEGER) => depositStmt.get(upTo)?.cents ?? 0,
    withdrawalCents: (upTo = Number.MAX_SAFE_INTEGER) => withdrawalStmt.get(upTo)?.cents ?? 0,
    fills: () =>
      fillsStmt.all().map((r) => ({
        id: r.id,
        cardId: r.card_id,
        segment: r.segment,
        symbol: r.symbol,
        side: r.side as Side,
        quantity: r.quantity,
        price: r.price,
        grossCents: r.gross_cents,
        feeCents: r.fee_cents,
        multiplier: r.multiplier,
        t: r.t,
      })),
    snapshots(q) {
      const where: string[] = [];
      const args: string[] = [];
      if (q.segmentId !== undefined) {
        where.push('segment_id = ?');
        args.push(q.segmentId);
      }
      if (q.from !== undefined) {
        where.push('date >= ?');
        args.push(q.from);
      }
      if (q.to !== undefined) {
        where.push('date <= ?');
        args.push(q.to);
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (db.prepare(`SELECT * FROM segment_performance ${filter} ORDER BY date, segment_id`).all(...args) as SnapshotDbRow[]).map(toSnapshot);
    },
    writeDay(snapshots, correlations) {
      writeDay(snapshots, correlations);
    },
    correlations: (date, window) =>
      correlationsStmt.all(date, window).map((r) => ({
        date: r.date,
        window: r.window,
        segment1: r.segment1_id,
        segment2: r.segment2_id,
        correlation: r.correlation,
        basis: r.basis as 'sleeve' | 'universe',
        createdAt: r.created_at,
      })),
    latestDate: () => latestStmt.get()?.date ?? null,
  };
}
