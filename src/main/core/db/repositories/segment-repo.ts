/**
 * Market segments' tables (migration 0006): segment_config (seed 000's row per segment: active flag, risk
 * parameters, prompt template, data sources, plus its schedule and last state), segment_runs (every run and how it
 * ended) and segment_proposals (what each run asked for and what became of it: a card, a refusal, a hold).
 *
 * Risk parameters and data sources are stored as JSON and returned parsed but unvalidated: the manager validates
 * them against the contract and falls back to the segment's defaults when a row was damaged by hand.
 */
import type { Evidence, SegmentProposal, SegmentRun, SegmentState } from '../../../../shared/contract';
import type { Db } from '../open-database';

export interface SegmentConfigRecord {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  /** Parsed JSON, not yet validated. */
  riskParameters: unknown;
  promptTemplate: string;
  dataSources: string[];
  schedule: string;
  state: SegmentState;
  lastError: { message: string; at: number } | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewSegmentConfig {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  riskParameters: unknown;
  promptTemplate: string;
  dataSources: readonly string[];
  schedule: string;
  state: SegmentState;
  t: number;
}

export interface SegmentConfigPatch {
  enabled?: boolean | undefined;
  riskParameters?: unknown;
  promptTemplate?: string | undefined;
  schedule?: string | undefined;
}

export type NewSegmentProposal = SegmentProposal;

export interface ProposalQuery {
  segmentId?: string | undefined;
  jobId?: string | undefined;
  cardId?: string | undefined;
  outcome?: SegmentProposal['outcome'] | undefined;
  limit: number;
}

/** Card statuses that count as "a human approved it" for a segment's counts. */
const APPROVED_STATUSES = ['approved', 'submitted', 'partially_filled', 'filled'] as const;
/** Card statuses of a card still open (waiting for a human, or working at the broker). */
export const OPEN_CARD_STATUSES = ['pending', 'approved', 'submitted', 'partially_filled'] as const;

export interface SegmentRepo {
  /** Inserts the row unless the segment already has one (the row wins after the first start); true when inserted. */
  seedConfig(row: NewSegmentConfig): boolean;
  getConfig(id: string): SegmentConfigRecord | null;
  updateConfig(id: string, patch: SegmentConfigPatch, t: number): void;
  /** Writes the state; `lastError` undefined leaves the stored error as it is, null clears it. */
  setState(id: string, state: SegmentState, t: number, lastError?: { message: string; at: number } | null): void;

  insertRun(run: SegmentRun): void;
  finishRun(jobId: string, end: Pick<SegmentRun, 'finishedAt' | 'outcome' | 'analyst' | 'proposals' | 'rejected' | 'error' | 'ms'>): void;
  getRun(jobId: string): SegmentRun | null;
  /** Newest first. */
  recentRuns(segmentId: string, limit: number): SegmentRun[];
  /** Runs left 'running' by a process that died: marked cancelled. Returns how many. */
  closeInterruptedRuns(t: number, error: string): number;

  insertProposals(rows: readonly NewSegmentProposal[]): void;
  /** Newest first. */
  listProposals(q: ProposalQuery): SegmentProposal[];
  counts(segmentId: string): { proposed: number; carded: number; approved: number };
  /** Symbols of the segment's cards that are still open (pending, approved or working). */
  openCardSymbols(segmentId: string): Set<string>;
}

interface ConfigRow {
  segment_id: string;
  segment_name: string;
  segment_description: string;
  is_active: number;
  risk_parameters: string;
  ai_prompt_template: string;
  data_sources: string;
  schedule: string;
  state: string;
  last_error: string | null;
  last_error_at: number | null;
  created_at: number;
  updated_at: number;
}

interface RunRow {
  job_id: string;
  segment_id: string;
  trigger: string;
  started_at: number;
  finished_at: number | null;
  outcome: string;
  analyst: string;
  proposals: number;
  rejected: number;
  error: string | null;
  ms: number | null;
}

interface ProposalRow {
  id: string;
  segment_id: string;
  job_id: string;
  created_at: number;
  symbol: string;
  action: string;
  quantity: number | null;
  limit_price: number | null;
  stop_price: number | null;
  thesis: string;
  confidence: number;
  evidence_json: string;
  outcome: string;
  reason: string | null;
  card_id: string | null;
  llm_call_id: string | null;
  analyst: string;
}

function parseJson(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

function toConfig(r: ConfigRow): SegmentConfigRecord {
  const sources = parseJson(r.data_sources, []);
  return {
    id: r.segment_id,
    name: r.segment_name,
    description: r.segment_description,
    enabled: r.is_active === 1,
    riskParameters: parseJson(r.risk_parameters, null),
    promptTemplate: r.ai_prompt_template,
    dataSources: Array.isArray(sources) ? sources.filter((s): s is string => typeof s === 'string') : [],
    schedule: r.schedule,
    state: r.state as SegmentState,
    lastError: r.last_error !== null ? { message: r.last_error, at: r.last_error_at ?? r.updated_at } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toRun(r: RunRow): SegmentRun {
  return {
    jobId: r.job_id,
    segmentId: r.segment_id,
    trigger: r.trigger as SegmentRun['trigger'],
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome as SegmentRun['outcome'],
    analyst: r.analyst as SegmentRun['analyst'],
    proposals: r.proposals,
    rejected: r.rejected,
    error: r.error,
    ms: r.ms,
  };
}

function toProposal(r: ProposalRow): SegmentProposal {
  const evidence = parseJson(r.evidence_json, []);
  return {
    id: r.id,
    segmentId: r.segment_id,
    jobId: r.job_id,
    createdAt: r.created_at,
    symbol: r.symbol,
    action: r.action as SegmentProposal['action'],
    quantity: r.quantity,
    limitPrice: r.limit_price,
    stopPrice: r.stop_price,
    thesis: r.thesis,
    confidence: r.confidence,
    evidence: Array.isArray(evidence) ? (evidence as Evidence[]) : [],
    outcome: r.outcome as SegmentProposal['outcome'],
    reason: r.reason,
    cardId: r.card_id,
    llmCallId: r.llm_call_id,
    analyst: r.analyst as SegmentProposal['analyst'],
  };
}

export function createSegmentRepo(db: Db): SegmentRepo {
  const seedStmt = db.prepare(`INSERT INTO segment_config (segment_id, segment_name, segment_description, is_active,
    risk_parameters, ai_prompt_template, data_sources, schedule, state, created_at, updated_at)
    VALUES (@id, @name, @description, @active, @risk, @template, @sources, @schedule, @state, @t, @t)
    ON CONFLICT (segment_id) DO NOTHING`);
  const getStmt = db.prepare<[string], ConfigRow>('SELECT * FROM segment_config WHERE segment_id = ?');
  const stateStmt = db.prepare<[string, number, string]>('UPDATE segment_config SET state = ?, updated_at = ? WHERE segment_id = ?');
  const stateErrStmt = db.prepare<[string, string | null, number | null, number, string]>(
    'UPDATE segment_config SET state = ?, last_error = ?, last_error_at = ?, updated_at = ? WHERE segment_id = ?',
  );

  const insertRunStmt = db.prepare(`INSERT INTO segment_runs (job_id, segment_id, trigger, started_at, finished_at, outcome,
    analyst, proposals, rejected, error, ms) VALUES (@jobId, @segmentId, @trigger, @startedAt, @finishedAt, @outcome,
    @analyst, @proposals, @rejected, @error, @ms)`);
  const finishRunStmt = db.prepare(`UPDATE segment_runs SET finished_at = @finishedAt, outcome = @outcome, analyst = @analyst,
    proposals = @proposals, rejected = @rejected, error = @error, ms = @ms WHERE job_id = @jobId`);
  const getRunStmt = db.prepare<[string], RunRow>('SELECT * FROM segment_runs WHERE job_id = ?');
  const recentRunsStmt = db.prepare<[string, number], RunRow>(
    'SELECT * FROM segment_runs WHERE segment_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?',
  );
  const interruptedStmt = db.prepare<[number, string]>(
    "UPDATE segment_runs SET outcome = 'cancelled', finished_at = ?, error = ? WHERE outcome = 'running'",
  );

  const insertProposalStmt = db.prepare(`INSERT INTO segment_proposals (id, segment_id, job_id, created_at, symbol, action,
    quantity, limit_price, stop_price, thesis, confidence, evidence_json, outcome, reason, card_id, llm_call_id, analyst)
    VALUES (@id, @segmentId, @jobId, @createdAt, @symbol, @action, @quantity, @limitPrice, @stopPrice, @thesis, @confidence,
    @evidenceJson, @outcome, @reason, @cardId, @llmCallId, @analyst)`);
  const countsStmt = db.prepare<[string], { proposed: number; carded: number }>(
    `SELECT COALESCE(SUM(action != 'hold'), 0) AS proposed, COALESCE(SUM(outcome = 'carded'), 0) AS carded
     FROM segment_proposals WHERE segment_id = ?`,
  );
  const approvedStmt = db.prepare<[string], { n: number }>(
    `SELECT COUNT(*) AS n FROM segment_proposals p JOIN cards c ON c.id = p.card_id
     WHERE p.segment_id = ? AND c.status IN (${APPROVED_STATUSES.map((s) => `'${s}'`).join(', ')})`,
  );
  const openStmt = db.prepare<[string], { symbol: string }>(
    `SELECT DISTINCT symbol FROM cards WHERE origin = 'segment' AND origin_id = ?
     AND status IN (${OPEN_CARD_STATUSES.map((s) => `'${s}'`).join(', ')})`,
  );

  return {
    seedConfig(row) {
      const info = seedStmt.run({
        id: row.id,
        name: row.name,
        description: row.description,
        active: row.enabled ? 1 : 0,
        risk: JSON.stringify(row.riskParameters),
        template: row.promptTemplate,
        sources: JSON.stringify(row.dataSources),
        schedule: row.schedule,
        state: row.state,
        t: row.t,
      });
      return info.changes > 0;
    },
    getConfig(id) {
      const row = getStmt.get(id);
      return row ? toConfig(row) : null;
    },
    updateConfig(id, patch, t) {
      const sets: string[] = [];
      const args: Record<string, unknown> = { id, t };
      if (patch.enabled !== undefined) {
        sets.push('is_active = @active');
        args['active'] = patch.enabled ? 1 : 0;
      }
      if (patch.riskParameters !== undefined) {
        sets.push('risk_parameters = @risk');
        args['risk'] = JSON.stringify(patch.riskParameters);
      }
      if (patch.promptTemplate !== undefined) {
        sets.push('ai_prompt_template = @template');
        args['template'] = patch.promptTemplate;
      }
      if (patch.schedule !== undefined) {
        sets.push('schedule = @schedule');
        args['schedule'] = patch.schedule;
      }
      if (sets.length === 0) return;
      db.prepare(`UPDATE segment_config SET ${sets.join(', ')}, updated_at = @t WHERE segment_id = @id`).run(args);
    },
    setState(id, state, t, lastError) {
      if (lastError === undefined) stateStmt.run(state, t, id);
      else stateErrStmt.run(state, lastError?.message ?? null, lastError?.at ?? null, t, id);
    },

    insertRun(run) {
      insertRunStmt.run(run);
    },
    finishRun(jobId, end) {
      finishRunStmt.run({ jobId, ...end });
    },
    getRun(jobId) {
      const row = getRunStmt.get(jobId);
      return row ? toRun(row) : null;
    },
    recentRuns(segmentId, limit) {
      return recentRunsStmt.all(segmentId, Math.max(0, Math.floor(limit))).map(toRun);
    },
    closeInterruptedRuns(t, error) {
      return interruptedStmt.run(t, error).changes;
    },

    insertProposals(rows) {
      if (rows.length === 0) return;
      db.transaction(() => {
        for (const p of rows) insertProposalStmt.run({ ...p, evidenceJson: JSON.stringify(p.evidence) });
      })();
    },
    listProposals(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (sql: string, v: string | undefined): void => {
        if (v === undefined) return;
        where.push(sql);
        args.push(v);
      };
      add('segment_id = ?', q.segmentId);
      add('job_id = ?', q.jobId);
      add('card_id = ?', q.cardId);
      add('outcome = ?', q.outcome);
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db
        .prepare(`SELECT * FROM segment_proposals ${filter} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
        .all(...args, Math.max(0, Math.floor(q.limit))) as ProposalRow[];
      return rows.map(toProposal);
    },
    counts(segmentId) {
      const c = countsStmt.get(segmentId) ?? { proposed: 0, carded: 0 };
      return { proposed: c.proposed, carded: c.carded, approved: approvedStmt.get(segmentId)?.n ?? 0 };
    },
    openCardSymbols(segmentId) {
      return new Set(openStmt.all(segmentId).map((r) => r.symbol));
    },
  };
}
