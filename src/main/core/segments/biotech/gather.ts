/**
 * Biotech gather: every member's price, ATR(14), 20-session run-up and liquidity, and its next binary event (PDUFA
 * date or trial readout) from the simulator's FDA and clinical-trial calendars; the shortlist the prompt shows
 * (held names, the best run-up setups, the nearest catalysts), research candidates, recent news of the shortlist,
 * and grounding facts for every number the prompt states.
 */
import type { SegmentBook, SegmentIndicator } from '../../../../shared/contract';
import type { Instrument } from '../../../../shared/contract/schemas';
import { SMALL_FLOAT_SHARES } from '../../market/simulator/catalyst-events';
import { round1, round4 } from '../common/format';
import { liquidityOf, memberLoopTick, pushBookFacts, pushRiskFacts, rankedSetups, segmentNews, withHeld, type MemberRowBase, type SegmentNews } from '../common/gather-parts';
import { addCalendarDays, daysBetween, eventDetailOf, memberSnapshot, momentum, smaClose, tickRound } from '../market-view';
import type { GroundingFacts, MemberSnapshot, SegmentContext, SegmentData } from '../types';
import { BIOTECH_PLAYBOOK as PB, BIOTECH_RISK } from './defaults';
import { biotechRisk } from './risk';
import { setupScore } from './rules';

export const BINARY_KINDS: ReadonlySet<string> = new Set(['fda_decision', 'trial_readout']);
export const PRICES_SOURCE = 'daily bars (simulator)';
export const CALENDAR_SOURCE = 'FDA calendar and clinical-trial milestones (simulator)';
/** How far ahead member notes look for the next binary event. */
const NOTE_DAYS = 120;
const NEWS_DAYS = 14;
const NEWS_SYMBOLS = 8;

export interface Catalyst {
  kind: 'fda_decision' | 'trial_readout';
  date: string;
  /** Calendar days from today. */
  days: number;
  detail: string;
  phase: 1 | 2 | 3 | null;
}

export interface BiotechRow extends MemberRowBase {
  sma20: number | null;
  /** 20-session return. */
  runUp20: number | null;
  catalyst: Catalyst | null;
  /** Float under 15 M shares: the names that most often fund themselves with offerings (a cash-runway proxy). */
  smallFloat: boolean;
  /** Pre-catalyst run-up score in (0, 1], null when the setup does not qualify. */
  score: number | null;
  held: boolean;
}

export type BiotechNews = SegmentNews;

export interface BiotechDetail {
  kind: 'biotech';
  today: string;
  universeSize: number;
  /** Shortlisted rows (held first), the ones the prompt shows and the rules may trade. */
  rows: BiotechRow[];
  /** Binary events of the whole universe within the entry window, nearest first (the prompt's calendar). */
  catalysts: (Catalyst & { symbol: string })[];
  /** The next binary event of every held position (null when none within the note window). */
  heldCatalysts: Record<string, Catalyst | null>;
  news: BiotechNews[];
}

function phaseOf(detail: string): 1 | 2 | 3 | null {
  const m = /Phase ([123])/.exec(detail);
  return m ? (Number(m[1]) as 1 | 2 | 3) : null;
}

function noteOf(c: Catalyst | null): string | null {
  if (!c) return null;
  return c.kind === 'fda_decision' ? `PDUFA ${c.date}` : `Phase ${c.phase ?? '?'} readout ${c.date}`;
}

export async function gatherBiotech(ctx: SegmentContext, book: SegmentBook, universe: readonly Instrument[]): Promise<SegmentData> {
  const view = ctx.market;
  const asOf = ctx.now();
  const today = ctx.today();
  // Held names outside today's universe (a cap that grew past 2 B) are still the sleeve's to manage.
  const { instruments, heldSymbols } = withHeld(ctx, book, universe);
  const symbols = instruments.map((i) => i.symbol);

  ctx.progress('gather', 0.05, `reading the catalyst calendar of ${symbols.length} names`);
  const nextBinary = new Map<string, Catalyst>();
  for (const e of view.events(symbols, today, addCalendarDays(today, NOTE_DAYS))) {
    if (!BINARY_KINDS.has(e.kind) || nextBinary.has(e.symbol)) continue;
    const detail = eventDetailOf(e) ?? (e.kind === 'fda_decision' ? 'PDUFA date' : 'trial readout');
    nextBinary.set(e.symbol, { kind: e.kind as Catalyst['kind'], date: e.date, days: daysBetween(today, e.date), detail, phase: phaseOf(detail) });
  }

  const members: MemberSnapshot[] = [];
  const rows: BiotechRow[] = [];
  for (const [k, inst] of instruments.entries()) {
    memberLoopTick(ctx, k, instruments.length);
    const bars = view.dailyBars(inst.symbol, 40);
    const quote = view.quote(inst.symbol);
    const avgVolume = view.avgVolume(inst.symbol);
    const catalyst = nextBinary.get(inst.symbol) ?? null;
    const snap = memberSnapshot(inst, quote, bars, avgVolume, noteOf(catalyst));
    if (!snap) continue;
    members.push(snap);
    const closes = bars.map((b) => b.c);
    const sma = smaClose(bars, 20);
    const row: BiotechRow = {
      symbol: inst.symbol,
      name: inst.name,
      industry: inst.industry,
      last: snap.last,
      changePct: snap.changePct,
      ...liquidityOf(snap, avgVolume),
      sma20: sma === null ? null : tickRound(sma),
      runUp20: momentum(closes, 20, snap.last),
      catalyst,
      smallFloat: inst.float < SMALL_FLOAT_SHARES,
      score: null,
      held: heldSymbols.has(inst.symbol),
    };
    row.score = setupScore(row);
    rows.push(row);
  }

  const held = rows.filter((r) => r.held);
  const setups = rankedSetups(rows);
  const nearest = rows
    .filter((r) => !r.held && r.score === null && r.catalyst && r.catalyst.days <= PB.riskEventDays)
    .sort((a, b) => a.catalyst!.days - b.catalyst!.days || a.symbol.localeCompare(b.symbol));
  const shortlist = [...held, ...setups.slice(0, PB.shortlist), ...nearest].slice(0, Math.max(PB.shortlist + held.length, held.length));
  const candidates = [...held.filter((r) => r.catalyst && r.catalyst.days <= PB.trimDays), ...setups].map((r) => r.symbol).slice(0, 5);

  const catalysts = rows
    .filter((r) => r.catalyst && r.catalyst.days <= PB.entryMaxDays)
    .map((r) => ({ symbol: r.symbol, ...r.catalyst! }))
    .sort((a, b) => a.days - b.days || a.symbol.localeCompare(b.symbol));

  ctx.progress('gather', 0.92, 'news of the shortlist');
  const news: BiotechNews[] = [];
  for (const r of shortlist.slice(0, NEWS_SYMBOLS)) {
    for (const n of view.news(r.symbol, asOf - NEWS_DAYS * 86_400_000, 2)) {
      news.push(segmentNews(n));
    }
  }

  const heldCatalysts: Record<string, Catalyst | null> = {};
  for (const p of book.positions) heldCatalysts[p.symbol] = nextBinary.get(p.symbol) ?? null;

  const in30 = rows.filter((r) => r.catalyst && r.catalyst.days <= PB.riskEventDays);
  const runUps = rows.map((r) => r.runUp20).filter((x): x is number => x !== null).sort((a, b) => a - b);
  const median = runUps.length > 0 ? runUps[Math.floor(runUps.length / 2)]! : null;
  const indicators: SegmentIndicator[] = [
    { key: 'members', label: 'Members', value: members.length, unit: 'count', change: null, source: 'simulator universe', asOf },
    { key: 'pdufa_30d', label: 'PDUFA dates within 30 days', value: in30.filter((r) => r.catalyst!.kind === 'fda_decision').length, unit: 'count', change: null, source: CALENDAR_SOURCE, asOf },
    { key: 'readouts_30d', label: 'Trial readouts within 30 days', value: in30.filter((r) => r.catalyst!.kind === 'trial_readout').length, unit: 'count', change: null, source: CALENDAR_SOURCE, asOf },
    { key: 'runup_setups', label: 'Pre-catalyst run-up setups', value: setups.length, unit: 'count', change: null, source: 'biotech rules', asOf },
    { key: 'median_runup_20d', label: 'Median 20-session return', value: median === null ? null : round4(median), unit: 'pct', change: null, source: PRICES_SOURCE, asOf },
  ];

  const facts: GroundingFacts = { symbols: {}, numbers: [] };
  for (const r of rows) {
    const prices = [r.sma20, r.atr].filter((x): x is number => x !== null);
    facts.symbols[r.symbol] = prices.length > 0 ? { last: r.last, prices } : { last: r.last };
  }
  pushBookFacts(facts, book);
  for (const r of shortlist) {
    // As the prompt prints them: percentages to one decimal, dollar volume in millions to one decimal.
    if (r.runUp20 !== null) facts.numbers.push(round1(r.runUp20 * 100));
    if (r.changePct !== null) facts.numbers.push(round1(r.changePct));
    if (r.atrPct !== null) facts.numbers.push(round1(r.atrPct * 100));
    if (r.catalyst) facts.numbers.push(r.catalyst.days);
    if (r.dollarVolume !== null) facts.numbers.push(round1(r.dollarVolume / 1e6));
  }
  for (const i of indicators) if (i.value !== null) facts.numbers.push(i.value);

  const detail: BiotechDetail = { kind: 'biotech', today, universeSize: universe.length, rows: shortlist, catalysts: catalysts.slice(0, 40), heldCatalysts, news };
  ctx.progress('gather', 1, `${members.length} members, ${setups.length} run-up setups, ${catalysts.length} catalysts within ${PB.entryMaxDays} days`);
  const data: SegmentData = { asOf, members, indicators, facts, candidates, research: {}, detail: detail as unknown as Record<string, unknown> };
  // The risk block the prompt prints (its figures as printed, percentages to one decimal; default limits for the ratios).
  pushRiskFacts(facts, biotechRisk(book, data, BIOTECH_RISK).metrics);
  return data;
}

/** The segment's detail, checked enough to read (gather's own shape). */
export function biotechDetail(data: { detail: Record<string, unknown> }): BiotechDetail {
  const d = data.detail as unknown as BiotechDetail;
  if (d?.kind !== 'biotech' || !Array.isArray(d.rows)) throw new Error('biotech data without its detail (gathered by another segment?)');
  return d;
}
