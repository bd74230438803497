/**
 * The research agent's summaries (table event_analyses, migration 0006): one row per analysis, keyed for the
 * cache by (symbol, as-of time of the newest item summarised). Lists are JSON columns; a damaged one reads back
 * as an empty list rather than failing the whole query.
 */
import type { EventAnalysis } from '../../../../shared/contract';
import type { Db } from '../open-database';

export interface EventAnalysesRepo {
  insert(analysis: EventAnalysis): void;
  get(id: string): EventAnalysis | null;
  /** The newest analysis of `symbol` for exactly this as-of time (the cache), or null. */
  forAsOf(symbol: string, asOf: number): EventAnalysis | null;
  /** The newest analysis of `symbol` (by as-of, then creation), or null. */
  latest(symbol: string): EventAnalysis | null;
  /** Newest first (by creation); one symbol or all. */
  list(q: { symbol?: string | undefined; limit: number }): EventAnalysis[];
}

interface Row {
  id: string;
  symbol: string;
  created_at: number;
  as_of: number;
  summary_json: string;
  key_points_json: string;
  risks_json: string;
  sentiment: string;
  confidence: number;
  sources_json: string;
  analyst: string;
  llm_call_id: string | null;
}

function parseList<T>(json: string): T[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

function toAnalysis(row: Row): EventAnalysis {
  return {
    id: row.id,
    symbol: row.symbol,
    createdAt: row.created_at,
    asOf: row.as_of,
    summary: parseList<string>(row.summary_json),
    keyPoints: parseList<string>(row.key_points_json),
    risks: parseList<string>(row.risks_json),
    sentiment: row.sentiment === 'BULLISH' || row.sentiment === 'BEARISH' ? row.sentiment : 'NEUTRAL',
    confidence: row.confidence,
    sources: parseList<EventAnalysis['sources'][number]>(row.sources_json),
    analyst: row.analyst === 'llm' ? 'llm' : 'rules',
    llmCallId: row.llm_call_id,
  };
}

export function createEventAnalysesRepo(db: Db): EventAnalysesRepo {
  const insertStmt = db.prepare(
    `INSERT INTO event_analyses (id, symbol, created_at, as_of, summary_json, key_points_json, risks_json, sentiment,
                                 confidence, sources_json, analyst, llm_call_id)
     VALUES (@id, @symbol, @created_at, @as_of, @summary_json, @key_points_json, @risks_json, @sentiment,
             @confidence, @sources_json, @analyst, @llm_call_id)`,
  );
  const getStmt = db.prepare<[string], Row>(`SELECT * FROM event_analyses WHERE id = ?`);
  const forAsOfStmt = db.prepare<[string, number], Row>(
    `SELECT * FROM event_analyses WHERE symbol = ? AND as_of = ? ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const latestStmt = db.prepare<[string], Row>(
    `SELECT * FROM event_analyses WHERE symbol = ? ORDER BY as_of DESC, created_at DESC, rowid DESC LIMIT 1`,
  );
  const listSymbolStmt = db.prepare<[string, number], Row>(
    `SELECT * FROM event_analyses WHERE symbol = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  );
  const listAllStmt = db.prepare<[number], Row>(`SELECT * FROM event_analyses ORDER BY created_at DESC, rowid DESC LIMIT ?`);

  return {
    insert(a) {
      const row: Row = {
        id: a.id,
        symbol: a.symbol,
        created_at: a.createdAt,
        as_of: a.asOf,
        summary_json: JSON.stringify(a.summary),
        key_points_json: JSON.stringify(a.keyPoints),
        risks_json: JSON.stringify(a.risks),
        sentiment: a.sentiment,
        confidence: a.confidence,
        sources_json: JSON.stringify(a.sources),
        analyst: a.analyst,
        llm_call_id: a.llmCallId,
      };
      insertStmt.run(row);
    },
    get: (id) => {
      const row = getStmt.get(id);
      return row ? toAnalysis(row) : null;
    },
    forAsOf: (symbol, asOf) => {
      const row = forAsOfStmt.get(symbol, asOf);
      return row ? toAnalysis(row) : null;
    },
    latest: (symbol) => {
      const row = latestStmt.get(symbol);
      return row ? toAnalysis(row) : null;
    },
    list: (q) => (q.symbol !== undefined ? listSymbolStmt.all(q.symbol, q.limit) : listAllStmt.all(q.limit)).map(toAnalysis),
  };
}
