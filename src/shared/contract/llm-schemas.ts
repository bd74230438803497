/**
 * Schemas of the LLM layer: the provider settings, the governor's budget, every recorded call (the trace a card
 * links to) and the usage report. The API key itself never crosses the contract in a result: only whether one
 * is set and where it is kept.
 */
import { z } from 'zod';

export const LLM_PROVIDERS = ['rules', 'openai-compatible'] as const;
export const LlmProviderSchema = z.enum(LLM_PROVIDERS);
export type LlmProvider = z.infer<typeof LlmProviderSchema>;

/** What a call was for. */
export const LLM_PURPOSES = ['segment', 'research'] as const;
export const LlmPurposeSchema = z.enum(LLM_PURPOSES);

/**
 * How a call ended. `ok`: a valid, grounded answer; `cached`: served from the cache (no tokens spent);
 * `rules`: answered by the deterministic rules analyst (no LLM configured, or the fallback after a failure).
 * Every other outcome is a failure whose reason is recorded; it never turns into an order.
 */
export const LLM_OUTCOMES = [
  'ok',
  'cached',
  'rules',
  'invalid_json',
  'schema_mismatch',
  'truncated',
  'refused',
  'timeout',
  'http_error',
  'budget_exceeded',
  'grounding_failed',
] as const;
export const LlmOutcomeSchema = z.enum(LLM_OUTCOMES);
export type LlmOutcome = z.infer<typeof LlmOutcomeSchema>;

export const LlmBudgetSchema = z.object({
  /** Tokens (prompt + completion) a day may spend, New York calendar day. */
  dailyTokens: z.number().int().min(0),
  /** Largest completion a single call may ask for (max_tokens). */
  perCallMaxTokens: z.number().int().min(1),
  /** Wall-clock limit of one attempt, ms. */
  timeoutMs: z.number().int().min(100),
  /** Retries after a timeout, a 429 or a 5xx, with exponential backoff. */
  maxRetries: z.number().int().min(0).max(5),
  /** Prices in US dollars per million tokens (0 for a local model). */
  inputCostPerMTok: z.number().min(0),
  outputCostPerMTok: z.number().min(0),
});
export type LlmBudget = z.infer<typeof LlmBudgetSchema>;

export const LlmStatusSchema = z.object({
  provider: LlmProviderSchema,
  model: z.string(),
  /** OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp…); null with the rules analyst. */
  baseUrl: z.string().nullable(),
  /** Daily token budget. */
  budget: z.number().int(),
  /** Tokens used today. */
  used: z.number().int(),
  limits: LlmBudgetSchema,
  costToday: z.number(),
  callsToday: z.number().int(),
  apiKey: z.object({
    set: z.boolean(),
    /** Where the key lives: Electron safeStorage (desktop), the environment (browser mode), or only in memory. */
    source: z.enum(['safeStorage', 'env', 'memory', 'none']),
  }),
  temperature: z.number(),
  /** Why the rules analyst is answering, when it is. */
  note: z.string().nullable(),
});
export type LlmStatus = z.infer<typeof LlmStatusSchema>;

export const LlmConfigureParamsSchema = z
  .object({
    provider: LlmProviderSchema.optional(),
    baseUrl: z.url({ protocol: /^https?$/ }).max(500).optional(),
    model: z.string().trim().min(1).max(200).optional(),
    /** A new key (kept in safeStorage on the desktop, in memory in browser mode), or null to forget it. */
    apiKey: z.string().trim().min(1).max(500).nullable().optional(),
    dailyTokens: z.number().int().min(0).max(1e9).optional(),
    perCallMaxTokens: z.number().int().min(16).max(200_000).optional(),
    timeoutMs: z.number().int().min(500).max(600_000).optional(),
    maxRetries: z.number().int().min(0).max(5).optional(),
    inputCostPerMTok: z.number().min(0).max(1_000).optional(),
    outputCostPerMTok: z.number().min(0).max(1_000).optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .strict();

/** One recorded call (or a rules-analyst answer in its place). */
export const LlmCallSchema = z.object({
  id: z.string(),
  t: z.number(),
  purpose: LlmPurposeSchema,
  segmentId: z.string().nullable(),
  symbol: z.string().nullable(),
  /** The segment run that made the call. */
  jobId: z.string().nullable(),
  provider: LlmProviderSchema,
  model: z.string(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  latencyMs: z.number(),
  costUsd: z.number(),
  outcome: LlmOutcomeSchema,
  /** Why it failed or was rejected (the grounding or parsing problem), null when ok. */
  reason: z.string().nullable(),
  attempts: z.number().int(),
  /** As-of time of the data in the prompt (part of the cache key). */
  asOf: z.number(),
});
export type LlmCall = z.infer<typeof LlmCallSchema>;

/** A call with its prompt and the raw answer, for the trace a card opens. */
export const LlmCallDetailSchema = LlmCallSchema.extend({
  system: z.string(),
  user: z.string(),
  /** The raw answer text (or the rules analyst's JSON), null when nothing came back. */
  response: z.string().nullable(),
});
export type LlmCallDetail = z.infer<typeof LlmCallDetailSchema>;

export const LlmUsageParamsSchema = z
  .object({
    from: z.number().int().min(0).optional(),
    to: z.number().int().min(0).optional(),
    segmentId: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(1_000).optional().default(100),
  })
  .strict()
  .optional()
  .default({ limit: 100 });

const UsageTotalsSchema = z.object({
  calls: z.number().int(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
});

export const LlmUsageSchema = z.object({
  from: z.number(),
  to: z.number(),
  totals: UsageTotalsSchema,
  byOutcome: z.record(z.string(), z.number().int()),
  bySegment: z.array(UsageTotalsSchema.extend({ segmentId: z.string() })),
  byDay: z.array(UsageTotalsSchema.extend({ date: z.string() })),
  /** Cost of the calls behind cards a human approved, over those cards. */
  perApprovedCard: z.object({ approvedCards: z.number().int(), costUsd: z.number(), costPerCard: z.number().nullable() }),
  /** Latency percentiles of calls that reached a model (ms). */
  latency: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  recent: z.array(LlmCallSchema),
});
export type LlmUsage = z.infer<typeof LlmUsageSchema>;
