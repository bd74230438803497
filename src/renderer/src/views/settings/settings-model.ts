/**
 * Pure logic of the Settings view: the patch of edited limits, which keys an engine refusal names, and the
 * optional parts of guardrails.config's answer (the shipped defaults, the regime's reading) read defensively,
 * so the view shows them when the engine reports them and says so when it does not.
 */
import type { Result } from '../../../../shared/contract/methods';
import { GuardrailLimitsSchema, type GuardrailLimits } from '../../../../shared/contract/trading-schemas';
import { LIMIT_META, type LimitKey } from '../../components/guardrails/limit-meta';

type Info = Result<'guardrails.config'>;
type Parsed = { value: number | boolean } | { error: string };

/** The valid edited values that differ from the current ones. */
export function limitsPatch(current: GuardrailLimits, parsed: ReadonlyMap<LimitKey, Parsed>): Partial<GuardrailLimits> {
  const patch: Partial<Record<LimitKey, number | boolean>> = {};
  for (const [key, p] of parsed) {
    if ('value' in p && p.value !== current[key]) patch[key] = p.value;
  }
  return patch as Partial<GuardrailLimits>;
}

/** The limit keys an error message names; the only key of the patch when it names none. */
export function refusedKeys(message: string, patchKeys: readonly LimitKey[]): LimitKey[] {
  const named = LIMIT_META.map((m) => m.key).filter((k) => new RegExp(`\\b${k}\\b`).test(message));
  if (named.length > 0) return named;
  return patchKeys.length === 1 ? [...patchKeys] : [];
}

/** The shipped default limits when the engine's answer carries them (`defaults` or `defaults.limits`). */
export function reportedDefaults(info: Info): GuardrailLimits | null {
  const extra = info as Info & { defaults?: unknown; defaultLimits?: unknown };
  for (const candidate of [extra.defaultLimits, (extra.defaults as { limits?: unknown } | undefined)?.limits, extra.defaults]) {
    const parsed = GuardrailLimitsSchema.safeParse(candidate);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/** The regime reading behind the label (benchmark, as-of, inputs) when the engine's answer carries it. */
export function regimeDetails(info: Info): { benchmark: string | null; asOf: number | null; inputs: Record<string, number | string | boolean | null> } | null {
  const r = (info as Info & { regimeReading?: unknown }).regimeReading;
  if (typeof r !== 'object' || r === null) return null;
  const o = r as Record<string, unknown>;
  const inputs: Record<string, number | string | boolean | null> = {};
  if (typeof o['inputs'] === 'object' && o['inputs'] !== null) {
    for (const [k, v] of Object.entries(o['inputs'] as Record<string, unknown>)) {
      if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') inputs[k] = v;
    }
  }
  return { benchmark: typeof o['benchmark'] === 'string' ? o['benchmark'] : null, asOf: typeof o['asOf'] === 'number' ? o['asOf'] : null, inputs };
}
