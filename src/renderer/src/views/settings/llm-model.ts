/**
 * Pure logic of the LLM settings panel: the editable fields (provider, endpoint, model, limits) with their
 * units, parsed and validated with the contract's own llm.configure schema so the form refuses what the engine
 * would; the API key's status text (the key itself never comes back); the budget gauge; money, token and
 * latency formatting; outcome classes of the calls table. No React.
 */
import { LlmConfigureParamsSchema, type LlmOutcome, type LlmStatus } from '../../../../shared/contract/llm-schemas';
import { formatInt, roundTo } from '../../lib/format';

const DASH = '—';

/** The numeric limits of llm.configure, as the form edits them. */
export type LlmLimitKey = 'dailyTokens' | 'perCallMaxTokens' | 'timeoutMs' | 'maxRetries' | 'inputCostPerMTok' | 'outputCostPerMTok' | 'temperature';

/** How a limit is shown and edited. */
export interface LlmLimitMeta {
  key: LlmLimitKey;
  label: string;
  suffix: string;
  int: boolean;
  description: string;
}

/** The limits in the form's order. */
export const LLM_LIMIT_META: readonly LlmLimitMeta[] = [
  { key: 'dailyTokens', label: 'Daily token budget', suffix: 'tokens', int: true, description: 'Prompt + completion tokens a New York day may spend; past it the rules analyst answers.' },
  { key: 'perCallMaxTokens', label: 'Per-call max tokens', suffix: 'tokens', int: true, description: 'Largest completion one call may ask for (max_tokens).' },
  { key: 'timeoutMs', label: 'Timeout', suffix: 'ms', int: true, description: 'Wall-clock limit of one attempt.' },
  { key: 'maxRetries', label: 'Retries', suffix: 'times', int: true, description: 'Retries after a timeout, a 429 or a 5xx, with exponential backoff.' },
  { key: 'inputCostPerMTok', label: 'Input price', suffix: '$ / M tokens', int: false, description: 'US dollars per million prompt tokens (0 for a local model).' },
  { key: 'outputCostPerMTok', label: 'Output price', suffix: '$ / M tokens', int: false, description: 'US dollars per million completion tokens.' },
  { key: 'temperature', label: 'Temperature', suffix: '', int: false, description: 'Sampling temperature (0 = most deterministic).' },
];

/** A limit's current value from the status. */
export function limitValue(status: LlmStatus, key: LlmLimitKey): number {
  return key === 'temperature' ? status.temperature : status.limits[key];
}

/** The form's drafts: text per field, undefined = unchanged. The key is sent only when typed. */
export interface LlmDrafts {
  provider?: LlmStatus['provider'];
  baseUrl?: string;
  model?: string;
  apiKey?: string;
  limits: Partial<Record<LlmLimitKey, string>>;
}

/** Field → problem. */
export type LlmProblems = Partial<Record<LlmLimitKey | 'baseUrl' | 'model' | 'apiKey' | 'provider', string>>;

type ConfigureIn = Record<string, unknown>;

/**
 * The llm.configure params of the changed fields and the problems of invalid ones (each field checked with the
 * contract schema's own rule). Switching to the OpenAI-compatible provider needs a base URL and a model.
 */
export function llmConfigurePatch(status: LlmStatus, drafts: LlmDrafts): { params: ConfigureIn | null; problems: LlmProblems; changed: number } {
  const shape = LlmConfigureParamsSchema.shape;
  const problems: LlmProblems = {};
  const params: ConfigureIn = {};
  const check = (key: keyof typeof shape & keyof LlmProblems, value: unknown): void => {
    const r = shape[key].safeParse(value);
    if (r.success) params[key] = r.data;
    else problems[key] = issueText(r.error.issues[0]);
  };
  if (drafts.provider !== undefined && drafts.provider !== status.provider) params['provider'] = drafts.provider;
  if (drafts.baseUrl !== undefined && drafts.baseUrl.trim() !== (status.baseUrl ?? '')) check('baseUrl', drafts.baseUrl.trim());
  if (drafts.model !== undefined && drafts.model.trim() !== status.model) check('model', drafts.model.trim());
  if (drafts.apiKey !== undefined && drafts.apiKey !== '') check('apiKey', drafts.apiKey);
  for (const meta of LLM_LIMIT_META) {
    const text = drafts.limits[meta.key];
    if (text === undefined) continue;
    const cleaned = text.replace(/[,$\s_]/g, '');
    const n = cleaned === '' ? NaN : Number(cleaned);
    if (!Number.isFinite(n)) {
      problems[meta.key] = 'not a number';
      continue;
    }
    if (meta.int && !Number.isInteger(n)) {
      problems[meta.key] = 'must be a whole number';
      continue;
    }
    if (n === limitValue(status, meta.key)) continue;
    check(meta.key, n);
  }
  const provider = (params['provider'] as LlmStatus['provider'] | undefined) ?? status.provider;
  if (provider === 'openai-compatible') {
    const base = (params['baseUrl'] as string | undefined) ?? status.baseUrl;
    if (!base && problems.baseUrl === undefined) problems.baseUrl = 'an OpenAI-compatible endpoint needs a base URL (e.g. http://127.0.0.1:11434/v1)';
  }
  const changed = Object.keys(params).length;
  return { params: Object.keys(problems).length > 0 || changed === 0 ? null : params, problems, changed };
}

function issueText(issue: { code: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean; message: string; format?: string } | undefined): string {
  if (!issue) return 'invalid';
  if (issue.code === 'too_small') return typeof issue.minimum === 'number' ? `must be ${issue.inclusive === false ? 'above' : 'at least'} ${formatPlain(issue.minimum)}` : 'required';
  if (issue.code === 'too_big') return typeof issue.maximum === 'number' ? `must be ${issue.inclusive === false ? 'below' : 'at most'} ${formatPlain(issue.maximum)}` : 'too long';
  if (issue.code === 'invalid_format' && issue.format === 'url') return 'not an http(s) URL';
  return issue.message;
}

function formatPlain(n: number): string {
  return Number.isInteger(n) ? formatInt(n) : String(n);
}

/** The key's status, never the key: "set (safeStorage)", "not set". */
export function apiKeyText(key: LlmStatus['apiKey']): string {
  return key.set ? `set (${key.source})` : 'not set';
}

/** Where a newly typed key will be kept. */
export function apiKeyHint(key: LlmStatus['apiKey']): string {
  if (key.source === 'env') return 'from the environment (browser mode); a key typed here is kept in memory until the engine restarts';
  if (key.source === 'safeStorage') return 'encrypted with the OS keychain (Electron safeStorage)';
  if (key.source === 'memory') return 'in memory only: gone when the engine restarts';
  return 'a key typed here is kept in safeStorage on the desktop, in memory in browser mode';
}

/** The budget gauge: used over budget, and a tier (amber from 80%, red at or over the budget). */
export function budgetGauge(used: number, budget: number): { fraction: number; pct: number; tier: 'ok' | 'warn' | 'over'; text: string } {
  const fraction = budget > 0 ? used / budget : used > 0 ? Infinity : 0;
  const tier = fraction >= 1 ? 'over' : fraction >= 0.8 ? 'warn' : 'ok';
  const pct = Number.isFinite(fraction) ? roundTo(Math.min(1, fraction) * 100, 1) : 100;
  return { fraction, pct, tier, text: `${formatTokens(used)} / ${formatTokens(budget)} tokens${budget > 0 ? ` (${roundTo(fraction * 100, 1).toFixed(1)}%)` : ''}` };
}

/** Tokens: 950, 12.4K, 1.25M. */
export function formatTokens(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  if (Math.abs(n) < 10_000) return formatInt(n);
  if (Math.abs(n) < 1_000_000) return `${roundTo(n / 1000, 1).toFixed(1)}K`;
  return `${roundTo(n / 1_000_000, 2).toFixed(2)}M`;
}

/** Dollars for LLM costs: cents to 2 decimals, fractions of a cent to 4: $1.24, $0.0031, $0.00. */
export function formatUsd(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  if (n === 0) return '$0.00';
  const a = Math.abs(n);
  const d = a < 0.01 ? 4 : 2;
  return `${n < 0 ? '−' : ''}$${roundTo(a, d).toFixed(d)}`;
}

/** A latency: "840 ms", "2.4 s". */
export function formatLatency(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return DASH;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${roundTo(ms / 1000, 1).toFixed(1)} s`;
}

/** Outcome classes: ok/cached/rules are fine, budget and refusals amber, the rest red. */
export function llmOutcomeClass(outcome: LlmOutcome): 'lo-ok' | 'lo-warn' | 'lo-bad' {
  if (outcome === 'ok' || outcome === 'cached' || outcome === 'rules') return 'lo-ok';
  if (outcome === 'budget_exceeded' || outcome === 'refused' || outcome === 'truncated') return 'lo-warn';
  return 'lo-bad';
}

/** An outcome in words. */
export function llmOutcomeLabel(outcome: LlmOutcome): string {
  return outcome.replace(/_/g, ' ');
}

/** The provider in words. */
export function providerLabel(p: LlmStatus['provider']): string {
  return p === 'rules' ? 'Rules analyst (offline, deterministic)' : 'OpenAI-compatible endpoint';
}
