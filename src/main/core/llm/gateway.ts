/**
 * The LLM gateway: what segments and the research agent call. It wraps an LlmClient in the governor —
 *
 *   cache (sha256 of model, prompts, schema name and as-of time; a hit costs 0 tokens) → daily budget (refused
 *   before calling when today's remainder cannot cover the prompt estimate + the completion cap) → attempts with
 *   a time limit each, retried with exponential backoff + jitter on timeouts, 429, 5xx and network errors →
 *   JSON.parse → the request's zod schema → cost (tokens × configured $/M)
 *
 * and records EVERY call in llm_calls (failures, cache hits and rules-analyst answers included) and emits it as
 * `llm.callCompleted`. A model's misbehaviour never throws: it is an answer with ok=false and a reason.
 *
 * configure() stores the settings under 'llm.config' and the API key in the SecretStore; the key is never
 * written to the database, a log line, an event or a result (status says only whether one is set and where).
 */
import { randomUUID } from 'node:crypto';
import { EngineError, RPC_ERROR, type LlmCall, type LlmCallDetail, type LlmOutcome, type LlmStatus, type LlmUsage, type Params } from '../../../shared/contract';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import { createLlmRepo, type LlmCallRecord } from '../db/repositories/llm-repo';
import type { SettingsRepo } from '../db/repositories/settings-repo';
import type { EventBus } from '../events/bus';
import type { Logger } from '../log';
import { LLM_CONFIG_KEY, StoredLlmConfigSchema, resolveConfig, type LlmConfig, type StoredLlmConfig } from './config';
import { backoffMs, cacheKey, callCost, checkBudget, estimateTokens, nyDay, percentile } from './governor';
import { parseStructured, toStrictJsonSchema, type JsonSchema } from './json-schema';
import { createOpenAiClient, isOpenAiHost } from './openai-client';
import { apiKeyFromEnv } from './secret-store';
import {
  LLM_API_KEY_SECRET,
  LlmClientError,
  type ApiKeySource,
  type DescribedSecretStore,
  type LlmAnswer,
  type LlmClient,
  type LlmCompletion,
  type LlmGateway,
  type LlmRequest,
  type SecretStore,
} from './types';

export type LlmConfigureParams = Params<'llm.configure'>;
export type LlmUsageParams = Params<'llm.usage'>;

export interface LlmGatewayService extends LlmGateway {
  configure(p: LlmConfigureParams): LlmStatus;
  usage(p: LlmUsageParams): LlmUsage;
}

export interface LlmGatewayDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  settings: SettingsRepo;
  secrets: SecretStore;
  /** Environment for KESTREL_LLM_* (default process.env). */
  env?: Record<string, string | undefined> | undefined;
  /** Client factory (tests inject one; default: the openai package). */
  createClient?: ((cfg: { baseUrl: string; apiKey: string | null }) => LlmClient) | undefined;
  /** Wait between retries (tests inject a tiny one). */
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Monotonic wall milliseconds for latency (not the engine clock, which may run simulated). */
  monotonic?: (() => number) | undefined;
  random?: (() => number) | undefined;
}

const CACHE_TTL_MS = 7 * 86_400_000;
const USAGE_DEFAULT_DAYS = 30;
type FailOutcome = Exclude<LlmOutcome, 'ok' | 'cached' | 'rules'>;

export function createLlmGateway(deps: LlmGatewayDeps): LlmGatewayService {
  const repo = createLlmRepo(deps.db);
  const env = deps.env ?? process.env;
  const makeClient = deps.createClient ?? ((cfg) => createOpenAiClient(cfg));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const monotonic = deps.monotonic ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const log = deps.log.child({ mod: 'llm' });
  const schemaCache = new WeakMap<object, JsonSchema>();
  let client: { id: string; client: LlmClient } | null = null;
  /** Tokens calls in flight may still spend (prompt estimate + cap), so parallel calls cannot overshoot together. */
  let reserved = 0;
  let lastPrune = Number.NEGATIVE_INFINITY;

  function stored(): StoredLlmConfig {
    const raw = deps.settings.get<unknown>(LLM_CONFIG_KEY);
    if (raw === undefined) return {};
    const parsed = StoredLlmConfigSchema.safeParse(raw);
    if (parsed.success) return parsed.data;
    log.warn({ issues: parsed.error.issues.length }, 'stored LLM settings are invalid; using defaults');
    return {};
  }

  function config(): LlmConfig {
    return resolveConfig(stored(), env);
  }

  function apiKey(): { key: string | null; source: ApiKeySource } {
    const described = 'sourceOf' in deps.secrets && typeof deps.secrets.sourceOf === 'function' ? (deps.secrets as DescribedSecretStore) : null;
    const key = deps.secrets.get(LLM_API_KEY_SECRET);
    if (key) {
      const source = described?.sourceOf(LLM_API_KEY_SECRET) ?? deps.secrets.kind;
      return { key, source: source === 'none' ? deps.secrets.kind : source };
    }
    // Both stores of this layer read the environment themselves (and honour a key forgotten at run time); a
    // plain SecretStore gets the environment as its fallback here.
    if (!described) {
      const fromEnv = apiKeyFromEnv(env);
      if (fromEnv) return { key: fromEnv, source: 'env' };
    }
    return { key: null, source: 'none' };
  }

  /** Why the rules analyst answers although a model is configured (null when the model is usable). */
  function unusable(cfg: LlmConfig, key: string | null): string | null {
    if (cfg.provider === 'rules') return cfg.from === 'settings' ? 'rules analyst selected in the LLM settings' : 'no LLM configured: the rules analyst answers';
    if (key === null && isOpenAiHost(cfg.baseUrl)) return `no API key for ${cfg.baseUrl}: set one in the LLM settings or KESTREL_LLM_API_KEY`;
    return null;
  }

  function getClient(cfg: LlmConfig, key: string | null): LlmClient {
    const id = `${cfg.baseUrl}\u0000${key ?? ''}`;
    if (client?.id !== id) client = { id, client: makeClient({ baseUrl: cfg.baseUrl, apiKey: key }) };
    return client.client;
  }

  function jsonSchemaOf(schema: object): JsonSchema {
    let s = schemaCache.get(schema);
    if (!s) schemaCache.set(schema, (s = toStrictJsonSchema(schema as Parameters<typeof toStrictJsonSchema>[0])));
    return s;
  }

  function record(rec: Omit<LlmCallRecord, 'id' | 't'>): LlmCall {
    const full: LlmCallRecord = { ...rec, id: randomUUID(), t: deps.clock.now() };
    repo.insertCall(full);
    const call: LlmCall = {
      id: full.id,
      t: full.t,
      purpose: full.purpose,
      segmentId: full.segmentId,
      symbol: full.symbol,
      jobId: full.jobId,
      provider: full.provider,
      model: full.model,
      promptTokens: full.promptTokens,
      completionTokens: full.completionTokens,
      latencyMs: full.latencyMs,
      costUsd: full.costUsd,
      outcome: full.outcome,
      reason: full.reason,
      attempts: full.attempts,
      asOf: full.asOf,
    };
    log.info(
      { callId: call.id, purpose: call.purpose, segment: call.segmentId, symbol: call.symbol, outcome: call.outcome, tokens: call.promptTokens + call.completionTokens, ms: Math.round(call.latencyMs), attempts: call.attempts },
      call.reason ? `llm call ${call.outcome}: ${call.reason}` : `llm call ${call.outcome}`,
    );
    deps.bus.emit('llm.callCompleted', call);
    return call;
  }

  function tokensToday(): { tokens: number; costUsd: number; calls: number } {
    const day = nyDay(deps.clock.now());
    return repo.totals(day.start, day.end);
  }

  function status(): LlmStatus {
    const cfg = config();
    const key = apiKey();
    const note = unusable(cfg, key.key);
    const today = tokensToday();
    const usesModel = note === null;
    return {
      provider: usesModel ? 'openai-compatible' : 'rules',
      model: usesModel ? cfg.model : 'rules',
      baseUrl: usesModel ? cfg.baseUrl : null,
      budget: cfg.limits.dailyTokens,
      used: today.tokens,
      limits: { ...cfg.limits },
      costToday: today.costUsd,
      callsToday: today.calls,
      apiKey: { set: key.key !== null, source: key.source },
      temperature: cfg.temperature,
      note,
    };
  }

  /** What every recorded call keeps of its request (who asked, for what, and the prompt). */
  function requestFields(req: Pick<LlmRequest<unknown>, 'purpose' | 'segmentId' | 'symbol' | 'jobId' | 'asOf' | 'system' | 'user'>) {
    return {
      purpose: req.purpose,
      segmentId: req.segmentId ?? null,
      symbol: req.symbol ?? null,
      jobId: req.jobId ?? null,
      asOf: req.asOf,
      system: req.system,
      user: req.user,
    };
  }

  async function ask<T>(req: LlmRequest<T>): Promise<LlmAnswer<T>> {
    const cfg = config();
    const key = apiKey();
    const base = requestFields(req);
    const fail = (outcome: FailOutcome, reason: string, extra: Partial<LlmCallRecord> = {}): LlmAnswer<T> => {
      const call = record({
        ...base,
        provider: cfg.provider,
        model: cfg.model,
        cacheKey: null,
        response: null,
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
        costUsd: 0,
        attempts: 0,
        ...extra,
        outcome,
        reason,
      });
      return { ok: false, callId: call.id, outcome, reason };
    };

    const why = unusable(cfg, key.key);
    if (why !== null) return fail('http_error', why, { provider: 'rules', model: 'rules' });

    let jsonSchema: JsonSchema;
    try {
      jsonSchema = jsonSchemaOf(req.schema);
    } catch (error) {
      return fail('schema_mismatch', `the answer schema cannot be sent to a model: ${(error as Error).message}`);
    }

    const maxTokens = Math.max(1, Math.min(req.maxTokens ?? cfg.limits.perCallMaxTokens, cfg.limits.perCallMaxTokens));
    const key256 = cacheKey({ model: cfg.model, system: req.system, user: req.user, schemaName: req.schemaName, asOf: req.asOf });

    // 1. Cache: the same prompt over the same data answers again for free (unless the caller asks afresh; the new
    // answer then replaces the cached one).
    const hit = req.noCache ? null : repo.cacheGet(key256);
    if (hit) {
      const parsed = safeJson(hit.response);
      const valid = parsed.ok ? parseStructured(req.schema, parsed.value) : null;
      if (valid?.ok) {
        const call = record({ ...base, provider: 'openai-compatible', model: hit.model, cacheKey: key256, response: hit.response, promptTokens: 0, completionTokens: 0, latencyMs: 0, costUsd: 0, outcome: 'cached', reason: null, attempts: 0 });
        return { ok: true, value: valid.value, callId: call.id, outcome: 'cached', raw: hit.response };
      }
      repo.cacheDelete(key256); // written under an older schema: ask again
    }

    // 2. Budget, before any request.
    const promptEstimate = estimateTokens(req.system, req.user);
    const today = tokensToday();
    const budget = checkBudget({ dailyTokens: cfg.limits.dailyTokens, used: today.tokens, reserved, promptEstimate, maxTokens });
    if (!budget.ok) return fail('budget_exceeded', budget.reason, { provider: 'openai-compatible', cacheKey: key256 });

    // 3. Attempts.
    const llm = getClient(cfg, key.key);
    const started = monotonic();
    let attempts = 0;
    let completion: LlmCompletion | null = null;
    let lastError: LlmClientError | null = null;
    reserved += budget.needed;
    try {
      for (let attempt = 1; attempt <= 1 + cfg.limits.maxRetries; attempt++) {
        if (req.signal?.aborted) {
          lastError = new LlmClientError('aborted', 'cancelled by the caller', false);
          break;
        }
        attempts = attempt;
        try {
          completion = await llm.complete({
            model: cfg.model,
            system: req.system,
            user: req.user,
            schemaName: req.schemaName,
            jsonSchema,
            maxTokens,
            temperature: cfg.temperature,
            timeoutMs: cfg.limits.timeoutMs,
            signal: req.signal,
          });
          lastError = null;
          break;
        } catch (error) {
          lastError = error instanceof LlmClientError ? error : new LlmClientError('network', error instanceof Error ? error.message : String(error), true);
          if (!lastError.retryable || attempt > cfg.limits.maxRetries || req.signal?.aborted) break;
          const wait = backoffMs(attempt, random);
          log.debug({ attempt, wait, error: lastError.message }, 'llm attempt failed; retrying');
          await sleep(wait);
        }
      }
    } finally {
      reserved -= budget.needed;
    }
    const latencyMs = monotonic() - started;
    const common = { provider: 'openai-compatible' as const, cacheKey: key256, attempts, latencyMs };

    if (!completion) {
      const err = lastError ?? new LlmClientError('network', 'no answer', true);
      const outcome: FailOutcome = err.kind === 'timeout' || err.kind === 'aborted' ? 'timeout' : 'http_error';
      const tries = attempts === 0 ? 'before any attempt' : attempts === 1 ? '1 attempt' : `${attempts} attempts`;
      return fail(outcome, `${err.kind === 'aborted' ? 'cancelled' : err.message} (${tries})`, common);
    }

    const spent = {
      ...common,
      model: completion.model || cfg.model,
      promptTokens: completion.promptTokens,
      completionTokens: completion.completionTokens,
      costUsd: callCost(completion.promptTokens, completion.completionTokens, cfg.limits),
      response: completion.content ?? completion.refusal,
    };
    if (completion.refusal !== null) return fail('refused', `the model refused: ${clip(completion.refusal)}`, spent);
    if (completion.finishReason === 'content_filter') return fail('refused', 'the answer was stopped by the content filter', spent);
    if (completion.finishReason === 'length') return fail('truncated', `the answer was cut at the ${maxTokens}-token cap (finish_reason length)`, spent);
    if (completion.content === null || completion.content.trim() === '') return fail('invalid_json', 'empty answer', spent);
    const parsed = safeJson(completion.content);
    if (!parsed.ok) return fail('invalid_json', `not JSON: ${parsed.error}`, spent);
    const valid = parseStructured(req.schema, parsed.value);
    if (!valid.ok) return fail('schema_mismatch', `does not match ${req.schemaName}: ${valid.reason}`, spent);

    const now = deps.clock.now();
    repo.cachePut({ key: key256, createdAt: now, model: spent.model, response: completion.content, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens });
    if (now - lastPrune > 3_600_000) {
      lastPrune = now;
      repo.cachePrune(now - CACHE_TTL_MS);
    }
    const call = record({ ...base, ...spent, response: completion.content, outcome: 'ok', reason: null });
    return { ok: true, value: valid.value, callId: call.id, outcome: 'ok', raw: completion.content };
  }

  function configure(p: LlmConfigureParams): LlmStatus {
    const now = deps.clock.now();
    if (p.apiKey !== undefined) {
      try {
        deps.secrets.set(LLM_API_KEY_SECRET, p.apiKey);
      } catch (error) {
        throw new EngineError(RPC_ERROR.internal, `could not keep the API key: ${(error as Error).message}`);
      }
    }
    const prev = stored();
    const limits = { ...(prev.limits ?? {}) };
    for (const k of ['dailyTokens', 'perCallMaxTokens', 'timeoutMs', 'maxRetries', 'inputCostPerMTok', 'outputCostPerMTok'] as const) {
      if (p[k] !== undefined) limits[k] = p[k];
    }
    const next: StoredLlmConfig = {
      ...prev,
      ...(p.provider !== undefined ? { provider: p.provider } : {}),
      ...(p.baseUrl !== undefined ? { baseUrl: p.baseUrl.replace(/\/+$/, '') } : {}),
      ...(p.model !== undefined ? { model: p.model } : {}),
      ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
      ...(Object.keys(limits).length > 0 ? { limits } : {}),
    };
    deps.settings.set(LLM_CONFIG_KEY, next, now);
    client = null;
    const s = status();
    log.info({ provider: s.provider, baseUrl: s.baseUrl, model: s.model, apiKeyChanged: p.apiKey !== undefined, apiKeySource: s.apiKey.source }, 'llm settings changed');
    return s;
  }

  function usage(p: LlmUsageParams): LlmUsage {
    const now = deps.clock.now();
    const to = p.to ?? now;
    const from = p.from ?? nyDay(now - (USAGE_DEFAULT_DAYS - 1) * 86_400_000).start;
    const rows = repo.figures(from, to, p.segmentId);
    const totals = { calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 };
    const byOutcome: Record<string, number> = {};
    const bySegment = new Map<string, typeof totals>();
    const byDay = new Map<string, typeof totals>();
    const latencies: number[] = [];
    const add = (t: typeof totals, r: (typeof rows)[number]): void => {
      t.calls += 1;
      t.promptTokens += r.promptTokens;
      t.completionTokens += r.completionTokens;
      t.costUsd += r.costUsd;
    };
    const zero = (): typeof totals => ({ calls: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 });
    for (const r of rows) {
      add(totals, r);
      byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
      const seg = r.segmentId ?? 'none';
      if (!bySegment.has(seg)) bySegment.set(seg, zero());
      add(bySegment.get(seg)!, r);
      const date = nyDay(r.t).date;
      if (!byDay.has(date)) byDay.set(date, zero());
      add(byDay.get(date)!, r);
      if (r.attempts > 0 && r.outcome !== 'cached' && r.outcome !== 'rules' && r.outcome !== 'budget_exceeded') latencies.push(r.latencyMs);
    }
    const approved = repo.approvedCardCost(from, to, p.segmentId);
    return {
      from,
      to,
      totals,
      byOutcome,
      bySegment: [...bySegment].map(([segmentId, t]) => ({ segmentId, ...t })).sort((a, b) => b.costUsd - a.costUsd || b.calls - a.calls || a.segmentId.localeCompare(b.segmentId)),
      byDay: [...byDay].map(([date, t]) => ({ date, ...t })).sort((a, b) => a.date.localeCompare(b.date)),
      perApprovedCard: { approvedCards: approved.cards, costUsd: approved.costUsd, costPerCard: approved.cards > 0 ? approved.costUsd / approved.cards : null },
      latency: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) },
      recent: repo.recent({ limit: p.limit, from, to, segmentId: p.segmentId }),
    };
  }

  return {
    provider: () => (unusable(config(), apiKey().key) === null ? 'openai-compatible' : 'rules'),
    ask,
    recordRules(req) {
      const call = record({
        ...requestFields(req),
        response: req.response,
        provider: 'rules',
        model: 'rules',
        cacheKey: null,
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
        costUsd: 0,
        outcome: 'rules',
        reason: null,
        attempts: 0,
      });
      return call.id;
    },
    markRejected(callId, reason) {
      const call = repo.setOutcome(callId, 'grounding_failed', reason);
      if (!call) return;
      log.info({ callId, segment: call.segmentId }, `llm answer rejected by grounding: ${reason}`);
      // the same call again with its final outcome: views replace the row by id (the totals are unchanged)
      deps.bus.emit('llm.callCompleted', call);
    },
    status,
    call: (id: string): LlmCallDetail | null => repo.call(id),
    costOf: (ids) => repo.costOf(ids),
    recent: (limit) => repo.recent({ limit }),
    configure,
    usage,
  };
}

/**
 * JSON.parse of an answer. A body wrapped in a Markdown code fence (servers that ignore response_format, such as
 * older llama.cpp forks, often answer that way) is unwrapped first; nothing else is repaired.
 */
function safeJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  try {
    return { ok: true, value: JSON.parse(fenced ? fenced[1]! : text) as unknown };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

function clip(s: string, n = 300): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
