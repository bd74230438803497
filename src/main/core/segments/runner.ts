/**
 * One segment run, stage by stage, each under an error boundary and a time limit:
 *
 *   gather → research → analyse → ground → propose
 *
 * - gather: the segment's own code (its data, its facts, its research candidates); a throw or a timeout fails the run.
 * - research: the research agent on at most five candidates, each with its own time limit; failures are logged and
 *   the run carries on without that analysis.
 * - analyse: the LLM through the gateway when one is configured; any refused answer (bad JSON, truncated, over
 *   budget, timed out, refused…) falls back to the segment's rules analyst and the run is 'degraded' with the
 *   reason. With no LLM the rules analyst answers. Either way the answer is recorded as a call (its trace).
 * - ground: every ticker and number checked against the data the prompt gave (llm/grounding); a rejection marks
 *   the call and is recorded as a rejected proposal with its reason.
 * - propose: holds recorded; buys paused by the drawdown limit; duplicates, symbols with an open card, and
 *   anything over the flood limit refused; the rest sized (sizing.ts) and sent through the card pipeline —
 *   origin 'segment', evidence = the decision's plus the research bullets with their sources. A card the
 *   pipeline refuses is a rejected proposal with its message.
 *
 * The runner never throws: it returns how the run ended. It holds no broker: `propose` is the only way out.
 */
import { randomUUID } from 'node:crypto';
import type { Instrument } from '../../../shared/contract/schemas';
import type { Evidence, EventAnalysis, SegmentBook, SegmentProposal, SegmentRiskParameters, SegmentRun, SegmentRunProgress } from '../../../shared/contract';
import { SegmentRiskParametersSchema } from '../../../shared/contract';
import type { Clock } from '../clock';
import type { SegmentRepo } from '../db/repositories/segment-repo';
import { groundDecisions, type GroundingOptions } from '../llm/grounding';
import { findInstructions } from '../llm/prompt-safety';
import type { LlmGateway } from '../llm/types';
import type { Logger } from '../log';
import type { CreateCardInput } from '../trading/trading-service';
import type { TradeCard } from '../../../shared/contract';
import { errorMessage, RunAbort, runBounded, StepTimeout, truncate, withLimit } from './context';
import { sizeDecision } from './sizing';
import {
  AnalystOutputSchema,
  type AnalystDecision,
  type AnalystOutput,
  type Segment,
  type SegmentContext,
  type SegmentData,
  type SegmentMarketView,
  type SegmentPrompt,
} from './types';

export const MAX_CANDIDATES = 5;
/** Decisions of one run read at all; beyond it a flood is only counted as rejected (one log line). */
export const MAX_RECORDED_DECISIONS = 100;
const MAX_THESIS = 4_000;
/** Evidence bullets a card holds, and the analyst's share of them (the research agent adds its own). */
const MAX_EVIDENCE = 50;
const MAX_ANALYST_EVIDENCE = 20;
/** Decisions grounded between two yields to the event loop, so a large answer does not stall other segments. */
const GROUND_CHUNK = 10;
const NEWS_LOOKBACK_MS = 7 * 86_400_000;

export interface RunLimits {
  /** Time limit of one stage (bounded by what is left of the run). */
  stageTimeoutMs: number;
  /** Time limit of one research call. */
  researchTimeoutMs: number;
  /** Hard cap on proposals per run, whatever the risk parameters say. */
  maxProposalsPerRun: number;
}

export interface RunEnv {
  segment: Segment;
  jobId: string;
  trigger: SegmentRun['trigger'];
  params: SegmentRiskParameters;
  promptTemplate: string;
  playbook: string;
  ctx: SegmentContext;
  /** The run's signal: aborted on timeout, cancel, disable or stop. */
  signal: AbortSignal;
  /** Wall-clock deadline of the run (performance.now() scale). */
  deadline: number;
  clock: Clock;
  log: Logger;
  repo: SegmentRepo;
  llm: LlmGateway;
  market: SegmentMarketView;
  book(): SegmentBook;
  /** The segment's universe among the market's instruments (cached per session by the manager). */
  universe: readonly Instrument[];
  research(symbol: string, signal: AbortSignal): Promise<EventAnalysis | null>;
  propose(input: CreateCardInput, actor: string): TradeCard;
  groundingOptions: Pick<GroundingOptions, 'priceTolerance' | 'limitBand'>;
  limits: RunLimits;
  progress(stage: SegmentRunProgress['stage'], progress: number, message: string): void;
  /** Called with the gathered data (the manager keeps the latest for segments.get). */
  onData(data: SegmentData, book: SegmentBook): void;
}

/** What the runner reports as it goes (read by the manager when the run is cut short). */
export interface RunTally {
  stage: SegmentRunProgress['stage'];
  analyst: 'rules' | 'llm';
  proposals: number;
  rejected: number;
}

export interface RunResult {
  outcome: Exclude<SegmentRun['outcome'], 'running'>;
  error: string | null;
}

type Stage = 'gather' | 'research' | 'analyse' | 'ground' | 'propose';

function remaining(env: RunEnv): number {
  return Math.max(0, env.deadline - performance.now());
}

/**
 * A stage's own limit when it is tighter than what is left of the run; otherwise a little past the run's deadline,
 * so the run's timer (which names the stage) is the one that fires.
 */
function stageLimit(env: RunEnv): number {
  const left = remaining(env);
  return env.limits.stageTimeoutMs < left ? env.limits.stageTimeoutMs : left + 250;
}

/** Runs a stage of segment code under the stage's limit. */
function stage<T>(env: RunEnv, tally: RunTally, name: Stage, fn: (signal: AbortSignal) => Promise<T> | T): Promise<T> {
  tally.stage = name;
  return withLimit(name, stageLimit(env), env.signal, fn);
}

/** Checks the data a segment's gather returned, enough that later stages cannot trip on its shape. */
function checkData(data: unknown): SegmentData {
  const d = data as SegmentData | null;
  if (!d || typeof d !== 'object') throw new Error('gather returned no data');
  if (!Number.isFinite(d.asOf)) throw new Error('gather returned data without a finite asOf');
  if (!Array.isArray(d.members)) throw new Error('gather returned data without members');
  if (!d.facts || typeof d.facts !== 'object' || typeof d.facts.symbols !== 'object' || d.facts.symbols === null) throw new Error('gather returned data without facts');
  if (!Array.isArray(d.facts.numbers)) d.facts.numbers = [];
  if (!Array.isArray(d.indicators)) d.indicators = [];
  if (!d.detail || typeof d.detail !== 'object') d.detail = {};
  const seen = new Set<string>();
  const candidates: string[] = [];
  for (const c of Array.isArray(d.candidates) ? d.candidates : []) {
    if (typeof c !== 'string') continue;
    const s = c.trim().toUpperCase();
    if (s.length === 0 || s.length > 16 || seen.has(s)) continue;
    seen.add(s);
    candidates.push(s);
    if (candidates.length >= MAX_CANDIDATES) break;
  }
  d.candidates = candidates;
  d.research = d.research && typeof d.research === 'object' ? d.research : {};
  return d;
}

/** The research stage: every candidate at once, each under its own limit; failures logged, never fatal. */
async function researchStage(env: RunEnv, tally: RunTally, data: SegmentData): Promise<void> {
  tally.stage = 'research';
  const symbols = data.candidates;
  if (symbols.length === 0) {
    env.progress('research', 1, 'no candidates to research');
    return;
  }
  let done = 0;
  env.progress('research', 0, `researching ${symbols.join(', ')}`);
  const limit = Math.min(env.limits.researchTimeoutMs, stageLimit(env));
  await Promise.all(
    symbols.map(async (symbol) => {
      try {
        const analysis = await withLimit(`research ${symbol}`, limit, env.signal, (signal) => env.research(symbol, signal), false);
        if (analysis) data.research[symbol] = analysis;
      } catch (error) {
        if (env.signal.aborted) return;
        env.log.warn({ symbol, err: errorMessage(error) }, 'research failed; carrying on without it');
      } finally {
        done++;
        env.progress('research', done / symbols.length, `researched ${done} of ${symbols.length}`);
      }
    }),
  );
  if (env.signal.aborted) throw env.signal.reason instanceof Error ? env.signal.reason : new RunAbort('cancelled', 'cancelled');
}

/**
 * Bounds an analyst's answer before anything reads it: at most MAX_RECORDED_DECISIONS decisions, theses cut to what
 * a card holds, evidence to 20 bullets of 500 characters. A flooding analyst costs the engine no more than that.
 */
export function trimOutput(output: AnalystOutput): { output: AnalystOutput; dropped: number } {
  const decisions = output.decisions.slice(0, MAX_RECORDED_DECISIONS).map((d) => ({
    ...d,
    symbol: truncate(d.symbol, 16),
    thesis: truncate(d.thesis, MAX_THESIS),
    evidence: d.evidence.slice(0, MAX_ANALYST_EVIDENCE).map((e) => ({ text: truncate(e.text, 500), source: truncate(e.source, 120) })),
  }));
  return { output: { summary: truncate(output.summary, MAX_THESIS), decisions }, dropped: Math.max(0, output.decisions.length - decisions.length) };
}

/** Cuts a raw answer's arrays to the bound before it is validated, so a flood is not even parsed whole. */
function boundRaw(raw: unknown): { value: unknown; total: number } {
  if (!raw || typeof raw !== 'object' || !Array.isArray((raw as AnalystOutput).decisions)) return { value: raw, total: 0 };
  const r = raw as { decisions: unknown[] };
  const decisions = r.decisions.slice(0, MAX_RECORDED_DECISIONS).map((d) => {
    const ev = d && typeof d === 'object' ? (d as { evidence?: unknown }).evidence : undefined;
    return Array.isArray(ev) ? { ...(d as Record<string, unknown>), evidence: ev.slice(0, MAX_ANALYST_EVIDENCE) } : d;
  });
  return { value: { ...r, decisions }, total: r.decisions.length };
}

interface Analysis {
  output: AnalystOutput;
  /** The recorded call (null only when recording the rules answer failed). */
  callId: string | null;
  analyst: 'rules' | 'llm';
  /** Why the LLM's answer was not used (the run is degraded), or null. */
  degraded: string | null;
  /** Decisions beyond the bound, refused unread (flood). */
  dropped: number;
}

/** The analyse stage: the LLM, or the rules analyst (default and fallback). */
async function analyseStage(env: RunEnv, tally: RunTally, book: SegmentBook, data: SegmentData): Promise<Analysis> {
  tally.stage = 'analyse';
  const { segment, params } = env;
  let prompt: SegmentPrompt | null = null;
  let promptError: string | null = null;
  try {
    const p = runBounded('buildPrompt', stageLimit(env), () => segment.buildPrompt(env.promptTemplate, book, data, params));
    if (typeof p?.system !== 'string' || typeof p.user !== 'string') throw new Error('buildPrompt returned no system/user text');
    prompt = p;
  } catch (error) {
    promptError = errorMessage(error);
    env.log.warn({ err: promptError }, 'buildPrompt failed');
  }

  let degraded: string | null = null;
  let provider = 'rules';
  try {
    provider = env.llm.provider();
  } catch (error) {
    env.log.warn({ err: errorMessage(error) }, 'LLM provider unknown; the rules analyst answers');
  }
  if (provider === 'openai-compatible') {
    if (prompt === null) degraded = `the prompt could not be built (${promptError}); rules analyst used`;
    else {
      env.progress('analyse', 0.1, 'asking the model');
      try {
        // Keep part of the time for the rules analyst, so a model that times out still leaves a fallback.
        const left = Math.min(env.limits.stageTimeoutMs, remaining(env));
        const answer = await withLimit('analyse', left - Math.min(2_000, left * 0.2), env.signal, (signal) =>
          env.llm.ask({
            purpose: 'segment',
            segmentId: segment.id,
            jobId: env.jobId,
            system: prompt!.system,
            user: prompt!.user,
            schemaName: 'segment_decisions',
            schema: AnalystOutputSchema,
            asOf: data.asOf,
            signal,
          }),
          false,
        );
        if (answer.ok) {
          tally.analyst = 'llm';
          env.progress('analyse', 1, `the model answered with ${answer.value.decisions.length} decision(s)`);
          return { ...trimOutput(answer.value), callId: answer.callId, analyst: 'llm', degraded: null };
        }
        degraded = `LLM ${answer.outcome}: ${truncate(answer.reason, 300)}; rules analyst used`;
      } catch (error) {
        if (env.signal.aborted) throw error;
        degraded = `LLM ${error instanceof StepTimeout ? 'timeout' : 'error'}: ${errorMessage(error)}; rules analyst used`;
      }
    }
    env.log.warn({ reason: degraded }, 'falling back to the rules analyst');
  }

  env.progress('analyse', 0.5, degraded ? 'rules analyst (fallback)' : 'rules analyst');
  // The rules analyst is the segment's code too: same boundary, what is left of the stage's time.
  const raw = await withLimit('rules analyst', stageLimit(env), env.signal, () => segment.rules(book, data, params));
  const bounded = boundRaw(raw);
  const parsed = AnalystOutputSchema.safeParse(bounded.value);
  if (!parsed.success) throw new Error(`the rules analyst's answer does not fit the output schema: ${truncate(parsed.error.message, 300)}`);
  const { output } = trimOutput(parsed.data);
  const dropped = Math.max(0, bounded.total - output.decisions.length);
  let callId: string | null = null;
  try {
    callId = env.llm.recordRules({
      purpose: 'segment',
      segmentId: segment.id,
      jobId: env.jobId,
      system: prompt?.system ?? `(${segment.id}: rules analyst; no prompt: ${promptError ?? 'not built'})`,
      user: prompt?.user ?? '(none)',
      asOf: data.asOf,
      response: JSON.stringify(output),
    });
  } catch (error) {
    env.log.warn({ err: errorMessage(error) }, 'the rules answer could not be recorded; its proposals carry no trace');
  }
  tally.analyst = 'rules';
  env.progress('analyse', 1, `rules analyst: ${bounded.total} decision(s)`);
  return { output, callId, analyst: 'rules', degraded, dropped };
}

/** Titles and bodies of the news items behind the decisions that carry instructions (grounding's tainted list). */
function taintedTexts(env: RunEnv, data: SegmentData, output: AnalystOutput): string[] {
  const symbols = new Set<string>(data.candidates);
  for (const d of output.decisions.slice(0, MAX_RECORDED_DECISIONS)) {
    const s = d.symbol.trim().toUpperCase();
    if (s in data.facts.symbols) symbols.add(s);
  }
  const out: string[] = [];
  for (const symbol of symbols) {
    let items: ReturnType<SegmentMarketView['news']>;
    try {
      items = env.market.news(symbol, data.asOf - NEWS_LOOKBACK_MS, 20);
    } catch (error) {
      env.log.warn({ symbol, err: errorMessage(error) }, 'news for the taint check failed');
      continue;
    }
    for (const item of items) {
      if (findInstructions(`${item.title}\n${item.body}`).length === 0) continue;
      out.push(item.title, item.body);
    }
  }
  return out.filter((t) => typeof t === 'string' && t.trim().length > 0);
}

/** The decision's evidence plus the research agent's bullets and sources, bounded to what a thesis holds. */
function evidenceOf(d: AnalystDecision, research: EventAnalysis | undefined): Evidence[] {
  const out: Evidence[] = [];
  const add = (e: Evidence): void => {
    const text = truncate(e.text.trim(), 500);
    const source = truncate(e.source.trim(), 120);
    if (text.length === 0 || source.length === 0 || out.length >= MAX_EVIDENCE) return;
    out.push({ ...e, text, source });
  };
  for (const e of d.evidence) add({ text: e.text, source: e.source || 'analyst' });
  if (research) {
    const src = `research agent (${research.analyst})`;
    const at = (t: number): { t?: number } => (Number.isFinite(t) && t >= 0 ? { t: Math.floor(t) } : {});
    for (const bullet of research.summary) add({ text: bullet, source: src, ...at(research.asOf) });
    for (const s of research.sources) add({ text: s.title, source: s.source, ...at(s.t), ...(s.url && s.url.length <= 2_000 ? { url: s.url } : {}) });
  }
  return out;
}

/** The sleeve's drawdown and whether buys are paused, from the segment's risk model (a plain fallback if it fails). */
function drawdownOf(env: RunEnv, book: SegmentBook, data: SegmentData): { drawdown: number; buysPaused: boolean } {
  try {
    const risk = runBounded('risk model', stageLimit(env), () => env.segment.risk(book, data, env.params));
    if (Number.isFinite(risk.drawdown)) {
      const drawdown = risk.drawdown;
      return { drawdown, buysPaused: risk.buysPaused === true || Math.abs(drawdown) > env.params.maxDrawdown };
    }
  } catch (error) {
    env.log.warn({ err: errorMessage(error) }, 'risk model failed; drawdown from equity against capital');
  }
  const drawdown = book.capital > 0 ? Math.min(0, book.equity / book.capital - 1) : 0;
  return { drawdown, buysPaused: Math.abs(drawdown) > env.params.maxDrawdown };
}

export async function executeRun(env: RunEnv, tally: RunTally): Promise<RunResult> {
  const { segment, log } = env;
  const proposals: SegmentProposal[] = [];
  let dropped = 0;
  try {
    // gather
    env.progress('gather', 0, 'gathering data');
    const book = await stage(env, tally, 'gather', () => env.book());
    const data = checkData(await stage(env, tally, 'gather', () => segment.gather(env.ctx, book, env.universe)));
    env.onData(data, book);
    env.progress('gather', 1, `${data.members.length} members, ${data.candidates.length} candidates`);

    // research
    await researchStage(env, tally, data);

    // analyse
    const analysis = await analyseStage(env, tally, book, data);
    if (env.signal.aborted) throw env.signal.reason;
    if (analysis.dropped > 0) {
      tally.rejected += analysis.dropped;
      log.warn({ dropped: analysis.dropped, kept: analysis.output.decisions.length }, 'flood: decisions beyond the bound refused unread');
    }

    // ground
    tally.stage = 'ground';
    env.progress('ground', 0, `checking ${analysis.output.decisions.length} decision(s) against the data`);
    const groundOpts = {
      ...env.groundingOptions,
      tainted: taintedTexts(env, data, analysis.output),
      knownSymbols: new Set(env.market.instruments().map((i) => i.symbol)),
      givenSymbols: data.members.map((m) => m.symbol),
    };
    // Grounding is per decision: chunks with a yield between them keep the event loop turning for other segments.
    const accepted: AnalystDecision[] = [];
    const rejected: { decision: AnalystDecision; reason: string }[] = [];
    const all = analysis.output.decisions;
    for (let i = 0; i < all.length; i += GROUND_CHUNK) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (env.signal.aborted) throw env.signal.reason;
      const r = groundDecisions({ summary: analysis.output.summary, decisions: all.slice(i, i + GROUND_CHUNK) }, data.facts, groundOpts);
      accepted.push(...r.accepted);
      rejected.push(...r.rejected);
    }
    const t = env.clock.now();
    const base = (d: AnalystDecision): Omit<SegmentProposal, 'outcome' | 'reason' | 'cardId' | 'quantity' | 'limitPrice' | 'stopPrice' | 'evidence'> => ({
      id: randomUUID(),
      segmentId: segment.id,
      jobId: env.jobId,
      createdAt: t,
      symbol: truncate(String(d.symbol).trim().toUpperCase(), 16),
      action: d.action,
      thesis: truncate(d.thesis, MAX_THESIS),
      confidence: Number.isFinite(d.confidence) ? Math.min(1, Math.max(0, d.confidence)) : 0,
      llmCallId: analysis.callId,
      analyst: analysis.analyst,
    });
    const record = (p: SegmentProposal): void => {
      if (p.outcome === 'rejected') tally.rejected++;
      if (proposals.length >= MAX_RECORDED_DECISIONS) {
        dropped++;
        return;
      }
      proposals.push(p);
    };
    for (const r of rejected) {
      record({ ...base(r.decision), quantity: null, limitPrice: r.decision.limitPrice, stopPrice: r.decision.stopPrice, evidence: evidenceOf(r.decision, undefined), outcome: 'rejected', reason: truncate(`grounding: ${r.reason}`, 500), cardId: null });
    }
    if (rejected.length > 0) {
      const reasons = rejected.slice(0, 3).map((r) => `${r.decision.symbol}: ${r.reason}`);
      log.warn({ rejected: rejected.length, reasons }, 'decisions failed grounding');
      try {
        if (analysis.callId !== null) env.llm.markRejected(analysis.callId, truncate(`${rejected.length} decision(s) failed grounding — ${reasons.join('; ')}`, 1_000));
      } catch (error) {
        log.warn({ err: errorMessage(error) }, 'could not mark the call rejected');
      }
    }
    env.progress('ground', 1, `${accepted.length} grounded, ${rejected.length} rejected`);
    if (env.signal.aborted) throw env.signal.reason;

    // propose (synchronous from here: a timeout cannot land between a card and its record)
    tally.stage = 'propose';
    const cap = Math.max(0, Math.min(env.params.maxProposalsPerRun, env.limits.maxProposalsPerRun));
    const open = env.repo.openCardSymbols(segment.id);
    const seen = new Set<string>();
    const risk = drawdownOf(env, book, data);
    let attempts = 0;
    const byMember = new Map(data.members.map((m) => [m.symbol, m]));
    for (const [i, d] of accepted.entries()) {
      if (env.signal.aborted) throw env.signal.reason;
      const symbol = d.symbol.trim().toUpperCase();
      const evidence = evidenceOf(d, data.research[symbol]);
      const row = { ...base(d), symbol, evidence, limitPrice: d.limitPrice, stopPrice: d.stopPrice, quantity: null as number | null, cardId: null as string | null };
      const reject = (reason: string): void => record({ ...row, outcome: 'rejected', reason: truncate(reason, 500) });
      if (d.action === 'hold') {
        record({ ...row, outcome: 'hold', reason: null });
        continue;
      }
      if (seen.has(symbol)) {
        reject(`duplicate: ${symbol} was already decided in this run`);
        continue;
      }
      seen.add(symbol);
      if (open.has(symbol)) {
        reject(`an open ${segment.id} card for ${symbol} already exists`);
        continue;
      }
      if (attempts >= cap) {
        reject(`flood limit: at most ${cap} proposals per run`);
        continue;
      }
      const fact = data.facts.symbols[symbol];
      const member = byMember.get(symbol);
      const sized = sizeDecision({
        decision: { ...d, symbol },
        book,
        params: env.params,
        last: member?.last ?? fact?.last ?? Number.NaN,
        atr: member?.atr ?? null,
        drawdown: risk.drawdown,
        buysPaused: risk.buysPaused,
      });
      if (!sized.ok) {
        reject(sized.reason);
        continue;
      }
      attempts++;
      const o = sized.order;
      row.quantity = o.quantity;
      row.limitPrice = o.limitPrice ?? null;
      row.stopPrice = o.stop;
      const input: CreateCardInput = {
        symbol,
        side: o.side,
        quantity: o.quantity,
        orderType: o.orderType,
        ...(o.limitPrice !== undefined ? { limitPrice: o.limitPrice } : {}),
        ...(o.takeProfitPrice !== undefined ? { takeProfitPrice: o.takeProfitPrice } : {}),
        ...(o.stopLossPrice !== undefined ? { stopLossPrice: o.stopLossPrice } : {}),
        timeInForce: 'day',
        playbook: env.playbook,
        origin: 'segment',
        originId: segment.id,
        thesis: { text: row.thesis, evidence },
        stages: { ingest: data.asOf, feature: data.asOf, signal: env.clock.now() },
      };
      try {
        const card = env.propose(input, `segment:${segment.id}`);
        open.add(symbol);
        // A card the guardrails block is still a card (its page tells why); the run counts it as refused.
        if (card.status === 'blocked') tally.rejected++;
        else tally.proposals++;
        record({ ...row, outcome: 'carded', reason: card.status === 'blocked' ? truncate(`blocked by guardrails: ${card.statusReason ?? ''}`, 500) : null, cardId: card.id });
      } catch (error) {
        log.warn({ symbol, err: errorMessage(error) }, 'the card pipeline refused a proposal');
        reject(`card refused: ${errorMessage(error)}`);
      }
      env.progress('propose', (i + 1) / accepted.length, `${tally.proposals} card(s) proposed`);
    }
    if (dropped > 0) log.warn({ dropped }, 'flood: decisions beyond the recorded maximum were counted, not stored');
    env.repo.insertProposals(proposals);
    proposals.length = 0;
    env.progress('propose', 1, `${tally.proposals} card(s), ${tally.rejected} rejected`);
    tally.stage = 'done';
    return { outcome: analysis.degraded ? 'degraded' : 'ok', error: analysis.degraded };
  } catch (error) {
    // What was decided before the failure is still recorded (the cards it made exist).
    try {
      env.repo.insertProposals(proposals);
    } catch (e) {
      log.error({ err: errorMessage(e) }, 'could not record proposals');
    }
    if (error instanceof RunAbort) return { outcome: error.kind === 'timeout' ? 'timeout' : 'cancelled', error: error.message };
    if (error instanceof StepTimeout) return { outcome: 'timeout', error: `${error.message} (stage ${tally.stage})` };
    const message = errorMessage(error);
    log.warn({ stage: tally.stage, err: message }, 'segment run failed');
    return { outcome: 'failed', error: `${tally.stage}: ${message}` };
  }
}

/** Validated risk parameters of a row, or the segment's defaults when the stored JSON is damaged. */
export function riskParametersOf(stored: unknown, defaults: SegmentRiskParameters, log: Logger): SegmentRiskParameters {
  const parsed = SegmentRiskParametersSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  log.warn({ issues: parsed.error.issues.length }, 'stored risk parameters are invalid; using the defaults');
  return defaults;
}
