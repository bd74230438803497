/**
 * Command-palette matching: a small fuzzy scorer (exact > prefix > word prefix > substring > subsequence)
 * and a ranker over items that may carry extra keywords (a symbol's company name).
 */

/** Something the palette can list. */
export interface PaletteCandidate {
  id: string;
  kind: 'view' | 'command' | 'symbol';
  label: string;
  /** Extra text matched at a discount, e.g. a company name for a ticker. */
  keywords?: readonly string[];
}

/** How well `query` matches `text`: 0 for no match, higher is better (at most 1000). */
export function matchScore(query: string, text: string): number {
  const q = query.trim().toLowerCase();
  if (q === '') return 1;
  const t = text.toLowerCase();
  if (t === q) return 1000;
  if (t.startsWith(q)) return 900 - Math.min(t.length - q.length, 100);
  const word = findWordStart(t, q);
  if (word >= 0) return 700 - Math.min(word, 100);
  const sub = t.indexOf(q);
  if (sub >= 0) return 500 - Math.min(sub, 100);
  return subsequenceScore(q, t);
}

function findWordStart(t: string, q: string): number {
  let i = t.indexOf(q, 1);
  while (i > 0) {
    if (/[\s\-._/&(]/.test(t[i - 1]!)) return i;
    i = t.indexOf(q, i + 1);
  }
  return -1;
}

/** Letters of q in order within t; runs of consecutive letters score more. 0 when absent. */
function subsequenceScore(q: string, t: string): number {
  let ti = 0;
  let score = 0;
  let run = 0;
  for (const ch of q) {
    const found = t.indexOf(ch, ti);
    if (found < 0) return 0;
    run = found === ti ? run + 1 : 1;
    score += run * 4;
    ti = found + 1;
  }
  // Penalise spread-out matches so "tsla" prefers TSLA-like strings over long names that contain the letters.
  return Math.max(1, Math.min(300, 100 + score - (ti - q.length)));
}

const KIND_ORDER: Record<PaletteCandidate['kind'], number> = { view: 0, command: 1, symbol: 2 };
const KEYWORD_WEIGHT = 0.75;

/** The candidates matching `query`, best first, at most `limit`. */
export function rankCandidates<T extends PaletteCandidate>(query: string, items: readonly T[], limit = 50): T[] {
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    let score = matchScore(query, item.label);
    for (const k of item.keywords ?? []) score = Math.max(score, matchScore(query, k) * KEYWORD_WEIGHT);
    if (score > 0) scored.push({ item, score });
  }
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      KIND_ORDER[a.item.kind] - KIND_ORDER[b.item.kind] ||
      a.item.label.localeCompare(b.item.label),
  );
  return scored.slice(0, limit).map((s) => s.item);
}
