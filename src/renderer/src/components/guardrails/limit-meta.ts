/**
 * The guardrail limits as the settings editor and the explain dialog show them: order, label, unit,
 * description, and how the editor presents the number (ratios are edited as percentages). Validation is the
 * contract's own zod schema, so the editor refuses exactly what guardrails.updateLimits would.
 */
import { GuardrailLimitsSchema, type GuardrailLimits } from '../../../../shared/contract/trading-schemas';
import { roundTo } from '../../lib/format';
import { formatInUnit } from './guardrail-format';

/** A limit's key. */
export type LimitKey = keyof GuardrailLimits;

/** How a limit is shown and edited. */
export interface LimitMeta {
  key: LimitKey;
  label: string;
  /** Unit as formatInUnit knows it ('ratio' is edited as a percentage). */
  unit: 'ratio' | 'pct' | 'days' | 'sessions' | 'hours' | 'seconds' | 'usd' | 'bool';
  /** Short unit text beside the input. */
  suffix: string;
  description: string;
}

/** Every limit, in the order the editor lists them (grouped by the check they drive). */
export const LIMIT_META: readonly LimitMeta[] = [
  { key: 'advLookbackDays', label: 'ADV lookback', unit: 'sessions', suffix: 'sessions', description: 'Sessions averaged for the average daily volume (ADV) the liquidity check uses.' },
  { key: 'advMaxOrderRatio', label: 'Max order / ADV', unit: 'ratio', suffix: '% of ADV', description: 'Liquidity: one order may be at most this share of ADV.' },
  { key: 'warnFraction', label: 'Warn at', unit: 'ratio', suffix: '% of limit', description: 'Checks warn (amber) once a value passes this share of its limit.' },
  { key: 'maxPositionPctEquity', label: 'Max position', unit: 'ratio', suffix: '% of equity', description: "Size: one position's market value at most this share of equity." },
  { key: 'maxPositionUsd', label: 'Max position', unit: 'usd', suffix: 'USD', description: "Size: one position's market value at most this many dollars." },
  { key: 'maxSegmentPctEquity', label: 'Max segment', unit: 'ratio', suffix: '% of equity', description: "Size: market value of one segment's or strategy's positions at most this share of equity." },
  { key: 'maxSectorExposure', label: 'Max sector exposure', unit: 'ratio', suffix: '% of equity', description: 'Sector: gross exposure of one sector after the trade at most this share of equity.' },
  { key: 'eventBlackoutDays', label: 'Event blackout', unit: 'days', suffix: 'trading days', description: 'Events: earnings or corporate events within this many trading days block.' },
  { key: 'catalystFreshnessHours', label: 'Catalyst freshness', unit: 'hours', suffix: 'hours', description: 'Catalyst: the newest catalyst behind a thesis may be at most this old.' },
  { key: 'catalystRequired', label: 'Catalyst required', unit: 'bool', suffix: '', description: 'Catalyst: when on, a card with no catalyst evidence fails (manual tickets usually have none).' },
  { key: 'maxQuoteAgeSeconds', label: 'Max quote age', unit: 'seconds', suffix: 'seconds', description: 'Data: a quote older than this blocks during a session.' },
  { key: 'fatFingerMaxPct', label: 'Fat finger distance', unit: 'pct', suffix: '% from last', description: 'Fat finger: a limit or stop price further than this from the last price blocks.' },
  { key: 'fatFingerMaxNotionalUsd', label: 'Fat finger notional', unit: 'usd', suffix: 'USD', description: "Fat finger: one order's notional above this blocks." },
  { key: 'maxOptionSpreadPct', label: 'Max option spread', unit: 'pct', suffix: '% of mark', description: 'Options liquidity: a leg quoted wider than this share of its mark blocks; contracts per leg are also held to the max order share of open interest.' },
];

/** A limit's value as text in its unit (ratios as %). */
export function formatLimitValue(meta: LimitMeta, value: number | boolean | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (meta.unit === 'sessions') return `${value} sessions`;
  if (meta.unit === 'days') return `${value} trading ${value === 1 ? 'day' : 'days'}`;
  return formatInUnit(value, meta.unit);
}

/** The editor's text for a stored value (ratios × 100). */
export function toInputText(meta: LimitMeta, value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(meta.unit === 'ratio' ? roundTo(value * 100, 6) : value);
}

/** Parses the editor's text back to the stored value and validates it with the contract's schema. */
export function parseLimitInput(meta: LimitMeta, text: string): { value: number | boolean } | { error: string } {
  let value: number | boolean;
  if (meta.unit === 'bool') {
    value = text === 'true';
  } else {
    const t = text.trim().replaceAll(',', '').replace(/^\$/, '').replace(/%$/, '');
    if (t === '') return { error: 'required' };
    const n = Number(t);
    if (!Number.isFinite(n)) return { error: 'not a number' };
    value = meta.unit === 'ratio' ? roundTo(n / 100, 8) : n;
  }
  const parsed = GuardrailLimitsSchema.shape[meta.key].safeParse(value);
  if (!parsed.success) return { error: describeIssue(meta, parsed.error.issues[0]) };
  return { value };
}

function describeIssue(meta: LimitMeta, issue: { code: string; message: string; minimum?: unknown; maximum?: unknown; inclusive?: boolean } | undefined): string {
  if (!issue) return 'invalid';
  const scale = (v: unknown): string => (typeof v === 'number' || typeof v === 'bigint' ? (meta.unit === 'ratio' ? `${Number(v) * 100}%` : String(v)) : String(v));
  if (issue.code === 'too_small') return issue.minimum === 0 && issue.inclusive === false ? 'must be above 0' : `must be at least ${scale(issue.minimum)}`;
  if (issue.code === 'too_big') return `must be at most ${scale(issue.maximum)}`;
  if (issue.code === 'invalid_type' && /int/i.test(issue.message)) return 'must be a whole number';
  return issue.message;
}
