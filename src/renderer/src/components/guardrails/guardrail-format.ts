/**
 * Pure presentation of guardrail checks, shared by the chips, the explain dialog, the order ticket and the
 * settings view: short labels, the pass/warning/blocked word, values and limits in their units (ratios as
 * percentages, days, hours, seconds, dollars) and the meter fraction value/limit.
 */
import type { GuardrailCheck, GuardrailCheckId, GuardrailResult } from '../../../../shared/contract/trading-schemas';
import { formatInt, formatNyDateTime, formatPrice, roundTo } from '../../lib/format';

/** Chip label per check (kept short: the chips sit in dense rows). */
export const CHECK_LABELS: Record<GuardrailCheckId, string> = {
  liquidity: 'Liquidity',
  position_size: 'Size',
  sector_exposure: 'Sector',
  event_window: 'Events',
  regime: 'Regime',
  catalyst_freshness: 'Catalyst',
  data_freshness: 'Data',
  fat_finger: 'Fat finger',
  playbook_stale: 'Stale',
  playbook_gap_chase: 'Gap',
};

/** What each check compares, one line, for the explain dialog's headings. */
export const CHECK_TITLES: Record<GuardrailCheckId, string> = {
  liquidity: 'Liquidity — order size vs average daily volume',
  position_size: 'Position size — share of equity and dollars',
  sector_exposure: 'Sector exposure — gross sector share of equity after the trade',
  event_window: 'Event window — earnings and corporate events ahead',
  regime: "Regime — market regime vs the playbook's allowed regimes",
  catalyst_freshness: 'Catalyst freshness — age of the newest catalyst',
  data_freshness: 'Data freshness — age of the quote',
  fat_finger: 'Fat finger — price distance and order notional',
  playbook_stale: 'Stale signal — age of the signal behind the card',
  playbook_gap_chase: 'Gap chase — gap from the previous close in the trade direction',
};

/** The outcome word of a check, as aria labels and the dialog say it. */
export type CheckStatus = 'passed' | 'warning' | 'blocked';

/** passed / warning / blocked: a failed check always counts as blocked. */
export function checkStatus(c: Pick<GuardrailCheck, 'passed' | 'severity'>): CheckStatus {
  if (!c.passed || c.severity === 'block') return 'blocked';
  return c.severity === 'warn' ? 'warning' : 'passed';
}

/** The chip's accessible name: "<Label>: <passed|warning|blocked> — <message>". */
export function chipAriaLabel(c: GuardrailCheck): string {
  return `${CHECK_LABELS[c.check] ?? c.check}: ${checkStatus(c)} — ${c.message}`;
}

/** The overall word of a result. */
export function resultStatus(r: Pick<GuardrailResult, 'passed' | 'severity'>): CheckStatus {
  return checkStatus(r);
}

const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd0 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 0, maximumFractionDigits: 0 });

/** Dollars: cents below $10,000, whole dollars above. */
export function formatUsd(n: number | null | undefined): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '—';
  return Math.abs(n) >= 10_000 ? usd0.format(Math.round(n)) : usd2.format(roundTo(n, 2));
}

/** A plain number: integers with separators, fractions to at most 4 decimals (trailing zeros dropped). */
export function formatPlain(n: number): string {
  if (Number.isInteger(n)) return formatInt(n);
  const abs = Math.abs(n);
  const decimals = abs >= 100 ? 2 : 4;
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: decimals }).format(roundTo(n, decimals));
}

function plural(n: number, one: string, many: string): string {
  return `${formatPlain(n)} ${n === 1 ? one : many}`;
}

/** A check's value or limit in its unit: ratio 0.052 → 5.20%, pct 3.1 → 3.10%, days, hours, s, $, labels. */
export function formatInUnit(value: number | string | boolean | null | undefined, unit: string): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value.replaceAll('_', ' ');
  if (!Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ratio':
      return `${roundTo(value * 100, 2).toFixed(2)}%`;
    case 'pct':
      return `${roundTo(value, 2).toFixed(2)}%`;
    case 'days':
      return plural(roundTo(value, 1), 'day', 'days');
    case 'hours':
      return `${formatPlain(roundTo(value, 1))} h`;
    case 'minutes':
      return `${formatPlain(roundTo(value, 1))} min`;
    case 'seconds':
      return `${formatPlain(roundTo(value, 1))} s`;
    case 'usd':
      return formatUsd(value);
    case 'shares':
      return `${formatInt(value)} sh`;
    default:
      return formatPlain(value);
  }
}

/** The limit of a check; a list-valued label limit (allowed regimes) reads as a comma list. */
export function formatLimit(c: Pick<GuardrailCheck, 'limit' | 'unit'>): string {
  if (typeof c.limit === 'string' && c.unit === 'label') return c.limit.split(/[,|]/).map((s) => s.trim().replaceAll('_', ' ')).join(', ');
  return formatInUnit(c.limit, c.unit);
}

/** Checks where a smaller value is the danger: trading days until an event (blocks at or under the blackout). */
const SMALLER_IS_WORSE: ReadonlySet<string> = new Set(['event_window']);

/**
 * How close a check is to its limit, in [0, 1.25] for the meter (1 is the limit): value / limit, or
 * limit / value for checks where a smaller value is worse. Null when either is not a usable number.
 */
export function meterFraction(c: Pick<GuardrailCheck, 'value' | 'limit'> & { check?: GuardrailCheck['check'] }): number | null {
  if (typeof c.value !== 'number' || typeof c.limit !== 'number') return null;
  if (!Number.isFinite(c.value) || !Number.isFinite(c.limit) || c.limit <= 0) return null;
  if (c.check !== undefined && SMALLER_IS_WORSE.has(c.check)) return c.value <= 0 ? 1.25 : Math.min(1.25, c.limit / c.value);
  return Math.min(1.25, Math.max(0, Math.abs(c.value) / c.limit));
}

const TIME_KEY = /(At|Time|asOf|AsOf|^t|^now)$/;
const USD_KEY = /(usd|Usd|USD|notional|Notional|equity|Equity|value|Value|exposure|Exposure|cash|Cash|cost|Cost|Gross|gross)/;
const PRICE_KEY = /(price|Price|last|Last|bid|Bid|ask|Ask|close|Close|open|Open|high|High|low|Low)/;
const PCT_KEY = /(Pct|pct|Percent|percent)$/;
const RATIO_KEY = /(Ratio|ratio|Fraction|fraction|Share|share)$/;

/** Units of the inputs named after a limit or a playbook field (the engine copies them into `inputs`). */
const KEY_UNITS: Record<string, string> = {
  advMaxOrderRatio: 'ratio',
  warnFraction: 'ratio',
  maxPositionPctEquity: 'ratio',
  maxSegmentPctEquity: 'ratio',
  maxSectorExposure: 'ratio',
  maxPositionUsd: 'usd',
  fatFingerMaxNotionalUsd: 'usd',
  fatFingerMaxPct: 'pct',
  maxOptionSpreadPct: 'pct',
  gapChaseMaxPercent: 'pct',
  maxQuoteAgeSeconds: 'seconds',
  catalystFreshnessHours: 'hours',
  eventBlackoutDays: 'days',
  advLookbackDays: 'plain',
  staleMinutes: 'minutes',
  ttlMinutes: 'minutes',
};

/** One explain-dialog input: the raw number is kept in a title; this is the shown text, guessed from the key. */
export function formatInputValue(key: string, value: number | string | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '—';
  const unit = KEY_UNITS[key] ?? (/PctEquity$/.test(key) ? 'ratio' : undefined);
  if (unit) return formatInUnit(value, unit);
  // Epoch ms: named like a time, or any whole number in 2017..2049 that is not money or a count.
  const epochLike = Number.isInteger(value) && value >= 1.5e12 && value < 2.5e12;
  if ((TIME_KEY.test(key) && value > 1e11) || (epochLike && !USD_KEY.test(key) && !/(Shares|shares|volume|Volume|adv|Adv)/.test(key))) return `${formatNyDateTime(value)} ET`;
  if (PCT_KEY.test(key)) return formatInUnit(value, 'pct');
  if (RATIO_KEY.test(key)) return formatInUnit(value, 'ratio');
  if (PRICE_KEY.test(key)) return `$${formatPrice(value)}`;
  if (USD_KEY.test(key)) return formatUsd(value);
  if (/Seconds$/.test(key)) return formatInUnit(value, 'seconds');
  if (/Hours$/.test(key)) return formatInUnit(value, 'hours');
  if (/Minutes$/.test(key)) return formatInUnit(value, 'minutes');
  if (/Days$/.test(key)) return formatInUnit(value, 'days');
  return formatPlain(value);
}

/** Checks whose outcome (status, value or limit) differs between two evaluations, by id. */
export function changedChecks(prev: GuardrailResult | null, next: GuardrailResult): { check: GuardrailCheckId; from: CheckStatus | null; to: CheckStatus }[] {
  const before = new Map((prev?.checks ?? []).map((c) => [c.check, c]));
  const out: { check: GuardrailCheckId; from: CheckStatus | null; to: CheckStatus }[] = [];
  for (const c of next.checks) {
    const p = before.get(c.check);
    const to = checkStatus(c);
    if (!p) {
      if (prev) out.push({ check: c.check, from: null, to });
      continue;
    }
    const from = checkStatus(p);
    if (from !== to) out.push({ check: c.check, from, to });
  }
  return out;
}

/** Phase names as the history shows them. */
export const PHASE_LABELS: Record<GuardrailResult['phase'], string> = {
  what_if: 'What-if',
  creation: 'Creation',
  modify: 'Modify',
  approval: 'Approval',
  submission: 'Submission',
};
