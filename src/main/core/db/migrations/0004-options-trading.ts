/**
 * Options on the desk: a card may carry a multi-leg strategy (its legs and risk as JSON), and a position may be an
 * option contract, whose quantity is in contracts of `multiplier` shares (1 for stock).
 */
import type { Db } from '../open-database';

export function up(db: Db): void {
  db.exec(`
    ALTER TABLE cards ADD COLUMN strategy_json TEXT;
    ALTER TABLE positions ADD COLUMN multiplier INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE fills ADD COLUMN multiplier INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE orders ADD COLUMN legs_json TEXT;
    ALTER TABLE paper_orders ADD COLUMN legs_json TEXT;
    ALTER TABLE paper_fills ADD COLUMN leg_json TEXT;
  `);
}
