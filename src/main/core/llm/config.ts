/**
 * The LLM settings: provider, endpoint, model, temperature and the governor's limits. What the trader set with
 * llm.configure is stored in the settings table under 'llm.config' — never the API key, which lives in the
 * SecretStore. Anything not set falls back to the environment, then to the defaults:
 *
 *   KESTREL_LLM_BASE_URL   an OpenAI-compatible endpoint (e.g. http://localhost:11434/v1 for Ollama)
 *   KESTREL_LLM_MODEL      the model name (e.g. llama3.1:8b, gpt-4o-mini)
 *   KESTREL_LLM_API_KEY    the API key (else OPENAI_API_KEY); read by the SecretStore and the gateway
 *
 * Setting KESTREL_LLM_BASE_URL or KESTREL_LLM_MODEL selects the 'openai-compatible' provider unless the trader
 * chose one explicitly. Without any of it the provider is 'rules': Kestrel works offline.
 */
import { z } from 'zod';
import { LlmBudgetSchema, LlmProviderSchema, type LlmBudget, type LlmProvider } from '../../../shared/contract';

export const LLM_CONFIG_KEY = 'llm.config';
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_MODEL = 'gpt-4o-mini';
export const DEFAULT_TEMPERATURE = 0.2;

/**
 * Default limits. Prices default to 0: Kestrel cannot know what the configured model costs (a local model costs
 * nothing); the trader enters the provider's prices to get dollar figures.
 */
export const DEFAULT_LIMITS: LlmBudget = {
  dailyTokens: 200_000,
  perCallMaxTokens: 2_000,
  timeoutMs: 60_000,
  maxRetries: 2,
  inputCostPerMTok: 0,
  outputCostPerMTok: 0,
};

/** What is stored: only the fields the trader set. */
export const StoredLlmConfigSchema = z.object({
  provider: LlmProviderSchema.optional(),
  baseUrl: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  limits: LlmBudgetSchema.partial().optional(),
});
export type StoredLlmConfig = z.infer<typeof StoredLlmConfigSchema>;

export interface LlmConfig {
  provider: LlmProvider;
  baseUrl: string;
  model: string;
  temperature: number;
  limits: LlmBudget;
  /** Where provider/baseUrl/model came from, for the status note. */
  from: 'settings' | 'env' | 'default';
}

export function resolveConfig(stored: StoredLlmConfig, env: Record<string, string | undefined>): LlmConfig {
  const envBase = env.KESTREL_LLM_BASE_URL?.trim() || undefined;
  const envModel = env.KESTREL_LLM_MODEL?.trim() || undefined;
  const envSelects = envBase !== undefined || envModel !== undefined;
  const provider = stored.provider ?? (envSelects ? 'openai-compatible' : 'rules');
  return {
    provider,
    baseUrl: stored.baseUrl ?? envBase ?? DEFAULT_BASE_URL,
    model: stored.model ?? envModel ?? DEFAULT_MODEL,
    temperature: stored.temperature ?? DEFAULT_TEMPERATURE,
    limits: { ...DEFAULT_LIMITS, ...definedOnly(stored.limits ?? {}) },
    from: stored.provider !== undefined ? 'settings' : envSelects ? 'env' : 'default',
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
