/** The symbol master. */
import type { Instrument } from '../../../../shared/contract';
import type { Db } from '../open-database';

interface InstrumentRow {
  symbol: string;
  name: string;
  kind: Instrument['kind'];
  sector: Instrument['sector'];
  industry: string;
  exchange: Instrument['exchange'];
  market_cap: number;
  float_shares: number;
  shares_outstanding: number;
}

export interface InstrumentsRepo {
  upsertMany(items: readonly Instrument[], source: string, now: number): { inserted: number; updated: number };
  all(): Instrument[];
  count(): number;
  deleteBySource(source: string): number;
}

function fromRow(r: InstrumentRow): Instrument {
  return {
    symbol: r.symbol,
    name: r.name,
    kind: r.kind,
    sector: r.sector,
    industry: r.industry,
    exchange: r.exchange,
    marketCap: r.market_cap,
    float: r.float_shares,
    sharesOutstanding: r.shares_outstanding,
  };
}

export function createInstrumentsRepo(db: Db): InstrumentsRepo {
  const exists = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM instruments WHERE symbol = ?');
  const upsert = db.prepare(`
    INSERT INTO instruments (symbol, name, kind, sector, industry, exchange, market_cap, float_shares, shares_outstanding, source, updated_at)
    VALUES (@symbol, @name, @kind, @sector, @industry, @exchange, @marketCap, @float, @sharesOutstanding, @source, @now)
    ON CONFLICT(symbol) DO UPDATE SET
      name = excluded.name, kind = excluded.kind, sector = excluded.sector, industry = excluded.industry,
      exchange = excluded.exchange, market_cap = excluded.market_cap, float_shares = excluded.float_shares,
      shares_outstanding = excluded.shares_outstanding, source = excluded.source, updated_at = excluded.updated_at
    WHERE name IS NOT excluded.name OR kind IS NOT excluded.kind OR sector IS NOT excluded.sector
      OR industry IS NOT excluded.industry OR exchange IS NOT excluded.exchange OR market_cap IS NOT excluded.market_cap
      OR float_shares IS NOT excluded.float_shares OR shares_outstanding IS NOT excluded.shares_outstanding
      OR source IS NOT excluded.source`);
  const allStmt = db.prepare<[], InstrumentRow>('SELECT * FROM instruments ORDER BY symbol');
  const countStmt = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM instruments');
  const deleteStmt = db.prepare('DELETE FROM instruments WHERE source = ?');

  const upsertAll = db.transaction((items: readonly Instrument[], source: string, now: number) => {
    let inserted = 0;
    let updated = 0;
    for (const it of items) {
      const existed = exists.get(it.symbol) !== undefined;
      const changes = upsert.run({ ...it, source, now }).changes;
      if (changes > 0) {
        if (existed) updated++;
        else inserted++;
      }
    }
    return { inserted, updated };
  });

  return {
    upsertMany: (items, source, now) => upsertAll(items, source, now),
    all: () => allStmt.all().map(fromRow),
    count: () => countStmt.get()!.n,
    deleteBySource: (source) => deleteStmt.run(source).changes,
  };
}
