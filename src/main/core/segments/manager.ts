/**
 * The segment manager: loads every registered segment with its segment_config row, schedules each on its own job,
 * runs them isolated, and keeps their status.
 *
 * - Config: a segment's row is seeded from its `defaults` on first start; the row wins afterwards, so a user's
 *   edits and enable/disable survive restarts. `configure` validates (risk parameters against the contract, the
 *   schedule with croner) and audits every change.
 * - Scheduling: one scheduler job `segment.<id>` per enabled, non-faulted segment (the engine's scheduler, driven by
 *   the engine clock from a wall-clock interval; exchange days only). A slot that comes while the segment is still
 *   running is skipped.
 * - Isolation: one run at a time per segment (4009 otherwise); segments run concurrently and never wait on each
 *   other; each run has a time limit, each stage an error boundary and a time limit (runner.ts); a failure marks
 *   only its segment degraded — faulted after `faultAfter` consecutive failures, when it is no longer scheduled
 *   until Run now or re-enabling succeeds. The segment's start/stop hooks are guarded the same way.
 * - Events: every state change (and every finished run or configuration change) emits `segments.statusChanged`;
 *   every stage emits `segments.runProgress`, at most 10 per second per job.
 *
 * A segment gets nothing but its SegmentContext; proposals leave only through `deps.proposals.propose`.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import {
  EngineError,
  RPC_ERROR,
  SegmentIdSchema,
  SegmentIndicatorSchema,
  SegmentRiskParametersSchema,
  SegmentRiskSchema,
  type EventAnalysis,
  type SegmentBook,
  type SegmentDetail,
  type SegmentProposal,
  type SegmentRisk,
  type SegmentRiskParameters,
  type SegmentRun,
  type SegmentRunProgress,
  type SegmentState,
  type SegmentSummary,
  type TradeCard,
} from '../../../shared/contract';
import type { Instrument } from '../../../shared/contract/schemas';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { createAuditRepo } from '../db/repositories/audit-repo';
import { createSchedulerRepo } from '../db/repositories/scheduler-repo';
import { createSegmentRepo, type ProposalQuery, type SegmentConfigRecord } from '../db/repositories/segment-repo';
import type { EventBus } from '../events/bus';
import type { GroundingOptions } from '../llm/grounding';
import type { LlmGateway } from '../llm/types';
import type { Logger } from '../log';
import { nyDate } from '../market/calendar';
import { createScheduler, type Scheduler } from '../scheduler/scheduler';
import type { CreateCardInput } from '../trading/trading-service';
import { createProgressThrottle, createSegmentContext, errorMessage, RunAbort, runBounded, StepTimeout, truncate, withLimit, type ProgressThrottle } from './context';
import { executeRun, riskParametersOf, type RunTally } from './runner';
import type { MemberSnapshot, Segment, SegmentData, SegmentMarketView } from './types';

export interface SegmentLimits {
  /** Time limit of a whole run. Default 20 s. */
  runTimeoutMs: number;
  /** Time limit of one stage (bounded by what is left of the run). Default: the run's. */
  stageTimeoutMs: number;
  /** Time limit of one research call. Default 5 s. */
  researchTimeoutMs: number;
  /** Time limit of a segment's start/stop hook. Default 5 s. */
  hookTimeoutMs: number;
  /** Consecutive failed or timed-out runs before the segment is faulted. Default 3. */
  faultAfter: number;
  /** Hard cap on proposals per run (the risk parameters' maxProposalsPerRun applies below it). Default and maximum 20. */
  maxProposalsPerRun: number;
}

export const HARD_MAX_PROPOSALS_PER_RUN = 20;

export interface SegmentManagerDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  segments: readonly Segment[];
  market: SegmentMarketView;
  llm: LlmGateway;
  research(symbol: string, opts: { signal: AbortSignal; jobId: string; segmentId: string }): Promise<EventAnalysis | null>;
  books: { book(segmentId: string): SegmentBook };
  /** The card pipeline (trading.createCard): throws EngineError when it refuses. */
  proposals: { propose(input: CreateCardInput, actor: string): TradeCard };
  limits?: Partial<SegmentLimits> | undefined;
  groundingOptions?: Pick<GroundingOptions, 'priceTolerance' | 'limitBand'> | undefined;
  /** Wall-clock interval of the scheduler poll. Default 1 s. */
  pollMs?: number | undefined;
  /**
   * Gather each enabled segment's data at start and when segments.get finds it stale (the engine turns it on),
   * so a new user sees members, commodities and events before the first run. Default off.
   */
  preview?: boolean | undefined;
}

/** What the trading side needs of a segment (tagging, limits): compatible with the lead's SegmentCatalog. */
export interface SegmentCatalogEntry {
  id: string;
  name: string;
  riskParameters: SegmentRiskParameters;
  universe(): readonly string[];
}

interface ActiveRun {
  jobId: string;
  controller: AbortController;
  tally: RunTally;
  promise: Promise<void>;
}

interface Slot {
  readonly seg: Segment;
  readonly log: Logger;
  scheduler: Scheduler | null;
  run: ActiveRun | null;
  /** The start hook ran and succeeded (stop() is owed). */
  hooked: boolean;
  universe: { date: string; list: Instrument[] } | null;
  latest: { data: SegmentData; book: SegmentBook } | null;
}

const TZ = 'America/New_York' as const;
/** segments.get gathers afresh when the segment's data is older than this on the engine clock. */
const PREVIEW_MAX_AGE_MS = 5 * 60_000;
/** Time limit of that preview gather. */
const PREVIEW_TIMEOUT_MS = 3_000;

/** A five-field cron pattern croner accepts and that has a next slot; otherwise -32602. */
export function validateSchedule(pattern: string): string {
  const p = pattern.trim().replace(/\s+/g, ' ');
  if (p.split(' ').length !== 5) throw new EngineError(RPC_ERROR.invalidParams, `invalid schedule "${truncate(pattern, 100)}": give five cron fields (minute hour day month weekday)`);
  let next: Date | null;
  try {
    next = new Cron(p, { timezone: TZ, paused: true }).nextRun();
  } catch (error) {
    throw new EngineError(RPC_ERROR.invalidParams, `invalid schedule "${truncate(pattern, 100)}": ${errorMessage(error)}`);
  }
  if (next === null) throw new EngineError(RPC_ERROR.invalidParams, `invalid schedule "${truncate(pattern, 100)}": it never fires`);
  return p;
}

export function createSegmentManager(deps: SegmentManagerDeps) {
  const { db, clock, bus, log } = deps;
  const runTimeoutMs = deps.limits?.runTimeoutMs ?? 20_000;
  const limits: SegmentLimits = {
    runTimeoutMs,
    stageTimeoutMs: deps.limits?.stageTimeoutMs ?? runTimeoutMs,
    researchTimeoutMs: deps.limits?.researchTimeoutMs ?? 5_000,
    hookTimeoutMs: deps.limits?.hookTimeoutMs ?? 5_000,
    faultAfter: Math.max(1, deps.limits?.faultAfter ?? 3),
    maxProposalsPerRun: Math.max(0, Math.min(HARD_MAX_PROPOSALS_PER_RUN, deps.limits?.maxProposalsPerRun ?? HARD_MAX_PROPOSALS_PER_RUN)),
  };
  const repo = createSegmentRepo(db);
  const audit = createAuditRepo(db);
  const ledger = createSchedulerRepo(db);

  const slots = new Map<string, Slot>();
  for (const seg of deps.segments) {
    const id = SegmentIdSchema.safeParse(seg.id);
    if (!id.success || id.data !== seg.id) throw new Error(`invalid segment id ${JSON.stringify(seg.id)}`);
    if (slots.has(seg.id)) throw new Error(`duplicate segment id ${seg.id}`);
    slots.set(seg.id, { seg, log: log.child({ segment: seg.id }), scheduler: null, run: null, hooked: false, universe: null, latest: null });
  }

  let seeded = false;
  let started = false;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> | null = null;
  const throttles = new Set<ProgressThrottle>();
  let symbolMap: { date: string; map: Map<string, string> } | null = null;

  // ── configuration rows ────────────────────────────────────────────────────────────────────────────────

  function seed(): void {
    if (seeded) return;
    seeded = true;
    const t = clock.now();
    for (const slot of slots.values()) {
      const d = slot.seg.defaults;
      const inserted = repo.seedConfig({
        id: slot.seg.id,
        name: d.name,
        description: d.description,
        enabled: d.enabled,
        riskParameters: d.riskParameters,
        promptTemplate: d.promptTemplate,
        dataSources: d.dataSources,
        schedule: d.schedule,
        state: d.enabled ? 'running' : 'disabled',
        t,
      });
      if (inserted) slot.log.info({ enabled: d.enabled, schedule: d.schedule }, 'segment configuration seeded from its defaults');
    }
  }

  function slotOf(id: string): Slot {
    const slot = slots.get(id);
    if (!slot) throw new EngineError(RPC_ERROR.notFound, `unknown segment ${id}`);
    return slot;
  }

  function rowOf(slot: Slot): SegmentConfigRecord {
    seed();
    const row = repo.getConfig(slot.seg.id);
    if (!row) throw new EngineError(RPC_ERROR.internal, `segment ${slot.seg.id} has no configuration row`);
    return row;
  }

  function paramsOf(slot: Slot, row: SegmentConfigRecord): SegmentRiskParameters {
    return riskParametersOf(row.riskParameters, slot.seg.defaults.riskParameters, slot.log);
  }

  // ── universe ──────────────────────────────────────────────────────────────────────────────────────────

  function universeOf(slot: Slot): Instrument[] {
    const date = nyDate(clock.now());
    if (slot.universe?.date === date) return slot.universe.list;
    let list: Instrument[] = [];
    try {
      const got = runBounded('universe', limits.stageTimeoutMs, () => slot.seg.universe(deps.market.instruments()));
      list = Array.isArray(got) ? got.filter((i) => i && typeof i.symbol === 'string') : [];
    } catch (error) {
      slot.log.warn({ err: errorMessage(error) }, 'universe() failed; the segment has no members today');
    }
    slot.universe = { date, list };
    return list;
  }

  function segmentOf(symbol: string): string | null {
    const date = nyDate(clock.now());
    if (symbolMap?.date !== date) {
      const map = new Map<string, string>();
      for (const slot of slots.values()) for (const i of universeOf(slot)) if (!map.has(i.symbol)) map.set(i.symbol, slot.seg.id);
      symbolMap = { date, map };
    }
    return symbolMap.map.get(symbol.toUpperCase()) ?? null;
  }

  // ── status ────────────────────────────────────────────────────────────────────────────────────────────

  function summaryOf(slot: Slot, row: SegmentConfigRecord = rowOf(slot)): SegmentSummary {
    const id = slot.seg.id;
    let nextRunAt: number | null = null;
    try {
      nextRunAt = slot.scheduler?.nextRuns(1)[0]?.at ?? null;
    } catch (error) {
      slot.log.warn({ err: errorMessage(error) }, 'next run could not be computed');
    }
    return {
      id,
      name: row.name,
      description: row.description,
      enabled: row.enabled,
      state: row.state,
      lastError: row.lastError,
      dataSources: row.dataSources,
      riskParameters: paramsOf(slot, row),
      promptTemplate: row.promptTemplate,
      schedule: row.schedule,
      lastRun: repo.recentRuns(id, 1)[0] ?? null,
      nextRunAt,
      universeSize: universeOf(slot).length,
      counts: repo.counts(id),
    };
  }

  function announce(slot: Slot, previousState: SegmentState | null): void {
    try {
      bus.emit('segments.statusChanged', { segment: summaryOf(slot), previousState });
    } catch (error) {
      slot.log.warn({ err: errorMessage(error) }, 'status event failed');
    }
  }

  /** Writes a state (and optionally the last error) and announces it. */
  function setState(slot: Slot, state: SegmentState, lastError?: { message: string; at: number } | null): void {
    const prev = rowOf(slot).state;
    repo.setState(slot.seg.id, state, clock.now(), lastError);
    if (prev !== state) slot.log.info({ from: prev, to: state, ...(lastError ? { error: lastError.message } : {}) }, 'segment state changed');
    announce(slot, prev);
  }

  function fault(slot: Slot, message: string): void {
    unschedule(slot);
    slot.log.error({ err: message }, 'segment faulted');
    setState(slot, 'faulted', { message: truncate(message, 500), at: clock.now() });
  }

  /** Consecutive failed or timed-out runs, newest first (cancelled runs are neutral). */
  function consecutiveFailures(id: string): number {
    let n = 0;
    for (const r of repo.recentRuns(id, limits.faultAfter * 3 + 10)) {
      if (r.outcome === 'cancelled' || r.outcome === 'running') continue;
      if (r.outcome === 'failed' || r.outcome === 'timeout') n++;
      else break;
    }
    return n;
  }

  // ── hooks and scheduling ──────────────────────────────────────────────────────────────────────────────

  const never = new AbortController().signal;

  /** Runs the segment's start hook under its limit; null when it succeeded, else the error message. */
  async function callStart(slot: Slot, signal: AbortSignal = never): Promise<string | null> {
    const start = slot.seg.start?.bind(slot.seg);
    if (start) {
      try {
        await withLimit('start hook', limits.hookTimeoutMs, signal, () =>
          start(Object.freeze({ segmentId: slot.seg.id, log: slot.log, market: deps.market, now: () => clock.now() })),
        );
      } catch (error) {
        return `start hook: ${errorMessage(error)}`;
      }
    }
    slot.hooked = true;
    return null;
  }

  /** The start hook at engine start or on enable: a failure faults the segment. */
  async function hookStart(slot: Slot): Promise<boolean> {
    const error = await callStart(slot);
    if (error !== null) fault(slot, error);
    return error === null;
  }

  async function hookStop(slot: Slot): Promise<void> {
    if (!slot.hooked) return;
    slot.hooked = false;
    const stop = slot.seg.stop?.bind(slot.seg);
    if (!stop) return;
    try {
      await withLimit('stop hook', limits.hookTimeoutMs, never, () => stop());
    } catch (error) {
      slot.log.warn({ err: errorMessage(error) }, 'stop hook failed');
    }
  }

  function unschedule(slot: Slot): void {
    slot.scheduler = null;
  }

  /** (Re)creates the segment's job from its row: only when started, enabled and not faulted. */
  function schedule(slot: Slot): void {
    unschedule(slot);
    const row = rowOf(slot);
    if (!started || !row.enabled || row.state === 'faulted') return;
    try {
      slot.scheduler = createScheduler({
        clock,
        ledger,
        jobs: [{ id: `segment.${slot.seg.id}`, cron: row.schedule, timezone: TZ, exchangeDaysOnly: true }],
        onDue: () => {
          if (slot.run) {
            slot.log.info({ jobId: slot.run.jobId }, 'scheduled slot skipped: the previous run is still going');
            return;
          }
          try {
            startRun(slot, 'schedule', 'scheduler');
          } catch (error) {
            slot.log.warn({ err: errorMessage(error) }, 'scheduled run not started');
          }
        },
        onError: (error) => slot.log.error({ err: errorMessage(error) }, 'segment schedule failed'),
      });
    } catch (error) {
      fault(slot, `schedule "${row.schedule}": ${errorMessage(error)}`);
    }
  }

  function poll(): void {
    if (polling) return;
    const all = [...slots.values()].map((s) => s.scheduler?.poll().catch((error: unknown) => s.log.error({ err: errorMessage(error) }, 'segment schedule poll failed')));
    polling = Promise.all(all).then(() => {
      polling = null;
    });
  }

  // ── runs ──────────────────────────────────────────────────────────────────────────────────────────────

  function startRun(slot: Slot, trigger: SegmentRun['trigger'], actor: string): { jobId: string } {
    const id = slot.seg.id;
    if (slot.run) throw new EngineError(RPC_ERROR.conflict, `segment ${id} is already running (job ${slot.run.jobId})`, { jobId: slot.run.jobId });
    const row = rowOf(slot);
    if (!row.enabled) throw new EngineError(RPC_ERROR.conflict, `segment ${id} is disabled; enable it to run it`);
    const params = paramsOf(slot, row);
    const jobId = randomUUID();
    const controller = new AbortController();
    const runLog = slot.log.child({ jobId });
    let provider: 'rules' | 'openai-compatible' = 'rules';
    try {
      provider = deps.llm.provider();
    } catch (error) {
      runLog.warn({ err: errorMessage(error) }, 'LLM provider unknown; the rules analyst answers');
    }
    const tally: RunTally = { stage: 'queued', analyst: provider === 'openai-compatible' ? 'llm' : 'rules', proposals: 0, rejected: 0 };
    const startedAt = clock.now();
    const t0 = performance.now();
    repo.insertRun({ jobId, segmentId: id, trigger, startedAt, finishedAt: null, outcome: 'running', analyst: tally.analyst, proposals: 0, rejected: 0, error: null, ms: null });

    const throttle: ProgressThrottle = createProgressThrottle({
      emit: (p) => {
        if (p.done) throttles.delete(throttle);
        bus.emit('segments.runProgress', p);
      },
    });
    throttles.add(throttle);
    const progress = (stage: SegmentRunProgress['stage'], p: number, message: string): void =>
      throttle.push({ jobId, segmentId: id, stage, progress: p, message, done: false, outcome: null });
    progress('queued', 0, `${trigger === 'manual' ? 'run now' : 'scheduled run'} (${truncate(actor, 60)})`);
    runLog.info({ trigger, actor }, 'segment run started');

    const research = (symbol: string, signal: AbortSignal): Promise<EventAnalysis | null> => deps.research(symbol, { signal, jobId, segmentId: id });
    const ctx = createSegmentContext({
      segmentId: id,
      jobId,
      clock,
      log: runLog,
      signal: controller.signal,
      market: deps.market,
      research,
      researchTimeoutMs: limits.researchTimeoutMs,
      researchQuota: 10,
      progress,
    });
    const deadlineTimer = setTimeout(() => controller.abort(new RunAbort('timeout', `the run exceeded ${runTimeoutMs} ms (stage ${tally.stage})`)), runTimeoutMs);
    // Backstop: whatever the runner does, an aborted run is over within a second.
    const backstop = new Promise<{ outcome: 'timeout' | 'cancelled'; error: string }>((resolve) => {
      controller.signal.addEventListener(
        'abort',
        () => {
          const r: unknown = controller.signal.reason;
          const result = r instanceof RunAbort ? { outcome: r.kind === 'timeout' ? ('timeout' as const) : ('cancelled' as const), error: r.message } : { outcome: 'cancelled' as const, error: 'cancelled' };
          setTimeout(() => resolve(result), 1_000).unref?.();
        },
        { once: true },
      );
    });

    const promise = (async () => {
      let result: { outcome: Exclude<SegmentRun['outcome'], 'running'>; error: string | null };
      try {
        // A segment whose start hook failed (faulted) gets it again before Run now; failing again fails the run.
        const hookError = started && !slot.hooked ? await callStart(slot, controller.signal) : null;
        if (hookError !== null) throw new Error(hookError);
        result = await Promise.race([
          executeRun(
            {
              segment: slot.seg,
              jobId,
              trigger,
              params,
              promptTemplate: row.promptTemplate,
              playbook: playbookOf(slot.seg),
              ctx,
              signal: controller.signal,
              deadline: t0 + runTimeoutMs,
              clock,
              log: runLog,
              repo,
              llm: deps.llm,
              market: deps.market,
              book: () => deps.books.book(id),
              universe: universeOf(slot),
              research,
              propose: (input, who) => deps.proposals.propose(input, who),
              groundingOptions: deps.groundingOptions ?? {},
              limits: { stageTimeoutMs: limits.stageTimeoutMs, researchTimeoutMs: limits.researchTimeoutMs, maxProposalsPerRun: limits.maxProposalsPerRun },
              progress,
              onData: (data, book) => {
                slot.latest = { data, book };
              },
            },
            tally,
          ),
          backstop,
        ]);
      } catch (error) {
        const reason: unknown = controller.signal.reason;
        result =
          controller.signal.aborted && reason instanceof RunAbort
            ? { outcome: reason.kind === 'timeout' ? 'timeout' : 'cancelled', error: reason.message }
            : error instanceof StepTimeout
              ? { outcome: 'timeout', error: `${errorMessage(error)} (stage ${tally.stage})` }
              : { outcome: 'failed', error: errorMessage(error) };
      } finally {
        clearTimeout(deadlineTimer);
      }
      // Anything the abandoned run still tries to do goes nowhere.
      if (!controller.signal.aborted) controller.abort(new RunAbort('cancelled', 'run finished'));
      try {
        finishRun(slot, jobId, t0, tally, result, runLog);
      } catch (error) {
        runLog.error({ err: errorMessage(error) }, 'could not record the end of the run');
      } finally {
        slot.run = null;
        const done = result.outcome === 'ok' || result.outcome === 'degraded';
        throttle.push(
          { jobId, segmentId: id, stage: done ? 'done' : 'failed', progress: 1, message: result.error ?? `${tally.proposals} card(s), ${tally.rejected} rejected`, done: true, outcome: result.outcome },
          true,
        );
      }
    })();
    slot.run = { jobId, controller, tally, promise };
    return { jobId };
  }

  function finishRun(
    slot: Slot,
    jobId: string,
    t0: number,
    tally: RunTally,
    result: { outcome: Exclude<SegmentRun['outcome'], 'running'>; error: string | null },
    runLog: Logger,
  ): void {
    const t = clock.now();
    const error = result.error === null ? null : truncate(result.error, 500);
    repo.finishRun(jobId, { finishedAt: t, outcome: result.outcome, analyst: tally.analyst, proposals: tally.proposals, rejected: tally.rejected, error, ms: performance.now() - t0 });
    runLog.info({ outcome: result.outcome, proposals: tally.proposals, rejected: tally.rejected, ...(error ? { error } : {}) }, 'segment run finished');
    const row = rowOf(slot);
    if (result.outcome === 'cancelled' || !row.enabled) {
      announce(slot, row.state);
      return;
    }
    const wasFaulted = row.state === 'faulted';
    if (result.outcome === 'ok') setState(slot, 'running');
    else if (result.outcome === 'degraded') setState(slot, 'degraded', { message: error ?? 'degraded', at: t });
    else {
      const failures = consecutiveFailures(slot.seg.id);
      const message = error ?? result.outcome;
      if (failures >= limits.faultAfter) {
        if (!wasFaulted) fault(slot, `${failures} consecutive failed runs; last: ${message}`);
        else setState(slot, 'faulted', { message: `${failures} consecutive failed runs; last: ${message}`, at: t });
      } else setState(slot, wasFaulted ? 'faulted' : 'degraded', { message, at: t });
      return;
    }
    // A successful run (Run now) clears a fault: scheduling resumes.
    if (wasFaulted || !slot.scheduler) schedule(slot);
  }

  function playbookOf(seg: Segment): string {
    const p = (seg.defaults as { playbook?: unknown }).playbook;
    return typeof p === 'string' && p.length > 0 ? p : 'discretionary';
  }

  // ── detail ────────────────────────────────────────────────────────────────────────────────────────────

  function plainRisk(book: SegmentBook | null, params: SegmentRiskParameters): SegmentRisk {
    const capital = book?.capital ?? 0;
    const exposure = book?.positions.reduce((s, p) => s + Math.abs(p.marketValue), 0) ?? 0;
    const largest = book?.positions.reduce<{ symbol: string; weight: number } | null>((best, p) => {
      const w = capital > 0 ? Math.abs(p.marketValue) / capital : 0;
      return best === null || w > best.weight ? { symbol: p.symbol, weight: w } : best;
    }, null);
    const drawdown = book && capital > 0 ? Math.min(0, book.equity / capital - 1) : 0;
    return {
      asOf: clock.now(),
      capital,
      exposure,
      utilisation: capital > 0 ? exposure / capital : 0,
      largestPosition: largest ?? null,
      drawdown,
      maxDrawdown: params.maxDrawdown,
      buysPaused: Math.abs(drawdown) > params.maxDrawdown,
      metrics: [],
    };
  }

  function membersFromQuotes(universe: readonly Instrument[]): MemberSnapshot[] {
    return universe.map((i) => {
      let q: ReturnType<SegmentMarketView['quote']>;
      try {
        q = deps.market.quote(i.symbol);
      } catch {
        q = null;
      }
      return { symbol: i.symbol, name: i.name, industry: i.industry, last: q?.last ?? Number.NaN, changePct: q?.changePct ?? null, atr: null, avgVolume: null, note: null };
    });
  }

  const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

  function detailOf(slot: Slot): SegmentDetail {
    const row = rowOf(slot);
    const summary = summaryOf(slot, row);
    const params = summary.riskParameters;
    let book: SegmentBook | null = slot.latest?.book ?? null;
    try {
      book = deps.books.book(slot.seg.id);
    } catch (error) {
      slot.log.warn({ err: errorMessage(error) }, 'segment book unavailable');
    }
    const data: SegmentData = slot.latest?.data ?? {
      asOf: clock.now(),
      members: membersFromQuotes(universeOf(slot)),
      indicators: [],
      facts: { symbols: {}, numbers: [] },
      candidates: [],
      research: {},
      detail: {},
    };
    let risk = plainRisk(book, params);
    if (book) {
      try {
        const r = SegmentRiskSchema.safeParse(runBounded('risk model', limits.stageTimeoutMs, () => slot.seg.risk(book, data, params)));
        if (r.success) risk = r.data;
        else slot.log.warn({ issues: r.error.issues.length }, 'risk model returned an invalid shape; plain figures shown');
      } catch (error) {
        slot.log.warn({ err: errorMessage(error) }, 'risk model failed; plain figures shown');
      }
    }
    return {
      ...summary,
      members: data.members.map((m) => ({
        symbol: String(m.symbol),
        name: String(m.name ?? m.symbol),
        industry: typeof m.industry === 'string' ? m.industry : null,
        last: finite(m.last),
        changePct: finite(m.changePct),
        note: typeof m.note === 'string' ? m.note : null,
      })),
      indicators: data.indicators.flatMap((i) => {
        const r = SegmentIndicatorSchema.safeParse(i);
        return r.success ? [r.data] : [];
      }),
      risk,
      recentRuns: repo.recentRuns(slot.seg.id, 20),
    };
  }

  /** Previews in flight, by segment (one at a time each); stop() aborts them. */
  const previews = new Map<string, AbortController>();

  /**
   * Gathers a segment's data outside a run — data only: no research, no analyst, no proposal — so its members,
   * commodity prices and upcoming events show before its first run. Bounded by a time limit; a failure is logged
   * and never touches the segment's state.
   */
  async function preview(slot: Slot): Promise<void> {
    if (previews.has(slot.seg.id) || slot.run || !rowOf(slot).enabled || rowOf(slot).state === 'faulted') return;
    const controller = new AbortController();
    previews.set(slot.seg.id, controller);
    const jobId = `preview-${slot.seg.id}`;
    try {
      const book = deps.books.book(slot.seg.id);
      const ctx = createSegmentContext({
        segmentId: slot.seg.id,
        jobId,
        clock,
        log: slot.log,
        signal: controller.signal,
        market: deps.market,
        research: async () => null,
        researchTimeoutMs: limits.researchTimeoutMs,
        researchQuota: 0,
        progress: () => undefined,
      });
      const data = await withLimit('preview gather', Math.min(limits.stageTimeoutMs, PREVIEW_TIMEOUT_MS), controller.signal, () => slot.seg.gather(ctx, book, universeOf(slot)));
      if (!slot.run) slot.latest = { data, book };
    } catch (error) {
      if (!controller.signal.aborted) slot.log.warn({ err: errorMessage(error) }, 'preview gather failed; plain figures shown');
    } finally {
      controller.abort();
      previews.delete(slot.seg.id);
    }
  }

  // ── the API ───────────────────────────────────────────────────────────────────────────────────────────

  return {
    async start(): Promise<void> {
      seed();
      const closed = repo.closeInterruptedRuns(clock.now(), 'the engine stopped during the run');
      if (closed > 0) log.warn({ runs: closed }, 'segment runs interrupted by the last shutdown marked cancelled');
      started = true;
      await Promise.all(
        [...slots.values()].map(async (slot) => {
          const row = rowOf(slot);
          if (!row.enabled) {
            if (row.state !== 'disabled') repo.setState(slot.seg.id, 'disabled', clock.now());
            return;
          }
          if (row.state === 'disabled') repo.setState(slot.seg.id, 'running', clock.now());
          if (row.state === 'faulted') {
            slot.log.warn({ err: row.lastError?.message }, 'segment is faulted: not scheduled until Run now or re-enable');
            return;
          }
          if (await hookStart(slot)) schedule(slot);
        }),
      );
      timer = setInterval(poll, deps.pollMs ?? 1_000);
      timer.unref?.();
      // After the start-up catch-up may have begun runs (a running segment skips its preview).
      if (deps.preview) for (const slot of slots.values()) void preview(slot);
    },

    async stop(): Promise<void> {
      started = false;
      for (const c of previews.values()) c.abort();
      if (timer) clearInterval(timer);
      timer = null;
      await polling;
      const runs: Promise<void>[] = [];
      for (const slot of slots.values()) {
        unschedule(slot);
        if (slot.run) {
          slot.run.controller.abort(new RunAbort('cancelled', 'the engine is stopping'));
          runs.push(slot.run.promise);
        }
      }
      await Promise.all(runs);
      await Promise.all([...slots.values()].map((slot) => hookStop(slot)));
      for (const t of throttles) t.close();
      throttles.clear();
    },

    list(): SegmentSummary[] {
      return [...slots.values()].map((slot) => summaryOf(slot));
    },

    /**
     * The segment's detail, from its latest data. With `preview` on (the engine), data older than
     * PREVIEW_MAX_AGE_MS on the engine clock is refreshed in the background for the next call.
     */
    get(id: string): SegmentDetail {
      const slot = slotOf(id);
      if (deps.preview && started && (!slot.latest || clock.now() - slot.latest.data.asOf > PREVIEW_MAX_AGE_MS)) void preview(slot);
      return detailOf(slot);
    },

    async setEnabled(id: string, enabled: boolean, actor: string): Promise<SegmentSummary> {
      const slot = slotOf(id);
      const row = rowOf(slot);
      if (row.enabled === enabled && !(enabled && row.state === 'faulted')) return summaryOf(slot, row);
      const t = clock.now();
      db.transaction(() => {
        repo.updateConfig(id, { enabled }, t);
        audit.append({ t, actor, action: enabled ? 'segment.enable' : 'segment.disable', entity: 'segment', entityId: id, data: { previousState: row.state } });
      })();
      slot.log.info({ actor, enabled, previousState: row.state }, enabled ? 'segment enabled' : 'segment disabled');
      if (!enabled) {
        unschedule(slot);
        if (slot.run) {
          slot.run.controller.abort(new RunAbort('cancelled', `disabled by ${truncate(actor, 60)}`));
          await slot.run?.promise;
        }
        await hookStop(slot);
        setState(slot, 'disabled');
        return summaryOf(slot);
      }
      setState(slot, 'running');
      if (started && !slot.hooked && !(await hookStart(slot))) return summaryOf(slot);
      schedule(slot);
      return summaryOf(slot);
    },

    configure(
      p: { id: string; riskParameters?: Partial<SegmentRiskParameters> | undefined; promptTemplate?: string | undefined; schedule?: string | undefined },
      actor: string,
    ): SegmentSummary {
      const slot = slotOf(p.id);
      const row = rowOf(slot);
      const current = paramsOf(slot, row);
      const from: Record<string, unknown> = {};
      const to: Record<string, unknown> = {};
      const patch: { riskParameters?: SegmentRiskParameters; promptTemplate?: string; schedule?: string } = {};
      if (p.riskParameters !== undefined) {
        const merged = { ...current, ...Object.fromEntries(Object.entries(p.riskParameters).filter(([, v]) => v !== undefined)) };
        const parsed = SegmentRiskParametersSchema.safeParse(merged);
        if (!parsed.success) throw new EngineError(RPC_ERROR.invalidParams, `invalid risk parameters: ${truncate(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), 300)}`, parsed.error.issues);
        if (JSON.stringify(parsed.data) !== JSON.stringify(current)) {
          patch.riskParameters = parsed.data;
          from['riskParameters'] = current;
          to['riskParameters'] = parsed.data;
        }
      }
      if (p.promptTemplate !== undefined) {
        const template = p.promptTemplate.trim();
        if (template.length === 0 || template.length > 8_000) throw new EngineError(RPC_ERROR.invalidParams, 'the prompt template must be 1 to 8,000 characters');
        if (template !== row.promptTemplate) {
          patch.promptTemplate = template;
          from['promptTemplate'] = row.promptTemplate;
          to['promptTemplate'] = template;
        }
      }
      if (p.schedule !== undefined) {
        const schedule = validateSchedule(p.schedule);
        if (schedule !== row.schedule) {
          patch.schedule = schedule;
          from['schedule'] = row.schedule;
          to['schedule'] = schedule;
        }
      }
      if (Object.keys(patch).length === 0) return summaryOf(slot, row);
      const t = clock.now();
      db.transaction(() => {
        repo.updateConfig(p.id, patch, t);
        audit.append({ t, actor, action: 'segment.configure', entity: 'segment', entityId: p.id, data: { from, to } });
      })();
      slot.log.info({ actor, changed: Object.keys(patch), from, to }, 'segment configuration changed');
      if (patch.schedule !== undefined && slot.scheduler) schedule(slot);
      announce(slot, row.state);
      return summaryOf(slot);
    },

    run(id: string, trigger: SegmentRun['trigger'], actor: string): { jobId: string } {
      return startRun(slotOf(id), trigger, actor);
    },

    proposals(q: ProposalQuery): SegmentProposal[] {
      return repo.listProposals(q);
    },

    segmentOf,

    catalog(): SegmentCatalogEntry[] {
      return [...slots.values()].map((slot) => {
        const row = rowOf(slot);
        return { id: slot.seg.id, name: row.name, riskParameters: paramsOf(slot, row), universe: () => universeOf(slot).map((i) => i.symbol) };
      });
    },

    nextRuns(): { segmentId: string; at: number }[] {
      const out: { segmentId: string; at: number }[] = [];
      for (const slot of slots.values()) {
        const at = slot.scheduler?.nextRuns(1)[0]?.at;
        if (at !== undefined) out.push({ segmentId: slot.seg.id, at });
      }
      return out.sort((a, b) => a.at - b.at);
    },

    /** Resolves when no run is in flight (tests, shutdown). */
    async idle(): Promise<void> {
      for (;;) {
        const runs = [...slots.values()].flatMap((s) => (s.run ? [s.run.promise] : []));
        if (runs.length === 0) return;
        await Promise.all(runs);
      }
    },

    /** The job id of the segment's run in flight, or null. */
    runningJob(id: string): string | null {
      return slotOf(id).run?.jobId ?? null;
    },

    /** Polls the schedules now (tests; the engine polls on its interval). */
    poll(): Promise<void> {
      poll();
      return polling ?? Promise.resolve();
    },
  };
}

export type SegmentManager = ReturnType<typeof createSegmentManager>;
