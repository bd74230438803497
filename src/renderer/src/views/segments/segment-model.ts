/**
 * Pure presentation logic of the Segments view: state chips, run outcomes and durations, indicator values in
 * their units, proposal lines, and the configuration editor (risk parameters edited as percentages, the prompt
 * template and the cron schedule) validated with the contract's own schema, so the editor refuses exactly what
 * segments.configure would. No React, no store.
 */
import { methods, type ParamsIn } from '../../../../shared/contract/methods';
import {
  SegmentRiskParametersSchema,
  type SegmentIndicator,
  type SegmentProposal,
  type SegmentRiskParameters,
  type SegmentRun,
  type SegmentState,
  type SegmentSummary,
} from '../../../../shared/contract/segment-schemas';
import { EngineError } from '../../../../shared/contract/rpc';
import { formatAge, formatCompact, formatInt, formatNyDateTime, formatNyTime, formatNyWeekday, formatPrice, roundTo } from '../../lib/format';
import { nyDateKey } from '../../lib/ny-time';

const DASH = '—';

// ---- state and runs ----

const STATE_LABEL: Record<SegmentState, string> = { running: 'RUNNING', degraded: 'DEGRADED', faulted: 'FAULTED', disabled: 'DISABLED' };
const STATE_TEXT: Record<SegmentState, string> = {
  running: 'Enabled and healthy: runs on its schedule',
  degraded: 'Enabled, but the last run failed, timed out or fell back to the rules analyst',
  faulted: 'Stopped scheduling after repeated failures: Run now or re-enabling clears it',
  disabled: 'Disabled: no scheduled runs and no proposals',
};

/** The chip's text: RUNNING, DEGRADED, FAULTED, DISABLED. */
export function stateLabel(state: SegmentState): string {
  return STATE_LABEL[state];
}

/** A sentence for the chip's tooltip. */
export function stateText(state: SegmentState): string {
  return STATE_TEXT[state];
}

/** A duration: "420 ms", "1.8 s", "2 min 05 s". */
export function formatDuration(ms: number | null | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) return DASH;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${roundTo(ms / 1000, 1).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** Who analysed a run or a proposal. */
export function analystLabel(analyst: 'rules' | 'llm'): string {
  return analyst === 'llm' ? 'LLM' : 'rules analyst';
}

/** CSS modifier of a run outcome (ok green, degraded amber, failures red, running blue). */
export function outcomeClass(outcome: SegmentRun['outcome']): string {
  if (outcome === 'ok') return 'sg-ok';
  if (outcome === 'running') return 'sg-live';
  if (outcome === 'degraded' || outcome === 'cancelled') return 'sg-warn';
  return 'sg-bad';
}

/** One line about a run: "ok · rules analyst · 3 proposals (1 refused) · 420 ms". */
export function runSummary(run: SegmentRun): string {
  const parts = [run.outcome, analystLabel(run.analyst), `${run.proposals} proposal${run.proposals === 1 ? '' : 's'}${run.rejected > 0 ? ` (${run.rejected} refused)` : ''}`];
  if (run.ms !== null) parts.push(formatDuration(run.ms));
  return parts.join(' · ');
}

/** A run stage in words. */
export function stageLabel(stage: string): string {
  const labels: Record<string, string> = {
    queued: 'Queued',
    gather: 'Gathering data',
    research: 'Research',
    analyse: 'Analysing',
    ground: 'Grounding',
    propose: 'Proposing',
    done: 'Done',
    failed: 'Failed',
  };
  return labels[stage] ?? stage;
}

// ---- indicators ----

const UNIT_SUFFIX: Record<string, string> = { 'usd/oz': '/oz', 'usd/lb': '/lb', 'usd/t': '/t', 'usd/bbl': '/bbl' };

/** An indicator's value in its unit: $2,034.10/oz, 12.5%, 1.24, 3, $1.2M. */
export function formatIndicatorValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  if (unit === 'pct') return `${roundTo(value * 100, 2).toFixed(2)}%`;
  if (unit === 'count') return formatInt(value);
  if (unit === 'ratio') return roundTo(value, 2).toFixed(2);
  if (unit === 'usd') return Math.abs(value) >= 100_000 ? `$${formatCompact(value)}` : `$${formatPrice(value)}`;
  if (unit.startsWith('usd/')) return `$${formatPrice(value)}${UNIT_SUFFIX[unit] ?? `/${unit.slice(4)}`}`;
  return `${roundTo(value, 4)} ${unit}`;
}

/** A decimal change as a signed percentage: +1.25%, −0.40%. */
export function formatSignedFraction(x: number | null | undefined, decimals = 2): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return DASH;
  const r = roundTo(x * 100, decimals);
  if (r === 0) return `${(0).toFixed(decimals)}%`;
  return `${r > 0 ? '+' : '−'}${Math.abs(r).toFixed(decimals)}%`;
}

/** A fraction as a percentage without sign: 20%, 12.5%. */
export function formatFraction(x: number | null | undefined, decimals = 1): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return DASH;
  return `${String(roundTo(x * 100, decimals))}%`;
}

/** An indicator's accessible sentence (value, change, source, as-of text given by the caller). */
export function indicatorAria(ind: SegmentIndicator, asOfText: string): string {
  const change = ind.change === null ? '' : `, ${formatSignedFraction(ind.change)} on the session`;
  return `${ind.label} ${formatIndicatorValue(ind.value, ind.unit)}${change}, source ${ind.source}${asOfText ? `, as of ${asOfText}` : ''}`;
}

// ---- proposals ----

/** The order a proposal asked for: "200 @ 12.35 · stop 11.20" (hold: "—"). */
export function proposalOrderText(p: Pick<SegmentProposal, 'action' | 'quantity' | 'limitPrice' | 'stopPrice'>): string {
  if (p.action === 'hold') return DASH;
  const qty = p.quantity === null ? '?' : formatInt(p.quantity);
  const px = p.limitPrice === null ? 'MKT' : formatPrice(p.limitPrice);
  return `${qty} @ ${px}${p.stopPrice !== null ? ` · stop ${formatPrice(p.stopPrice, p.limitPrice)}` : ''}`;
}

/** The outcome chip's text. */
export function proposalOutcomeLabel(outcome: SegmentProposal['outcome']): string {
  return outcome === 'carded' ? 'CARDED' : outcome === 'rejected' ? 'REJECTED' : 'HOLD';
}

/** Confidence 0..1 as a whole percentage. */
export function formatConfidence(c: number): string {
  return Number.isFinite(c) ? `${Math.round(Math.min(1, Math.max(0, c)) * 100)}%` : DASH;
}

// ---- configuration editor ----

type RiskKey = keyof SegmentRiskParameters;

/** How a risk parameter is edited. */
export interface RiskParamMeta {
  key: RiskKey;
  label: string;
  /** 'fraction': edited as a percentage; 'multiple': ×ATR; 'int': a count. */
  unit: 'fraction' | 'multiple' | 'int';
  suffix: string;
  description: string;
}

/** The risk parameters in the editor's order. */
export const RISK_PARAM_META: readonly RiskParamMeta[] = [
  { key: 'maxPositionSize', label: 'Max position', unit: 'fraction', suffix: '% of capital', description: "Largest position as a share of the segment's capital." },
  { key: 'maxDrawdown', label: 'Max drawdown', unit: 'fraction', suffix: '%', description: "Sleeve drawdown at which the segment stops proposing buys." },
  { key: 'stopLossMultiplier', label: 'Stop distance', unit: 'multiple', suffix: '× ATR(14)', description: 'Stop placed this many ATRs from the entry.' },
  { key: 'targetAllocation', label: 'Target allocation', unit: 'fraction', suffix: '% of equity', description: "Share of the account's equity this segment's sleeve targets." },
  { key: 'maxProposalsPerRun', label: 'Max proposals per run', unit: 'int', suffix: 'cards', description: 'Most proposals one run may raise (the flood limit).' },
];

/** The editor's text for a stored value (fractions × 100). */
export function riskInputText(meta: RiskParamMeta, value: number): string {
  return String(meta.unit === 'fraction' ? roundTo(value * 100, 6) : value);
}

/** Parses the editor's text and validates it with the contract's schema. */
export function parseRiskInput(meta: RiskParamMeta, text: string): { value: number } | { error: string } {
  const cleaned = text.replace(/[%×x,\s]/gi, '');
  if (cleaned === '') return { error: 'required' };
  const n = Number(cleaned);
  if (!Number.isFinite(n)) return { error: 'not a number' };
  if (meta.unit === 'int' && !Number.isInteger(n)) return { error: 'must be a whole number' };
  const value = meta.unit === 'fraction' ? roundTo(n / 100, 8) : n;
  const parsed = SegmentRiskParametersSchema.shape[meta.key].safeParse(value);
  if (!parsed.success) return { error: boundText(meta, parsed.error.issues[0]) };
  return { value };
}

function boundText(meta: RiskParamMeta, issue: { code: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean; message: string } | undefined): string {
  if (!issue) return 'invalid';
  const shown = (v: unknown): string => (typeof v === 'number' ? (meta.unit === 'fraction' ? `${roundTo(v * 100, 4)}%` : String(v)) : String(v));
  if (issue.code === 'too_small') return `must be ${issue.inclusive === false ? 'above' : 'at least'} ${shown(issue.minimum)}`;
  if (issue.code === 'too_big') return `must be ${issue.inclusive === false ? 'below' : 'at most'} ${shown(issue.maximum)}`;
  return issue.message;
}

const CRON_FIELD = /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;
const CRON_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const CRON_RANGES: readonly [number, number][] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

/** Checks a five-field cron (New York time); null when it reads well, else what is wrong. The engine has the last word. */
export function cronProblem(text: string): string | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') return `five fields expected (minute hour day month weekday), got ${fields[0] === '' ? 0 : fields.length}`;
  for (let i = 0; i < 5; i++) {
    const f = fields[i]!;
    if (!CRON_FIELD.test(f)) return `${CRON_NAMES[i]}: "${f}" is not a cron field`;
    const [lo, hi] = CRON_RANGES[i]!;
    for (const n of f.match(/(?<![/\d])\d+/g) ?? []) {
      const v = Number(n);
      if (v < lo || v > hi) return `${CRON_NAMES[i]}: ${v} is outside ${lo}–${hi}`;
    }
  }
  return null;
}

/** The editor's drafts (text per field; undefined = unchanged). */
export interface ConfigDrafts {
  risk: Partial<Record<RiskKey, string>>;
  promptTemplate?: string;
  schedule?: string;
}

/** Field → problem; keys are risk parameter keys, 'promptTemplate' or 'schedule'. */
export type ConfigProblems = Partial<Record<RiskKey | 'promptTemplate' | 'schedule', string>>;

type ConfigureParams = ParamsIn<'segments.configure'>;

/**
 * The segments.configure params of the edited fields that differ from the summary, and the problems of the
 * invalid ones (a patch with problems is not sent). The whole patch is also checked against the method's schema.
 */
export function configurePatch(summary: SegmentSummary, drafts: ConfigDrafts): { params: ConfigureParams | null; problems: ConfigProblems; changed: number } {
  const problems: ConfigProblems = {};
  const risk: Partial<SegmentRiskParameters> = {};
  for (const meta of RISK_PARAM_META) {
    const d = drafts.risk[meta.key];
    if (d === undefined) continue;
    const p = parseRiskInput(meta, d);
    if ('error' in p) problems[meta.key] = p.error;
    else if (p.value !== summary.riskParameters[meta.key]) risk[meta.key] = p.value;
  }
  const params: ConfigureParams = { id: summary.id };
  if (Object.keys(risk).length > 0) params.riskParameters = risk;
  if (drafts.promptTemplate !== undefined && drafts.promptTemplate !== summary.promptTemplate) {
    if (drafts.promptTemplate.trim() === '') problems.promptTemplate = 'the prompt template cannot be empty';
    else if (drafts.promptTemplate.length > 8_000) problems.promptTemplate = `at most 8,000 characters (${formatInt(drafts.promptTemplate.length)})`;
    else params.promptTemplate = drafts.promptTemplate;
  }
  if (drafts.schedule !== undefined && drafts.schedule.trim() !== summary.schedule) {
    const problem = cronProblem(drafts.schedule);
    if (problem) problems.schedule = problem;
    else params.schedule = drafts.schedule.trim();
  }
  const changed = Object.keys(risk).length + (params.promptTemplate !== undefined ? 1 : 0) + (params.schedule !== undefined ? 1 : 0);
  if (Object.keys(problems).length > 0 || changed === 0) return { params: null, problems, changed };
  const check = methods['segments.configure'].params.safeParse(params);
  if (!check.success) {
    for (const issue of check.error.issues) {
      const key = fieldOfPath(issue.path);
      if (key) problems[key] = issue.message;
    }
    return { params: null, problems, changed };
  }
  return { params, problems, changed };
}

function fieldOfPath(path: readonly PropertyKey[]): keyof ConfigProblems | null {
  if (path[0] === 'riskParameters' && typeof path[1] === 'string' && RISK_PARAM_META.some((m) => m.key === path[1])) return path[1] as RiskKey;
  if (path[0] === 'promptTemplate' || path[0] === 'schedule') return path[0];
  return null;
}

/**
 * The fields an engine refusal names: from the issues in the error's data (invalid params) or, failing that,
 * field names in its message; a refusal naming none is shown on the editor as a whole.
 */
export function refusalProblems(error: unknown): ConfigProblems {
  const out: ConfigProblems = {};
  if (error instanceof EngineError && Array.isArray(error.data)) {
    for (const issue of error.data as { path?: unknown; message?: unknown }[]) {
      const key = Array.isArray(issue.path) ? fieldOfPath(issue.path as PropertyKey[]) : null;
      if (key && typeof issue.message === 'string') out[key] = issue.message;
    }
    if (Object.keys(out).length > 0) return out;
  }
  const message = error instanceof Error ? error.message : String(error);
  for (const key of [...RISK_PARAM_META.map((m) => m.key), 'promptTemplate', 'schedule'] as const) {
    if (new RegExp(`\\b${key}\\b`).test(message)) out[key] = message.replace(/^invalid params for [\w.]+: /, '');
  }
  return out;
}

// ---- times ----

/** An as-of time in New York: "14:05:09 ET" on the engine's day, "2026-11-19 16:00 ET" otherwise. */
export function formatAsOf(ms: number | null | undefined, now: number): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return DASH;
  if (nyDateKey(ms) === nyDateKey(now)) return `${formatNyTime(ms)} ET`;
  return `${formatNyDateTime(ms).slice(0, 16)} ET`;
}

/** The next run: "Fri 2026-11-20 16:15 ET (in 42m)"; null: "not scheduled". */
export function formatNextRun(ms: number | null, now: number, enabled: boolean): string {
  if (!enabled) return 'not scheduled (disabled)';
  if (ms === null) return 'not scheduled';
  const when = `${formatNyWeekday(ms)} ${formatNyDateTime(ms).slice(0, 16)} ET`;
  return ms > now ? `${when} (in ${formatAge(ms - now)})` : `${when} (due)`;
}
