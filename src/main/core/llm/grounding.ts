/**
 * Grounding: every ticker and number in an analyst's answer is checked against the data its prompt gave. A
 * decision that names a ticker the data never mentioned, reads a price off by more than the tolerance, puts a
 * limit or stop outside a sane band (or a stop on the wrong side), quotes a dollar figure that matches nothing
 * given, or repeats the text of an instruction-bearing news item is rejected with a human-readable reason. The
 * rest are accepted. Pure: the same answer and facts always give the same verdict.
 *
 * The rules analyst's output goes through the same check, so a bug there cannot propose a card on a price the
 * data never had either.
 */
import type { AnalystDecision, AnalystOutput, GroundingFacts } from '../segments/types';

export interface GroundingOptions {
  /** Largest relative difference between a quoted price and the data, default 0.02 (2 %). */
  priceTolerance?: number | undefined;
  /** Limit and stop must lie within this relative band around the last price, default 0.15 (15 %). */
  limitBand?: number | undefined;
  /** Texts of instruction-bearing (tainted) news items, or the instruction phrases found in them. */
  tainted?: readonly string[] | undefined;
  /**
   * Symbols of real instruments (the market's whole universe): an all-caps word in a thesis that is one of these
   * but not in the data counts as a ticker the prompt never gave. `$XYZ` always counts as a ticker.
   */
  knownSymbols?: Iterable<string> | undefined;
  /** Symbols the prompt mentions besides facts.symbols (a benchmark such as IWM, peers named in the text). */
  givenSymbols?: Iterable<string> | undefined;
}

export interface GroundingResult {
  accepted: AnalystDecision[];
  rejected: { decision: AnalystDecision; reason: string }[];
}

/** English words that are also one-letter tickers; never taken for a ticker without a `$`. */
const ONE_LETTER_WORDS = new Set(['A', 'I']);
/** Shortest run of words a decision must share with a tainted item to count as repeating it. */
const SHINGLE_WORDS = 5;

export function groundDecisions(output: AnalystOutput, facts: GroundingFacts, opts: GroundingOptions = {}): GroundingResult {
  const tolerance = opts.priceTolerance ?? 0.02;
  const band = opts.limitBand ?? 0.15;
  const given = new Set<string>([...Object.keys(facts.symbols).map((s) => s.toUpperCase()), ...[...(opts.givenSymbols ?? [])].map((s) => s.toUpperCase())]);
  const known = new Set([...(opts.knownSymbols ?? [])].map((s) => s.toUpperCase()));
  const numbers = givenNumbers(facts);
  const tainted = (opts.tainted ?? []).map(taintProbe).filter((p) => p.words.length > 0);

  const result: GroundingResult = { accepted: [], rejected: [] };
  for (const decision of output.decisions) {
    const reason = check(decision, facts, { tolerance, band, given, known, numbers, tainted });
    if (reason === null) result.accepted.push(decision);
    else result.rejected.push({ decision, reason });
  }
  return result;
}

interface Ctx {
  tolerance: number;
  band: number;
  given: Set<string>;
  known: Set<string>;
  numbers: number[];
  tainted: TaintProbe[];
}

function check(d: AnalystDecision, facts: GroundingFacts, ctx: Ctx): string | null {
  const symbol = d.symbol.trim().toUpperCase();
  const fact = facts.symbols[symbol] ?? facts.symbols[d.symbol];
  if (!fact) return `invented ticker ${symbol || '(empty)'}: not in the data given`;
  const last = fact.last;

  if (!inUnit(d.sizeFraction)) return `size ${fmtNum(d.sizeFraction)} is outside [0, 1]`;
  if (!inUnit(d.confidence)) return `confidence ${fmtNum(d.confidence)} is outside [0, 1]`;

  if (!Number.isFinite(d.referencePrice) || d.referencePrice <= 0) return `price off: says ${fmtNum(d.referencePrice)}, data ${fmtPrice(last)}`;
  const off = relDiff(d.referencePrice, last);
  if (off > ctx.tolerance) return `price off: says ${fmtPrice(d.referencePrice)}, data ${fmtPrice(last)} (${fmtPct(off)} > ${fmtPct(ctx.tolerance)})`;

  for (const [name, price] of [
    ['limit', d.limitPrice],
    ['stop', d.stopPrice],
  ] as const) {
    if (price === null) continue;
    if (!Number.isFinite(price) || price <= 0) return `${name} ${fmtNum(price)} is not a price`;
    const dist = relDiff(price, last);
    if (dist > ctx.band) return `${name} ${fmtPrice(price)} is ${fmtPct(dist)} from the last ${fmtPrice(last)} (band ${fmtPct(ctx.band)})`;
  }
  if (d.action !== 'hold' && d.stopPrice !== null && d.stopPrice >= last) {
    return `stop ${fmtPrice(d.stopPrice)} is on the wrong side: a ${d.action === 'buy' ? 'protective stop for a buy' : 'stop to sell'} must be below the last ${fmtPrice(last)}`;
  }
  if (d.action === 'buy' && d.limitPrice !== null && d.stopPrice !== null && d.stopPrice >= d.limitPrice) {
    return `stop ${fmtPrice(d.stopPrice)} is not below the limit ${fmtPrice(d.limitPrice)}`;
  }

  const texts = [d.thesis, ...d.evidence.map((e) => e.text)];
  const text = texts.join('\n');

  for (const t of tickerTokens(text)) {
    if (ctx.given.has(t.symbol)) continue;
    if (t.dollar || ctx.known.has(t.symbol)) return `invented ticker ${t.symbol}: named in the ${t.dollar ? 'text as $' + t.symbol : 'text'} but not in the data given`;
  }

  const own = [d.referencePrice, d.limitPrice, d.stopPrice].filter((v): v is number => v !== null);
  for (const p of dollarAmounts(text)) {
    if (own.some((v) => relDiff(p.value, v) <= ctx.tolerance)) continue;
    if (ctx.numbers.some((v) => relDiff(p.value, v) <= ctx.tolerance)) continue;
    const nearest = nearestTo(p.value, ctx.numbers);
    return nearest === null
      ? `price off: the text says ${p.raw}, which matches no number in the data`
      : `price off: the text says ${p.raw}, nearest in the data ${fmtPrice(nearest)} (${fmtPct(relDiff(p.value, nearest))} > ${fmtPct(ctx.tolerance)})`;
  }

  const words = normWords(text);
  for (const probe of ctx.tainted) {
    const hit = repeats(words, probe);
    if (hit) return `repeats an instruction-bearing news item ("${hit}")`;
  }
  return null;
}

function inUnit(v: number): boolean {
  return Number.isFinite(v) && v >= 0 && v <= 1;
}

function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  const base = Math.abs(b);
  return base === 0 ? Number.POSITIVE_INFINITY : Math.abs(a - b) / base;
}

function givenNumbers(facts: GroundingFacts): number[] {
  const out: number[] = [...facts.numbers];
  for (const f of Object.values(facts.symbols)) {
    out.push(f.last);
    if (f.prices) out.push(...f.prices);
  }
  return out.filter((v) => Number.isFinite(v));
}

function nearestTo(v: number, xs: readonly number[]): number | null {
  let best: number | null = null;
  for (const x of xs) if (best === null || Math.abs(x - v) < Math.abs(best - v)) best = x;
  return best;
}

/** `$XYZ` tokens and all-caps words of 1–5 letters (possible tickers), each once. */
export function tickerTokens(text: string): { symbol: string; dollar: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const m of text.matchAll(/(\$)?\b([A-Z]{1,5}(?:\.[A-Z])?)\b(?![a-z'’])/g)) {
    const dollar = m[1] === '$';
    const symbol = m[2]!;
    if (!dollar && ONE_LETTER_WORDS.has(symbol)) continue;
    seen.set(symbol, (seen.get(symbol) ?? false) || dollar);
  }
  return [...seen].map(([symbol, dollar]) => ({ symbol, dollar }));
}

/** Dollar amounts in a text: $12.40, $ 1,234.5, 12.40 USD. Amounts with k/m/bn suffixes are not prices and are skipped. */
export function dollarAmounts(text: string): { raw: string; value: number }[] {
  const out: { raw: string; value: number }[] = [];
  const re = /\$\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d]|[,.]\d)(?!\s?(?:[kKmMbB]\b|bn\b|mn\b|million|billion|thousand|%))|(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?USD\b/g;
  for (const m of text.matchAll(re)) {
    const num = (m[1] ?? m[2])!;
    const value = Number(num.replace(/,/g, ''));
    if (Number.isFinite(value)) out.push({ raw: m[0].trim(), value });
  }
  return out;
}

interface TaintProbe {
  words: string[];
  shingles: Set<string>;
  joined: string;
}

function normWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9$.%\s]+/g, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

function taintProbe(text: string): TaintProbe {
  const words = normWords(text);
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) shingles.add(words.slice(i, i + SHINGLE_WORDS).join(' '));
  return { words, shingles, joined: words.join(' ') };
}

/** The repeated run of words, or null. Short tainted phrases (under five words) must appear whole. */
function repeats(words: readonly string[], probe: TaintProbe): string | null {
  if (probe.words.length < SHINGLE_WORDS) {
    const joined = ` ${words.join(' ')} `;
    return joined.includes(` ${probe.joined} `) ? probe.joined : null;
  }
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) {
    const s = words.slice(i, i + SHINGLE_WORDS).join(' ');
    if (probe.shingles.has(s)) return s;
  }
  return null;
}

function fmtNum(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10_000) / 10_000) : String(v);
}
function fmtPrice(v: number): string {
  return v >= 1 ? v.toFixed(2) : String(Math.round(v * 10_000) / 10_000);
}
function fmtPct(v: number): string {
  return Number.isFinite(v) ? `${Math.round(v * 1000) / 10} %` : '∞ %';
}
