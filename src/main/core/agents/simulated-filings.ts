/**
 * Simulated filings and press releases: what a small cap's EDGAR page and newswire look like, generated
 * deterministically from the seed so the research agent has realistic text to summarise offline.
 *
 * - Around every earnings date of the simulator's calendar (market/simulator/earnings.ts): the date announcement
 *   about two weeks before, the results release and its 8-K (Item 2.02) on the day, the 10-Q (10-K for the fourth
 *   quarter) a few sessions later.
 * - Drug makers: the PDUFA date announcement before each FDA decision of the calendar, the announcement of each
 *   trial readout of the clinical calendar, and trial milestones (dosing, enrolment, meetings) in about half of the
 *   months — programme codes and indications as the calendar's eventDetail names them.
 * - Miners: drill-result releases with assays in about half of the months.
 * - Small floats: an S-3 shelf in about a third of the quarters, and a 424B5 prospectus supplement for every
 *   priced offering of the catalyst feed (its price a discount to the prior close, its size the headline's).
 *
 * Companies, products, projects and numbers are fictional. Prices stated in a body come from `closeBefore` (the
 * market data) and are omitted when it has none. Nothing here reads the clock: the feed filters by time.
 */
import type { Instrument } from '../../../shared/contract/schemas';
import { isTradingDay, nextTradingDay, previousTradingDay, sessionFor } from '../market/calendar';
import { clinicalMilestones, corporateEvents, eventDetail } from '../market/simulator/earnings';
import { SMALL_FLOAT_SHARES } from '../market/simulator/catalyst-events';
import { hash32 } from '../market/simulator/random';
import type { CatalystEventRecord } from '../sectors/catalyst-kinds';
import type { NewsItem } from '../segments/types';

export const SOURCE_FILINGS = 'Simulated EDGAR';
export const SOURCE_RELEASES = 'Simulated press release';
export const SOURCE_NEWSWIRE = 'Simulated newswire';

const DAY_MS = 86_400_000;
const DRUG_INDUSTRIES = new Set(['Biotechnology', 'Pharmaceuticals']);
const ASSAYS: Readonly<Record<string, { unit: string; metal: string; lo: number; hi: number; digits: number }>> = {
  'Gold Mining': { unit: 'g/t', metal: 'gold', lo: 0.8, hi: 14, digits: 2 },
  Silver: { unit: 'g/t', metal: 'silver', lo: 40, hi: 900, digits: 0 },
  Copper: { unit: '%', metal: 'copper', lo: 0.3, hi: 3.2, digits: 2 },
  Lithium: { unit: '% Li2O', metal: 'lithium oxide', lo: 0.6, hi: 2.4, digits: 2 },
  Uranium: { unit: '% U3O8', metal: 'uranium oxide', lo: 0.05, hi: 4.5, digits: 2 },
};
const PROJECTS = ['North Ridge', 'Cedar Basin', 'Red Mesa', 'Silver Creek', 'Eagle Flats', 'Iron Hill', 'Blue Lake', 'Granite Pass'] as const;
const CORPORATE_SUFFIX = /,?\s+(Inc\.|Corp\.|Holdings|Ltd\.|Group|Co\.)$/;
const QUARTER_NAMES = ['first', 'second', 'third', 'fourth'] as const;

/** Close of the latest session that closed at or before t (market data), or null. */
export type CloseBefore = (symbol: string, t: number) => number | null;

export function companyName(instrument: Pick<Instrument, 'name' | 'symbol'>): string {
  return instrument.name.replace(CORPORATE_SUFFIX, '') || instrument.symbol;
}

const pick = <T>(list: readonly T[], h: number): T => list[h % list.length]!;
const usd = (x: number): string => `$${x.toFixed(2)}`;
const millions = (x: number): string => `$${(x / 1e6).toFixed(1)} million`;
const shares = (n: number): string => Math.round(n).toLocaleString('en-US');

function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function onOrBeforeTradingDay(date: string): string {
  return isTradingDay(date) ? date : previousTradingDay(date);
}

/** The instant hh:mm New York on a trading day. */
function at(date: string, hh: number, mm: number): number {
  const s = sessionFor(date);
  if (!s) throw new RangeError(`not a trading day: ${date}`);
  return s.open + (hh * 60 + mm - 570) * 60_000;
}

/** A programme of the company (code, indication, phase) as the simulator's event calendar names it. */
function programmeOf(seed: number, symbol: string, kind: 'fda_decision' | 'trial_readout', date: string) {
  const d = eventDetail(seed, { symbol, kind, date });
  return { code: d.programme ?? `${symbol.slice(0, 3)}100`, indication: d.indication ?? 'an undisclosed indication', phase: d.phase ?? 2 };
}

/** The quarter a report on `date` covers: the latest quarter end at least 19 days before it. */
function quarterOf(date: string): { end: string; q: number; year: number } {
  let y = Number(date.slice(0, 4));
  const ends = (yr: number) => [`${yr - 1}-12-31`, `${yr}-03-31`, `${yr}-06-30`, `${yr}-09-30`];
  const limit = addDays(date, -19);
  for (;;) {
    const list = ends(y);
    for (let i = list.length - 1; i >= 0; i--) {
      if (list[i]! <= limit) {
        const end = list[i]!;
        const month = Number(end.slice(5, 7));
        return { end, q: month / 3 - 1, year: Number(end.slice(0, 4)) };
      }
    }
    y--;
  }
}

interface GenContext {
  seed: number;
  instrument: Instrument;
  closeBefore: CloseBefore | null;
}

function item(ctx: GenContext, t: number, kind: string, title: string, body: string, source: string): NewsItem {
  return { symbol: ctx.instrument.symbol, t, kind, title, body, source, url: null };
}

function priorClose(ctx: GenContext, t: number): number | null {
  const c = ctx.closeBefore?.(ctx.instrument.symbol, t);
  return c !== undefined && c !== null && Number.isFinite(c) && c > 0 ? c : null;
}

/** Earnings: the date announcement, the release and its 8-K, then the 10-Q or 10-K. */
function earningsItems(ctx: GenContext, date: string, timing: 'bmo' | 'amc' | 'during'): NewsItem[] {
  const { seed, instrument } = ctx;
  const { symbol } = instrument;
  const company = companyName(instrument);
  const { end, q, year } = quarterOf(date);
  const annual = q === 3;
  const period = annual ? `fourth quarter and full year ${year}` : `${QUARTER_NAMES[q]} quarter ${year}`;
  const h = hash32(seed, symbol, 'report', date);
  const out: NewsItem[] = [];

  const announceDate = onOrBeforeTradingDay(addDays(date, -(10 + (h % 6))));
  const callTime = timing === 'bmo' ? '8:30 a.m.' : timing === 'amc' ? '4:30 p.m.' : '11:00 a.m.';
  out.push(
    item(
      ctx,
      at(announceDate, 8, 0),
      'press_release',
      `${company} to report ${period} results on ${date}`,
      `${company} will release its ${period} financial results on ${date} ${timing === 'bmo' ? 'before the market opens' : timing === 'amc' ? 'after the market closes' : 'during market hours'} and will host a conference call at ${callTime} ET the same day.`,
      SOURCE_RELEASES,
    ),
  );

  const releaseT = timing === 'bmo' ? at(date, 7, 0) : timing === 'amc' ? at(date, 16, 5) : at(date, 12, 0);
  // Quarterly revenue of a small cap: a slice of its capitalisation (price-to-sales 2–8), varying by quarter.
  const ps = 2 + (h % 600) / 100;
  const revenue = (instrument.marketCap / ps / 4) * (0.85 + ((h >>> 10) % 30) / 100);
  const margin = -0.25 + ((h >>> 16) % 40) / 100;
  const netIncome = revenue * margin;
  const eps = netIncome / Math.max(1, instrument.sharesOutstanding);
  const cash = revenue * (0.6 + ((h >>> 20) % 200) / 100);
  out.push(
    item(
      ctx,
      releaseT,
      'press_release',
      `${company} reports ${period} results`,
      `${company} reported revenue of ${millions(revenue)} for the ${period}, ` +
        `and ${netIncome < 0 ? 'a net loss' : 'net income'} of ${millions(Math.abs(netIncome))} ` +
        `(${netIncome < 0 ? 'a loss of ' : ''}${usd(Math.abs(eps))} per share). ` +
        `Cash and equivalents were ${millions(cash)} at ${end}. Management reiterated its outlook.`,
      SOURCE_RELEASES,
    ),
    item(
      ctx,
      releaseT + 60_000,
      '8-K',
      `8-K: ${company}, Item 2.02 Results of Operations and Financial Condition`,
      `On ${date}, ${company} issued a press release announcing its financial results for the period ended ${end}. ` +
        `The press release is furnished as Exhibit 99.1 and is not deemed filed.`,
      SOURCE_FILINGS,
    ),
  );

  const filedDate = (() => {
    let d = date;
    for (let i = 1 + (h % 5); i > 0; i--) d = nextTradingDay(d);
    return d;
  })();
  const filedT = at(filedDate, 16, 30);
  const form = annual ? '10-K' : '10-Q';
  const close = priorClose(ctx, filedT);
  out.push(
    item(
      ctx,
      filedT,
      form,
      annual ? `10-K: ${company} annual report for fiscal year ${year}` : `10-Q: ${company} quarterly report for the quarter ended ${end}`,
      `${company} filed its ${annual ? 'annual report on Form 10-K' : 'quarterly report on Form 10-Q'} for the period ended ${end}. ` +
        `It reports ${shares(instrument.sharesOutstanding)} shares of common stock outstanding` +
        (close !== null ? `; the stock last closed at ${usd(close)} before the filing` : '') +
        `. Risk factors are unchanged from the prior report except for updated liquidity disclosures.`,
      SOURCE_FILINGS,
    ),
  );
  return out;
}

function pdufaItem(ctx: GenContext, date: string): NewsItem {
  const { seed, instrument } = ctx;
  const company = companyName(instrument);
  const h = hash32(seed, instrument.symbol, 'pdufa', date);
  const p = programmeOf(seed, instrument.symbol, 'fda_decision', date);
  const announce = onOrBeforeTradingDay(addDays(date, -(45 + (h % 31))));
  return item(
    ctx,
    at(announce, 7, 30),
    'press_release',
    `${company} announces PDUFA target action date of ${date} for ${p.code}`,
    `The FDA accepted ${company}'s New Drug Application for ${p.code} in ${p.indication} and assigned a ` +
      `Prescription Drug User Fee Act (PDUFA) target action date of ${date}. The agency has not indicated plans for an advisory committee meeting.`,
    SOURCE_RELEASES,
  );
}

/** The announcement, weeks ahead, of a trial readout of the simulator's clinical calendar. */
function readoutItem(ctx: GenContext, date: string): NewsItem {
  const { seed, instrument } = ctx;
  const company = companyName(instrument);
  const h = hash32(seed, instrument.symbol, 'readout-pr', date);
  const p = programmeOf(seed, instrument.symbol, 'trial_readout', date);
  const announce = onOrBeforeTradingDay(addDays(date, -(20 + (h % 31))));
  return item(
    ctx,
    at(announce, 7, 0),
    'press_release',
    `${company} to report topline data from Phase ${p.phase} trial of ${p.code} in ${p.indication} on ${date}`,
    `${company} expects to announce topline results from the Phase ${p.phase} trial of ${p.code} on ${date} and will host a webcast the same day. ` +
      `The primary endpoint was agreed with the FDA before enrolment completed.`,
    SOURCE_RELEASES,
  );
}

/** A trial milestone in about half of the months (drug makers). */
function trialItem(ctx: GenContext, month: string): NewsItem | null {
  const { seed, instrument } = ctx;
  const h = hash32(seed, instrument.symbol, 'trial', month);
  if (h % 2 === 0) return null;
  const date = onOrBeforeTradingDay(`${month}-${String(3 + ((h >>> 3) % 25)).padStart(2, '0')}`);
  if (date.slice(0, 7) !== month) return null;
  const company = companyName(instrument);
  const p = programmeOf(seed, instrument.symbol, 'trial_readout', `${month}-01`);
  const code = p.code;
  const indication = p.indication;
  const phase = `Phase ${p.phase}`;
  const patients = 40 + ((h >>> 14) % 360);
  const year = Number(month.slice(0, 4));
  const half = Number(month.slice(5, 7)) <= 6 ? `the second half of ${year}` : `the first half of ${year + 1}`;
  const variants: [string, string][] = [
    [
      `${company} doses first patient in ${phase} trial of ${code} in ${indication}`,
      `The randomised, placebo-controlled ${phase} trial plans to enrol about ${patients} patients at sites in the United States and Europe. Topline data are expected in ${half}.`,
    ],
    [
      `${company} completes enrolment in ${phase} trial of ${code}`,
      `The trial enrolled ${patients} patients with ${indication}. The company expects topline data in ${half}.`,
    ],
    [
      `${company} to present ${code} data at an upcoming medical meeting`,
      `An oral presentation will cover safety and exploratory efficacy data from ${patients} patients treated with ${code} in ${indication}.`,
    ],
  ];
  const [title, body] = pick(variants, h >>> 20);
  return item(ctx, at(date, 7, 0), 'press_release', title, body, SOURCE_RELEASES);
}

/** A drill-result release with an assay in about half of the months (miners). */
function drillItem(ctx: GenContext, month: string): NewsItem | null {
  const { seed, instrument } = ctx;
  const assay = ASSAYS[instrument.industry];
  if (!assay) return null;
  const h = hash32(seed, instrument.symbol, 'drill', month);
  if (h % 2 === 0) return null;
  const date = onOrBeforeTradingDay(`${month}-${String(3 + ((h >>> 3) % 25)).padStart(2, '0')}`);
  if (date.slice(0, 7) !== month) return null;
  const company = companyName(instrument);
  const project = pick(PROJECTS, h >>> 8);
  const grade = assay.lo + (((h >>> 12) % 1000) / 1000) * (assay.hi - assay.lo);
  const metres = 4 + ((h >>> 22) % 60);
  const hole = `${project.slice(0, 2).toUpperCase()}${month.slice(2, 4)}-${String(1 + ((h >>> 5) % 120)).padStart(3, '0')}`;
  return item(
    ctx,
    at(date, 7, 30),
    'press_release',
    `${company} reports drill results from ${project}`,
    `Hole ${hole} intersected ${grade.toFixed(assay.digits)} ${assay.unit} ${assay.metal} over ${metres} metres. ` +
      `The ${project} program continues with ${2 + ((h >>> 9) % 5)} rigs; assays for further holes are pending.`,
    SOURCE_RELEASES,
  );
}

/** An S-3 shelf in about a third of the quarters (small floats only). */
function shelfItem(ctx: GenContext, quarterStart: string): NewsItem | null {
  const { seed, instrument } = ctx;
  if (instrument.float >= SMALL_FLOAT_SHARES) return null;
  const h = hash32(seed, instrument.symbol, 'shelf', quarterStart);
  if (h % 3 !== 0) return null;
  const date = onOrBeforeTradingDay(addDays(quarterStart, 5 + ((h >>> 4) % 80)));
  const size = (25 + ((h >>> 12) % 8) * 25) * 1e6;
  const company = companyName(instrument);
  return item(
    ctx,
    at(date, 17, 15),
    'S-3',
    `S-3: ${company} shelf registration of up to ${millions(size)} of securities`,
    `${company} registered up to ${millions(size)} of common stock, preferred stock, warrants and units for sale from time to time, ` +
      `including through an at-the-market program. Proceeds would fund operations and general corporate purposes.`,
    SOURCE_FILINGS,
  );
}

/** The prospectus supplement of a priced offering from the catalyst feed. */
function offeringItem(ctx: GenContext, c: CatalystEventRecord): NewsItem {
  const { seed, instrument } = ctx;
  const company = companyName(instrument);
  const h = hash32(seed, instrument.symbol, 'offering', c.t);
  const amount = Number(/\$(\d+(?:\.\d+)?)M/.exec(c.headline)?.[1] ?? 5 + (h % 46)) * 1e6;
  const close = priorClose(ctx, c.t);
  let body: string;
  if (close !== null) {
    const price = Math.max(0.01, Math.round(close * (0.8 + ((h >>> 8) % 13) / 100) * 100) / 100);
    body =
      `${company} is offering ${shares(amount / price)} shares of common stock at ${usd(price)} per share, ` +
      `a ${(((close - price) / close) * 100).toFixed(1)}% discount to the prior close of ${usd(close)}, for gross proceeds of about ${millions(amount)}. ` +
      `Underwriters have a 30-day option to buy up to 15% more shares.`;
  } else {
    body = `${company} is offering common stock for gross proceeds of about ${millions(amount)}. Underwriters have a 30-day option to buy up to 15% more shares.`;
  }
  return item(ctx, c.t + 60_000, '424B5', `424B5: ${company} prospectus supplement for a ${millions(amount)} offering`, body, SOURCE_FILINGS);
}

/** The newswire story of a catalyst: its headline and a body stating the move and the prior close. */
export function catalystItem(instrument: Instrument, c: CatalystEventRecord, closeBefore: CloseBefore | null): NewsItem {
  const close = closeBefore?.(instrument.symbol, c.t) ?? null;
  const move = `${c.movePct >= 0 ? '+' : ''}${c.movePct.toFixed(1)}%`;
  const company = companyName(instrument);
  const prior = close !== null && close > 0 ? ` The stock closed at ${usd(close)} in the prior session.` : '';
  return {
    symbol: instrument.symbol,
    t: c.t,
    kind: 'news',
    title: c.headline,
    body: `${c.headline}. Shares of ${company} (${instrument.symbol}) moved ${move} on the news.${prior}`,
    source: SOURCE_NEWSWIRE,
    url: null,
  };
}

/**
 * Every generated filing and release of `instrument` with fromT ≤ t ≤ toT (unordered). `offerings` are the priced
 * offerings of the catalyst feed in the same window.
 */
export function simulatedFilings(
  seed: number,
  instrument: Instrument,
  fromT: number,
  toT: number,
  offerings: readonly CatalystEventRecord[],
  closeBefore: CloseBefore | null,
  fromDate: string,
  toDate: string,
): NewsItem[] {
  if (instrument.kind !== 'stock') return [];
  const ctx: GenContext = { seed, instrument, closeBefore };
  const out: NewsItem[] = [];
  // Announcements precede their events by up to ~75 days, and 10-Qs follow the report by up to 5 sessions.
  for (const e of corporateEvents(seed, [instrument], addDays(fromDate, -10), addDays(toDate, 80))) {
    if (e.kind === 'earnings') out.push(...earningsItems(ctx, e.date, e.timing));
    else if (e.kind === 'fda_decision') out.push(pdufaItem(ctx, e.date));
  }
  for (const e of clinicalMilestones(seed, [instrument], addDays(fromDate, -10), addDays(toDate, 60))) out.push(readoutItem(ctx, e.date));
  const drug = instrument.sector === 'healthcare' && DRUG_INDUSTRIES.has(instrument.industry);
  const miner = instrument.industry in ASSAYS;
  for (let m = fromDate.slice(0, 7); m <= toDate.slice(0, 7); m = addDays(`${m}-28`, 7).slice(0, 7)) {
    if (drug) {
      const x = trialItem(ctx, m);
      if (x) out.push(x);
    }
    if (miner) {
      const x = drillItem(ctx, m);
      if (x) out.push(x);
    }
    const month = Number(m.slice(5, 7));
    if (month % 3 === 1) {
      const x = shelfItem(ctx, `${m}-01`);
      if (x) out.push(x);
    }
  }
  // A shelf filed in the quarter before the window may still fall inside it.
  const qStart = `${fromDate.slice(0, 4)}-${String(Math.floor((Number(fromDate.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
  if (qStart.slice(0, 7) < fromDate.slice(0, 7)) {
    const x = shelfItem(ctx, qStart);
    if (x) out.push(x);
  }
  for (const c of offerings) if (c.kind === 'offering') out.push(offeringItem(ctx, c));
  return out.filter((x) => x.t >= fromT && x.t <= toT);
}
