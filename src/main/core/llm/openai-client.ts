/**
 * The LlmClient on the `openai` package (v7), for any OpenAI-compatible server: OpenAI itself, Ollama
 * (http://localhost:11434/v1), llama.cpp's llama-server (http://localhost:8080/v1), vLLM, LM Studio…
 *
 * One call = one non-streaming chat completion with structured outputs in OpenAI's nested form
 * `response_format: {type:'json_schema', json_schema:{name, strict:true, schema}}`, which OpenAI enforces, Ollama
 * maps to its grammar-constrained `format`, and llama.cpp reads from `json_schema.schema` (PROVIDERS.md B.6).
 *
 * The completion cap: OpenAI deprecated `max_tokens` in favour of `max_completion_tokens` and its reasoning
 * models refuse `max_tokens`, while Ollama's compatibility layer and llama.cpp read `max_tokens`. So the cap goes
 * as `max_completion_tokens` to api.openai.com and as `max_tokens` to every other server.
 *
 * The SDK's own retries are off (maxRetries 0): the governor retries, counts attempts and backs off. Each attempt
 * has its own time limit (an AbortSignal), and the caller's signal aborts it too. Failures become
 * LlmClientError: timeout, http (with the status), network, aborted; 429, 5xx, timeouts and network errors are
 * retryable. The API key never appears in an error message.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { LlmClientError, type LlmClient, type LlmCompletion, type LlmCompletionRequest } from './types';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export interface OpenAiClientConfig {
  baseUrl: string;
  /** Local servers ignore it; the SDK still needs a string. */
  apiKey: string | null;
  fetch?: FetchLike | undefined;
}

/** Whether a base URL is OpenAI's own API (which wants max_completion_tokens). */
export function isOpenAiHost(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'api.openai.com' || host.endsWith('.openai.azure.com');
  } catch {
    return false;
  }
}

export function createOpenAiClient(cfg: OpenAiClientConfig): LlmClient {
  const baseUrl = cfg.baseUrl.replace(/\/+$/, '');
  const apiKey = cfg.apiKey ?? 'no-key';
  const sdk = new OpenAI({
    baseURL: baseUrl,
    apiKey,
    organization: null,
    project: null,
    maxRetries: 0,
    logLevel: 'off',
    ...(cfg.fetch ? { fetch: cfg.fetch } : {}),
  });
  const capField = isOpenAiHost(baseUrl) ? 'max_completion_tokens' : 'max_tokens';
  const redact = (s: string): string => (cfg.apiKey && cfg.apiKey.length >= 4 ? s.split(cfg.apiKey).join('[redacted]') : s);

  return {
    baseUrl,
    async complete(req: LlmCompletionRequest): Promise<LlmCompletion> {
      if (req.signal?.aborted) throw new LlmClientError('aborted', 'cancelled before the request', false);
      const timer = new AbortController();
      let timedOut = false;
      const handle = setTimeout(() => {
        timedOut = true;
        timer.abort();
      }, req.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timer.signal]) : timer.signal;
      try {
        const res = await sdk.chat.completions.create(
          {
            model: req.model,
            messages: [
              { role: 'system', content: req.system },
              { role: 'user', content: req.user },
            ],
            response_format: { type: 'json_schema', json_schema: { name: req.schemaName, strict: true, schema: req.jsonSchema } },
            [capField]: req.maxTokens,
            temperature: req.temperature,
            stream: false,
          },
          { signal, timeout: req.timeoutMs + 1_000, maxRetries: 0 },
        );
        const choice = res.choices[0];
        if (!choice) throw new LlmClientError('http', 'malformed answer: no choices', false, 200);
        const message = choice.message as { content?: string | null; refusal?: string | null } | undefined;
        return {
          content: typeof message?.content === 'string' ? message.content : null,
          refusal: typeof message?.refusal === 'string' && message.refusal.length > 0 ? message.refusal : null,
          finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop',
          promptTokens: nonNegInt(res.usage?.prompt_tokens),
          completionTokens: nonNegInt(res.usage?.completion_tokens),
          model: typeof res.model === 'string' && res.model.length > 0 ? res.model : req.model,
        };
      } catch (error) {
        throw toClientError(error, { timedOut, callerAborted: req.signal?.aborted === true, timeoutMs: req.timeoutMs, redact });
      } finally {
        clearTimeout(handle);
      }
    },
  };
}

function nonNegInt(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.round(v) : 0;
}

function toClientError(
  error: unknown,
  ctx: { timedOut: boolean; callerAborted: boolean; timeoutMs: number; redact: (s: string) => string },
): LlmClientError {
  if (error instanceof LlmClientError) return error;
  if (ctx.callerAborted) return new LlmClientError('aborted', 'cancelled by the caller', false);
  if (ctx.timedOut || error instanceof APIConnectionTimeoutError) {
    return new LlmClientError('timeout', `no answer within ${ctx.timeoutMs} ms`, true);
  }
  if (error instanceof APIUserAbortError) return new LlmClientError('aborted', 'request aborted', false);
  if (error instanceof APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? `${cause.message}${(cause as { code?: string }).code ? ` (${(cause as { code?: string }).code})` : ''}` : error.message;
    return new LlmClientError('network', ctx.redact(`network error: ${detail}`), true);
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const retryable = status === 429 || status === 408 || status >= 500;
    return new LlmClientError('http', ctx.redact(`HTTP ${status}: ${firstLine(error.message)}`), retryable, status);
  }
  const message = error instanceof Error ? error.message : String(error);
  // A body that is not JSON, or a socket reset mid-answer: treat as a network failure worth one more try.
  return new LlmClientError('network', ctx.redact(`request failed: ${firstLine(message)}`), true);
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
