/**
 * The LLM layer's tables (migration 0006): llm_calls, every call with its prompt, answer, tokens, latency, cost
 * and outcome (the trace a card opens); llm_cache, answers keyed by a hash of the prompt and its data's as-of
 * time. Plus the read side of the usage report, including the cost of the calls behind cards a human approved
 * (segment_proposals.llm_call_id → card_id → cards).
 *
 * Nothing here ever sees the API key: it is not part of any row.
 */
import type { LlmCall, LlmCallDetail, LlmOutcome, LlmProvider } from '../../../../shared/contract';
import type { Db } from '../open-database';

export interface LlmCallRecord extends LlmCallDetail {
  cacheKey: string | null;
}

/** The light columns of a call, for aggregation. */
export interface LlmCallFigures {
  t: number;
  segmentId: string | null;
  outcome: LlmOutcome;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  latencyMs: number;
  attempts: number;
}

export interface LlmCacheEntry {
  key: string;
  createdAt: number;
  model: string;
  response: string;
  promptTokens: number;
  completionTokens: number;
}

export interface LlmRepo {
  insertCall(call: LlmCallRecord): void;
  setOutcome(id: string, outcome: LlmOutcome, reason: string | null): LlmCall | null;
  call(id: string): LlmCallDetail | null;
  /** Newest first. */
  recent(q: { limit: number; from?: number | undefined; to?: number | undefined; segmentId?: string | undefined }): LlmCall[];
  /** Tokens, cost and calls in [from, to). */
  totals(from: number, to: number): { tokens: number; costUsd: number; calls: number };
  /** Every call in [from, to], oldest first (optionally of one segment). */
  figures(from: number, to: number, segmentId?: string | undefined): LlmCallFigures[];
  costOf(ids: readonly string[]): number;
  /**
   * Cards a human approved whose proposals came from calls in [from, to], and the cost of those calls (each call
   * counted once however many cards it produced).
   */
  approvedCardCost(from: number, to: number, segmentId?: string | undefined): { cards: number; costUsd: number };
  cacheGet(key: string): LlmCacheEntry | null;
  cachePut(entry: LlmCacheEntry): void;
  cacheDelete(key: string): void;
  /** Drops cache entries created before `before`; returns how many. */
  cachePrune(before: number): number;
}

interface CallRow {
  id: string;
  t: number;
  purpose: string;
  segment_id: string | null;
  symbol: string | null;
  job_id: string | null;
  provider: string;
  model: string;
  cache_key: string | null;
  as_of: number;
  system_prompt: string;
  user_prompt: string;
  response: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  latency_ms: number;
  cost_usd: number;
  outcome: string;
  reason: string | null;
  attempts: number;
}

const LIGHT_COLUMNS =
  'id, t, purpose, segment_id, symbol, job_id, provider, model, as_of, prompt_tokens, completion_tokens, latency_ms, cost_usd, outcome, reason, attempts';

/**
 * A card counts as approved by a human when it reached approval: approved, or past it (submitted, partially
 * filled, filled), or ended afterwards (cancelled, expired or failed after its approval stage was stamped). A
 * pending card the trader cancelled also gets decided_at, so decided_at alone is not enough; the approval stage is.
 */
const APPROVED_CARD = `(c.status IN ('approved', 'submitted', 'partially_filled', 'filled')
  OR (c.status IN ('cancelled', 'expired', 'failed') AND json_extract(c.stages_json, '$.approval') IS NOT NULL))`;

function toCall(r: Omit<CallRow, 'cache_key' | 'system_prompt' | 'user_prompt' | 'response'>): LlmCall {
  return {
    id: r.id,
    t: r.t,
    purpose: r.purpose as LlmCall['purpose'],
    segmentId: r.segment_id,
    symbol: r.symbol,
    jobId: r.job_id,
    provider: r.provider as LlmProvider,
    model: r.model,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    latencyMs: r.latency_ms,
    costUsd: r.cost_usd,
    outcome: r.outcome as LlmOutcome,
    reason: r.reason,
    attempts: r.attempts,
    asOf: r.as_of,
  };
}

export function createLlmRepo(db: Db): LlmRepo {
  const insert = db.prepare(
    `INSERT INTO llm_calls (id, t, purpose, segment_id, symbol, job_id, provider, model, cache_key, as_of, system_prompt, user_prompt,
       response, prompt_tokens, completion_tokens, latency_ms, cost_usd, outcome, reason, attempts)
     VALUES (@id, @t, @purpose, @segmentId, @symbol, @jobId, @provider, @model, @cacheKey, @asOf, @system, @user,
       @response, @promptTokens, @completionTokens, @latencyMs, @costUsd, @outcome, @reason, @attempts)`,
  );
  const updateOutcome = db.prepare<[string, string | null, string]>('UPDATE llm_calls SET outcome = ?, reason = ? WHERE id = ?');
  const getOne = db.prepare<[string], CallRow>('SELECT * FROM llm_calls WHERE id = ?');
  const totalsStmt = db.prepare<[number, number], { tokens: number; cost: number; calls: number }>(
    'SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS tokens, COALESCE(SUM(cost_usd), 0) AS cost, COUNT(*) AS calls FROM llm_calls WHERE t >= ? AND t < ?',
  );
  const cacheGetStmt = db.prepare<[string], { key: string; created_at: number; model: string; response: string; prompt_tokens: number; completion_tokens: number }>(
    'SELECT * FROM llm_cache WHERE key = ?',
  );
  const cachePutStmt = db.prepare(
    `INSERT INTO llm_cache (key, created_at, model, response, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(key) DO UPDATE SET created_at = excluded.created_at, model = excluded.model, response = excluded.response,
       prompt_tokens = excluded.prompt_tokens, completion_tokens = excluded.completion_tokens`,
  );
  const cacheDeleteStmt = db.prepare<[string]>('DELETE FROM llm_cache WHERE key = ?');
  const cachePruneStmt = db.prepare<[number]>('DELETE FROM llm_cache WHERE created_at < ?');

  return {
    insertCall(c) {
      insert.run({
        id: c.id,
        t: c.t,
        purpose: c.purpose,
        segmentId: c.segmentId,
        symbol: c.symbol,
        jobId: c.jobId,
        provider: c.provider,
        model: c.model,
        cacheKey: c.cacheKey,
        asOf: c.asOf,
        system: c.system,
        user: c.user,
        response: c.response,
        promptTokens: c.promptTokens,
        completionTokens: c.completionTokens,
        latencyMs: c.latencyMs,
        costUsd: c.costUsd,
        outcome: c.outcome,
        reason: c.reason,
        attempts: c.attempts,
      });
    },
    setOutcome(id, outcome, reason) {
      if (updateOutcome.run(outcome, reason, id).changes === 0) return null;
      const row = getOne.get(id);
      return row ? toCall(row) : null;
    },
    call(id) {
      const r = getOne.get(id);
      if (!r) return null;
      return { ...toCall(r), system: r.system_prompt, user: r.user_prompt, response: r.response };
    },
    recent(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (clause: string, arg: string | number | undefined): void => {
        if (arg === undefined) return;
        where.push(clause);
        args.push(arg);
      };
      add('t >= ?', q.from);
      add('t <= ?', q.to);
      add('segment_id = ?', q.segmentId);
      const sql = `SELECT ${LIGHT_COLUMNS} FROM llm_calls ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t DESC, rowid DESC LIMIT ?`;
      return db
        .prepare<(string | number)[], CallRow>(sql)
        .all(...args, q.limit)
        .map(toCall);
    },
    totals(from, to) {
      const r = totalsStmt.get(from, to)!;
      return { tokens: r.tokens, costUsd: r.cost, calls: r.calls };
    },
    figures(from, to, segmentId) {
      const sql =
        'SELECT t, segment_id, outcome, prompt_tokens, completion_tokens, cost_usd, latency_ms, attempts FROM llm_calls WHERE t >= ? AND t <= ?' +
        (segmentId !== undefined ? ' AND segment_id = ?' : '') +
        ' ORDER BY t, rowid';
      const args: (string | number)[] = segmentId !== undefined ? [from, to, segmentId] : [from, to];
      return db
        .prepare<(string | number)[], Omit<CallRow, 'id'>>(sql)
        .all(...args)
        .map((r) => ({
          t: r.t,
          segmentId: r.segment_id,
          outcome: r.outcome as LlmOutcome,
          promptTokens: r.prompt_tokens,
          completionTokens: r.completion_tokens,
          costUsd: r.cost_usd,
          latencyMs: r.latency_ms,
          attempts: r.attempts,
        }));
    },
    costOf(ids) {
      const unique = [...new Set(ids)];
      let total = 0;
      // Chunks keep the statement under SQLite's host-parameter limit.
      for (let i = 0; i < unique.length; i += 500) {
        const chunk = unique.slice(i, i + 500);
        const r = db
          .prepare<string[], { cost: number }>(`SELECT COALESCE(SUM(cost_usd), 0) AS cost FROM llm_calls WHERE id IN (${chunk.map(() => '?').join(',')})`)
          .get(...chunk)!;
        total += r.cost;
      }
      return total;
    },
    approvedCardCost(from, to, segmentId) {
      const seg = segmentId !== undefined ? ' AND l.segment_id = ?' : '';
      const args: (string | number)[] = segmentId !== undefined ? [from, to, segmentId] : [from, to];
      const r = db
        .prepare<(string | number)[], { cards: number; cost: number }>(
          `WITH approved AS (
             SELECT DISTINCT c.id AS card_id, l.id AS call_id, l.cost_usd AS cost
             FROM segment_proposals p
             JOIN cards c ON c.id = p.card_id
             JOIN llm_calls l ON l.id = p.llm_call_id
             WHERE p.card_id IS NOT NULL AND l.t >= ? AND l.t <= ?${seg} AND ${APPROVED_CARD}
           )
           SELECT (SELECT COUNT(DISTINCT card_id) FROM approved) AS cards,
                  (SELECT COALESCE(SUM(cost), 0) FROM (SELECT DISTINCT call_id, cost FROM approved)) AS cost`,
        )
        .get(...args)!;
      return { cards: r.cards, costUsd: r.cost };
    },
    cacheGet(key) {
      const r = cacheGetStmt.get(key);
      return r
        ? { key: r.key, createdAt: r.created_at, model: r.model, response: r.response, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens }
        : null;
    },
    cachePut(e) {
      cachePutStmt.run(e.key, e.createdAt, e.model, e.response, e.promptTokens, e.completionTokens);
    },
    cacheDelete(key) {
      cacheDeleteStmt.run(key);
    },
    cachePrune(before) {
      return cachePruneStmt.run(before).changes;
    },
  };
}
