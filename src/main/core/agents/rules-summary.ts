/**
 * The research agent's deterministic summariser: the default without a model and the fallback when a model's
 * answer fails. Headline-based, so it works for any source's items:
 *
 * - each item is classified by its headline (FDA decision, trial readout, earnings, offering, contract, drilling,
 *   filing…) with a sign (+1 / −1 / 0); items of one category on one day count once (a headline and its filing);
 * - sentiment from the signed items weighted by kind (FDA 2, trial 1.5, others 1) and recency (half-life 15 days):
 *   score ≥ 0.75 BULLISH, ≤ −0.75 BEARISH, else NEUTRAL;
 * - confidence from how many signed items there are (4 or more count fully) and how much they agree;
 * - risks: offerings and shelves (dilution), negative catalysts, upcoming binary events and reports, and any item
 *   holding instruction-like text — which is listed, never weighed.
 *
 * Pure: the same items and `now` always give the same answer.
 */
import { nyDate } from '../market/calendar';
import type { NewsItem } from '../segments/types';
import { INSTRUCTION_RISK, type ResearchAnswer } from './research-schema';

export type ItemCategory = 'fda' | 'trial' | 'earnings' | 'offering' | 'shelf' | 'contract' | 'drilling' | 'filing' | 'corporate' | 'other';

export interface ClassifiedItem {
  item: NewsItem;
  category: ItemCategory;
  sign: -1 | 0 | 1;
  /** A dated future event the item announces (YYYY-MM-DD), e.g. a PDUFA date or a report date. */
  announces: { date: string; what: 'PDUFA date' | 'trial readout' | 'earnings report' | 'event' } | null;
  /** Held instruction-like text: listed as a risk, never weighed. */
  tainted: boolean;
}

const WEIGHTS: Readonly<Record<ItemCategory, number>> = {
  fda: 2,
  trial: 1.5,
  earnings: 1,
  offering: 1,
  shelf: 0,
  contract: 1,
  drilling: 1,
  filing: 0,
  corporate: 1,
  other: 0,
};
const HALF_LIFE_DAYS = 15;
const BULLISH_AT = 0.75;
const FULL_COVERAGE = 4;
const DAY_MS = 86_400_000;

interface Rule {
  re: RegExp;
  category: ItemCategory;
  sign: -1 | 0 | 1;
}

// First match wins; negatives before positives where a headline could read both ways.
const RULES: readonly Rule[] = [
  { re: /complete response letter|\bCRL\b|FDA (?:rejects|declines)|refuse[sd]? to file/i, category: 'fda', sign: -1 },
  { re: /FDA (?:approves|approval|grants approval)|receives FDA approval/i, category: 'fda', sign: 1 },
  { re: /PDUFA/i, category: 'fda', sign: 0 },
  { re: /(?:misses|miss|fails to meet|did not meet|failed to meet) (?:its |the )?primary endpoint|trial (?:halted|discontinued)|clinical hold/i, category: 'trial', sign: -1 },
  { re: /meets (?:its |the )?primary endpoint|met (?:its |the )?primary endpoint|positive topline/i, category: 'trial', sign: 1 },
  { re: /\bphase [123]\b|enrol?ment|first patient|topline|medical meeting/i, category: 'trial', sign: 0 },
  { re: /prospectus supplement|public offering|registered direct|private placement|at-the-market|\b424B[1-7]\b/i, category: 'offering', sign: -1 },
  { re: /shelf registration|\bS-3\b|\bS-1\b/i, category: 'shelf', sign: 0 },
  { re: /fall short|disappoint|(?:dry|abandoned) (?:hole|well)/i, category: 'drilling', sign: -1 },
  { re: /high-grade intercepts|strong initial flow|discovery/i, category: 'drilling', sign: 1 },
  { re: /drill(?:ing)? results|drill program|assays/i, category: 'drilling', sign: 0 },
  { re: /misses .*estimates|cuts (?:its )?(?:outlook|guidance)|lowers (?:its )?guidance|going concern/i, category: 'earnings', sign: -1 },
  { re: /beats .*estimates|raises (?:its )?guidance|record (?:quarterly )?revenue/i, category: 'earnings', sign: 1 },
  { re: /results|earnings|in line with estimates/i, category: 'earnings', sign: 0 },
  { re: /wins .*contract|awarded .*contract|contract (?:win|award)/i, category: 'contract', sign: 1 },
  { re: /delist|subpoena|investigation|bankruptcy|default|recall|downgrade/i, category: 'corporate', sign: -1 },
  { re: /upgrade|to be acquired|definitive agreement to be acquired|strategic partnership/i, category: 'corporate', sign: 1 },
];
const FILING_KINDS = new Set(['8-K', '10-Q', '10-K', '6-K', '20-F', 'DEF 14A']);
const DATE_RE = /\b(?:on|of|for)\s+(\d{4}-\d{2}-\d{2})\b/;

export function classifyItem(item: NewsItem, tainted: boolean): ClassifiedItem {
  const text = `${item.kind} ${item.title}`;
  let category: ItemCategory = FILING_KINDS.has(item.kind.toUpperCase()) ? 'filing' : 'other';
  let sign: -1 | 0 | 1 = 0;
  if (/^424B/i.test(item.kind)) {
    category = 'offering';
    sign = -1;
  } else if (/^S-[13]$/i.test(item.kind)) {
    category = 'shelf';
  } else if (category !== 'filing') {
    const rule = RULES.find((r) => r.re.test(text));
    if (rule) {
      category = rule.category;
      sign = rule.sign;
    }
  }
  const date = DATE_RE.exec(item.title)?.[1] ?? null;
  const announces =
    date !== null && date > nyDate(item.t)
      ? {
          date,
          what: /PDUFA/i.test(item.title)
            ? ('PDUFA date' as const)
            : /topline|readout/i.test(item.title)
              ? ('trial readout' as const)
              : /results|earnings/i.test(item.title)
                ? ('earnings report' as const)
                : ('event' as const),
        }
      : null;
  return { item, category, sign, announces, tainted };
}

const clip = (s: string, n = 200): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const kindLabel = (item: NewsItem): string => (item.kind === 'news' ? 'news' : item.kind === 'press_release' ? 'press release' : item.kind);
/** "date · kind: title", without repeating a kind the title already starts with ("10-Q: …"). */
const pointOf = (item: NewsItem, title: string): string =>
  title.toUpperCase().startsWith(`${item.kind.toUpperCase()}:`) ? `${nyDate(item.t)} · ${title}` : `${nyDate(item.t)} · ${kindLabel(item)}: ${title}`;

export interface RulesSummaryInput {
  symbol: string;
  now: number;
  /** Newest first. */
  items: readonly NewsItem[];
  /** Per item (same order): true when it holds instruction-like text. */
  tainted: readonly boolean[];
  windowDays: number;
}

export function rulesSummary(input: RulesSummaryInput): ResearchAnswer {
  const { symbol, now, items } = input;
  const classified = items.map((item, i) => classifyItem(item, input.tainted[i] === true));
  const clean = classified.filter((c) => !c.tainted);
  const today = nyDate(now);

  // One signed event per (category, day): a headline and its filing are the same event.
  const seen = new Set<string>();
  const signed: ClassifiedItem[] = [];
  for (const c of clean) {
    if (c.sign === 0 || WEIGHTS[c.category] === 0) continue;
    const key = `${c.category}|${nyDate(c.item.t)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    signed.push(c);
  }
  let score = 0;
  let mass = 0;
  for (const c of signed) {
    const ageDays = Math.max(0, now - c.item.t) / DAY_MS;
    const w = WEIGHTS[c.category] * 0.5 ** (ageDays / HALF_LIFE_DAYS);
    score += c.sign * w;
    mass += w;
  }
  const sentiment: ResearchAnswer['sentiment'] = score >= BULLISH_AT ? 'BULLISH' : score <= -BULLISH_AT ? 'BEARISH' : 'NEUTRAL';
  const agreement = mass > 0 ? Math.abs(score) / mass : 0;
  const coverage = Math.min(1, signed.length / FULL_COVERAGE);
  const confidence =
    clean.length === 0 ? 0.1 : signed.length === 0 ? 0.2 : Math.round((0.15 + 0.7 * coverage * agreement) * 100) / 100;

  const positives = signed.filter((c) => c.sign > 0).length;
  const negatives = signed.length - positives;
  const upcoming = clean
    .filter((c) => c.announces !== null && c.announces.date >= today)
    .sort((a, b) => (a.announces!.date < b.announces!.date ? -1 : a.announces!.date > b.announces!.date ? 1 : 0));
  const nextEvents = dedupe(upcoming.map((c) => `${c.announces!.what} on ${c.announces!.date}`));

  const summary: string[] = [];
  if (clean.length === 0) {
    summary.push(`No news or filings for ${symbol} in the last ${input.windowDays} days.`);
  } else {
    summary.push(
      `${clean.length} news item${clean.length === 1 ? '' : 's'} and filing${clean.length === 1 ? '' : 's'} for ${symbol} in the last ${input.windowDays} days; ` +
        `${signed.length} signed catalyst${signed.length === 1 ? '' : 's'} (${positives} positive, ${negatives} negative).`,
    );
    const latest = signed[0];
    if (latest) summary.push(`Latest catalyst (${nyDate(latest.item.t)}): ${clip(latest.item.title)}.`);
    if (nextEvents.length > 0) summary.push(`Upcoming: ${nextEvents.slice(0, 2).join('; ')}.`);
    summary.push(
      sentiment === 'NEUTRAL'
        ? `Signed catalysts do not lean either way (recency-weighted score ${score.toFixed(2)}).`
        : `Signed catalysts lean ${sentiment === 'BULLISH' ? 'positive' : 'negative'} (recency-weighted score ${score.toFixed(2)}).`,
    );
  }

  const keyPoints = classified.slice(0, 6).map((c) =>
    c.tainted
      ? `${nyDate(c.item.t)} · ${kindLabel(c.item)} (instruction-like text, quoted as data): "${clip(c.item.title, 160)}"`
      : pointOf(c.item, clip(c.item.title)),
  );

  const risks: string[] = [];
  for (const c of clean.filter((x) => x.category === 'offering' || x.category === 'shelf').slice(0, 2)) {
    risks.push(`Dilution: ${clip(c.item.title, 180)} (${nyDate(c.item.t)}).`);
  }
  for (const c of signed.filter((x) => x.sign < 0 && x.category !== 'offering').slice(0, 2)) {
    risks.push(`Negative catalyst: ${clip(c.item.title, 180)} (${nyDate(c.item.t)}).`);
  }
  for (const c of upcoming.slice(0, 3)) {
    const a = c.announces!;
    risks.push(
      a.what === 'PDUFA date'
        ? `Binary event: FDA decision (PDUFA) due ${a.date}.`
        : a.what === 'trial readout'
          ? `Binary event: trial readout due ${a.date}.`
          : a.what === 'earnings report'
          ? `Earnings report due ${a.date}: gap risk around the release.`
          : `Scheduled event on ${a.date}.`,
    );
  }
  if (clean.length === 0) risks.push('No news or filings to confirm a move: any thesis rests on price action alone.');
  if (classified.some((c) => c.tainted)) risks.push(`${INSTRUCTION_RISK}.`);

  return { summary, keyPoints, risks: dedupe(risks), sentiment, confidence };
}

function dedupe(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}
