/**
 * Ports of the LLM layer.
 *
 * - LlmClient: one raw chat completion against a provider (the OpenAI implementation uses the `openai` package
 *   against any OpenAI-compatible base URL). It knows nothing of budgets, caches or grounding.
 * - LlmGateway: what segments and agents use. It wraps the client in the governor (daily token budget, per-call
 *   cap, time limits, retries with backoff, a cache keyed by prompt + data as-of time, cost accounting), parses
 *   the structured answer against a zod schema, records every call in llm_calls and emits `llm.callCompleted`.
 *   It never throws for a model's misbehaviour: every failure is an `LlmAnswer` with ok=false and a reason.
 *
 * Nothing here holds a broker or the trading service: an answer is data; only the segment manager turns a
 * grounded decision into a proposed card.
 */
import type { z } from 'zod';
import type { LlmCall, LlmCallDetail, LlmOutcome, LlmProvider, LlmPurposeSchema, LlmStatus } from '../../../shared/contract';

export type LlmPurpose = z.infer<typeof LlmPurposeSchema>;

export interface LlmCompletionRequest {
  model: string;
  system: string;
  user: string;
  /** Structured outputs: sent as OpenAI's nested `response_format: {type:'json_schema', json_schema:{name, strict, schema}}`. */
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  maxTokens: number;
  temperature: number;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface LlmCompletion {
  /** message.content (a JSON string with structured outputs), or null (refusal). */
  content: string | null;
  refusal: string | null;
  /** stop | length | content_filter | tool_calls | function_call … ('length' = truncated). */
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
  model: string;
}

export type LlmClientErrorKind = 'timeout' | 'http' | 'network' | 'aborted';

/** A provider failure (not a model misbehaviour). retryable: timeouts, 429, 5xx, network errors. */
export class LlmClientError extends Error {
  constructor(
    readonly kind: LlmClientErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'LlmClientError';
  }
}

export interface LlmClient {
  readonly baseUrl: string;
  complete(req: LlmCompletionRequest): Promise<LlmCompletion>;
}

/** Where the API key lives: Electron safeStorage on the desktop; the environment (or memory) in browser mode. */
export interface SecretStore {
  readonly kind: 'safeStorage' | 'env' | 'memory';
  get(name: string): string | null;
  /** null forgets it. */
  set(name: string, value: string | null): void;
}

export interface LlmRequest<T> {
  purpose: LlmPurpose;
  segmentId?: string | null | undefined;
  symbol?: string | null | undefined;
  jobId?: string | null | undefined;
  system: string;
  /** Data enters here as quoted data blocks (see quoteData in prompt-safety); instructions inside them are ignored. */
  user: string;
  schemaName: string;
  schema: z.ZodType<T>;
  /** As-of time of the data in the prompt: part of the cache key. */
  asOf: number;
  maxTokens?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Skip the cache lookup (a user's explicit refresh); the fresh answer is cached as usual. */
  noCache?: boolean | undefined;
}

export type LlmAnswer<T> =
  | { ok: true; value: T; callId: string; outcome: 'ok' | 'cached'; raw: string }
  | { ok: false; callId: string; outcome: Exclude<LlmOutcome, 'ok' | 'cached' | 'rules'>; reason: string };

export interface LlmGateway {
  /** 'rules' when no model is configured: callers use their rules analyst and record it with recordRules. */
  provider(): LlmProvider;
  ask<T>(req: LlmRequest<T>): Promise<LlmAnswer<T>>;
  /** Records a rules-analyst answer as a call (outcome 'rules', no tokens) so every proposal has a trace. */
  recordRules(req: Omit<LlmRequest<unknown>, 'schema' | 'schemaName' | 'signal' | 'maxTokens'> & { response: string }): string;
  /** A call whose answer parsed but failed grounding: its outcome becomes grounding_failed, with the reason. */
  markRejected(callId: string, reason: string): void;
  status(): LlmStatus;
  call(id: string): LlmCallDetail | null;
  /** Cost of calls for a set of call ids (cost per approved card). */
  costOf(callIds: readonly string[]): number;
  recent(limit: number): LlmCall[];
}

/** Where the API key was found (LlmStatus.apiKey.source). */
export type ApiKeySource = 'safeStorage' | 'env' | 'memory' | 'none';

/** A SecretStore that can also say where a secret came from (both stores of this layer implement it). */
export interface DescribedSecretStore extends SecretStore {
  sourceOf(name: string): ApiKeySource;
}

/** The secret-store name of the LLM API key. */
export const LLM_API_KEY_SECRET = 'llm.apiKey';
