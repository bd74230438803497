/**
 * Grounding of a model's research answer: it may speak only of its own symbol and of prices the data gave.
 *
 * Rejected (with the reason) when the answer
 * - names another ticker: a `$XYZ` cashtag, another instrument's symbol, or an all-caps word of 3–5 letters that
 *   appears nowhere in the (untainted) data and is not a common acronym (FDA, EPS, PDUFA…);
 * - states a dollar price that matches no price of the data (the quote or a `$` figure of an untainted item)
 *   within the tolerance (2 %); amounts in millions or billions are not prices and are not checked;
 * - carries instruction-like text itself, or repeats an instruction phrase of a tainted item (five words running,
 *   or the whole phrase when shorter).
 *
 * Text of tainted items grounds nothing: a ticker or price that only an injected item mentions is rejected.
 */
import { findInstructions } from '../llm/prompt-safety';
import type { ResearchAnswer } from './research-schema';

export const PRICE_TOLERANCE = 0.02;
const SHINGLE = 5;

/** All-caps words a research summary may use without them being tickers. */
const ACRONYMS = new Set(
  (
    'FDA EMA SEC NDA BLA SNDA ANDA IND CRL PDUFA EPS GAAP USD ETF ATM IPO CEO CFO COO CMO CSO NYSE AMEX OTC ' +
    'NASDAQ YOY QOQ LTM TTM EBIT ETA AND THE FOR NOT BUT ALL NEW PLC LLC INC LTD CORP DATA END NOTE USA EU ' +
    'UK API OIL GAS LNG FY ESG NAV ADV ATR RSI SMA EMA VWAP HOLD BUY SELL RISK NEWS ITEM ITEMS' +
    ' PR ET EST EDT EPS NASH AML CKD MDD IV FX ROI ROE PE MD PHD RD'
  ).split(/\s+/),
);

export interface ResearchFacts {
  symbol: string;
  /** Every instrument symbol of the market. */
  knownSymbols: ReadonlySet<string>;
  /** Text of the untainted items and the quote line, as given to the model. */
  dataText: string;
  /** Prices of the data: the quote's and the `$` figures of untainted items. */
  prices: readonly number[];
  /** The instruction-like phrases found in tainted items (the answer must not repeat them). */
  tainted: readonly string[];
}

export function answerText(a: ResearchAnswer): string {
  return [...a.summary, ...a.keyPoints, ...a.risks].join('\n');
}

/** Dollar prices quoted in a text (amounts with a million/billion suffix excluded). */
export function pricesIn(text: string): number[] {
  return dollarAmounts(text).map((d) => d.value);
}

/**
 * Dollar prices in a text: $12.40, $ 1,234.5, 12.40 USD. The whole number is read before its suffix is looked at,
 * so "$25 million" is an amount (skipped), never a price of $2.
 */
export function dollarAmounts(text: string): { raw: string; value: number }[] {
  const out: { raw: string; value: number }[] = [];
  const re = /\$\s?(\d[\d,]*(?:\.\d+)?)|(\d[\d,]*(?:\.\d+)?)\s?USD\b/g;
  for (const m of text.matchAll(re)) {
    const num = (m[1] ?? m[2])!.replace(/,+$/, '');
    const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    if (m[1] !== undefined && /^\s?(?:[kKmMbB]\b|bn\b|mn\b|million|billion|thousand|%)/.test(rest)) continue;
    const value = Number(num.replace(/,/g, ''));
    if (Number.isFinite(value)) out.push({ raw: m[0].trim().replace(/,+$/, ''), value });
  }
  return out;
}

/** `$XYZ` tokens and all-caps words of 1–5 letters (possible tickers), each once; "A" and "I" are words. */
export function tickerTokens(text: string): { symbol: string; dollar: boolean }[] {
  const seen = new Map<string, boolean>();
  for (const m of text.matchAll(/(\$)?\b([A-Z]{1,5}(?:\.[A-Z])?)\b(?![a-z'’-])/g)) {
    const dollar = m[1] === '$';
    const symbol = m[2]!;
    if (!dollar && (symbol === 'A' || symbol === 'I')) continue;
    seen.set(symbol, (seen.get(symbol) ?? false) || dollar);
  }
  return [...seen].map(([symbol, dollar]) => ({ symbol, dollar }));
}

/** null when grounded, else why not. */
export function groundResearch(answer: ResearchAnswer, facts: ResearchFacts): string | null {
  const text = answerText(answer);
  const symbol = facts.symbol.toUpperCase();
  const dataWords = new Set(facts.dataText.match(/\b[A-Z][A-Z0-9]*\b/g) ?? []);

  for (const t of tickerTokens(text)) {
    if (t.symbol === symbol) continue;
    if (t.dollar) return `invented ticker ${t.symbol}: named as $${t.symbol}, the analysis is about ${symbol} only`;
    if (facts.knownSymbols.has(t.symbol)) return `other ticker ${t.symbol}: the analysis is about ${symbol} only`;
    if (t.symbol.length >= 3 && !ACRONYMS.has(t.symbol) && !dataWords.has(t.symbol)) {
      return `invented ticker ${t.symbol}: not in the data given`;
    }
  }

  for (const p of dollarAmounts(text)) {
    if (facts.prices.some((v) => relDiff(p.value, v) <= PRICE_TOLERANCE)) continue;
    return `price off: the answer says ${p.raw}, which matches no price in the data`;
  }

  const instructions = findInstructions(text);
  if (instructions.length > 0) return `answer carries instruction-like text ("${instructions[0]!.slice(0, 80)}")`;
  const words = normWords(text);
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= words.length; i++) shingles.add(words.slice(i, i + SHINGLE).join(' '));
  const joined = ` ${words.join(' ')} `;
  for (const t of facts.tainted) {
    const w = normWords(t);
    if (w.length > 0 && w.length < SHINGLE && joined.includes(` ${w.join(' ')} `)) return `repeats an instruction-bearing news item ("${w.join(' ')}")`;
    for (let i = 0; i + SHINGLE <= w.length; i++) {
      const s = w.slice(i, i + SHINGLE).join(' ');
      if (shingles.has(s)) return `repeats an instruction-bearing news item ("${s}")`;
    }
  }
  return null;
}

function relDiff(a: number, b: number): number {
  if (a === b) return 0;
  return b === 0 ? Number.POSITIVE_INFINITY : Math.abs(a - b) / Math.abs(b);
}

function normWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9$%\s]+/g, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);
}
