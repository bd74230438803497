/**
 * The simulator's catalyst feed: each simulated jump (MarketSimulator.catalysts) dressed as a news event with a
 * kind and a headline. The kind follows the company's sector and industry and the sign of the move; where several
 * fit, a hash of symbol and session date picks one, so the feed is as deterministic as the market itself.
 * Companies, products and projects are all fictional.
 */
import type { Instrument } from '../../../../shared/contract/schemas';
import { directionOf, type CatalystEventRecord, type CatalystKind } from '../../sectors/catalyst-kinds';
import type { MarketSimulator } from './index';

/** Floats below this many shares count as small: a negative jump there is often a dilutive offering. */
export const SMALL_FLOAT_SHARES = 15_000_000;

const DRUG_INDUSTRIES = new Set(['Biotechnology', 'Pharmaceuticals']);
const DEVICE_INDUSTRIES = new Set(['Medical Devices', 'Diagnostics & Research']);
const MINING_INDUSTRIES = new Set(['Gold Mining', 'Copper', 'Lithium', 'Silver']);
const EXPLORATION_INDUSTRIES = new Set(['Oil & Gas E&P', 'Uranium']);

const INDICATIONS = [
  'advanced solid tumours',
  'rare metabolic disease',
  'moderate-to-severe psoriasis',
  'treatment-resistant depression',
  'chronic kidney disease',
  'acute myeloid leukaemia',
  'non-alcoholic steatohepatitis',
  'migraine prevention',
] as const;
const PROJECTS = [
  'North Ridge',
  'Cedar Basin',
  'Red Mesa',
  'Silver Creek',
  'Eagle Flats',
  'Iron Hill',
  'Blue Lake',
  'Granite Pass',
] as const;
const CUSTOMERS = [
  'a U.S. federal agency',
  'a defence prime contractor',
  'a Fortune 500 customer',
  'a regional utility',
  'a state transportation department',
  'a global telecom operator',
] as const;
const CORPORATE_SUFFIX = /,?\s+(Inc\.|Corp\.|Holdings|Ltd\.|Group|Co\.)$/;

/** FNV-1a over the string: a well-mixed 32-bit unsigned hash. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so nearby strings (same symbol, next date) differ in every bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** The kind of catalyst a move of `movePct` on `date` was for this instrument (deterministic). */
export function catalystKindFor(
  instrument: Pick<Instrument, 'symbol' | 'sector' | 'industry' | 'float'>,
  date: string,
  movePct: number,
): CatalystKind {
  const h = hash32(`${instrument.symbol}|${date}`);
  const u = (h & 0xffff) / 0x10000;
  const v = (h >>> 16) / 0x10000;
  const dir = directionOf(movePct);
  if (dir < 0 && instrument.float < SMALL_FLOAT_SHARES && v < 0.5) return 'offering';
  const { sector, industry } = instrument;
  if (sector === 'healthcare') {
    if (DRUG_INDUSTRIES.has(industry)) return u < 0.5 ? 'fda_decision' : 'trial_readout';
    if (DEVICE_INDUSTRIES.has(industry) && u < 0.5) return 'fda_decision';
    return 'earnings';
  }
  const explores =
    (sector === 'materials' && MINING_INDUSTRIES.has(industry)) ||
    (sector === 'energy' && EXPLORATION_INDUSTRIES.has(industry));
  if (explores) return u < 0.7 ? 'drilling_results' : 'earnings';
  if (dir > 0 && (sector === 'industrials' || sector === 'technology') && u < 0.45) return 'contract_win';
  return 'earnings';
}

function pick<T>(list: readonly T[], h: number): T {
  return list[h % list.length]!;
}

/** A short headline naming the company (fictional products, projects and customers). */
export function catalystHeadline(
  instrument: Pick<Instrument, 'symbol' | 'name' | 'industry'>,
  date: string,
  kind: CatalystKind,
  movePct: number,
): string {
  const company = instrument.name.replace(CORPORATE_SUFFIX, '') || instrument.symbol;
  const h = hash32(`${date}|${instrument.symbol}|${kind}`);
  const up = movePct >= 0;
  const code = `${instrument.symbol.slice(0, 3).toUpperCase()}-${100 + (h % 900)}`;
  switch (kind) {
    case 'fda_decision':
      return up
        ? `${company}: FDA approves ${code} for ${pick(INDICATIONS, h >>> 8)}`
        : `${company}: FDA issues complete response letter for ${code}`;
    case 'trial_readout': {
      const phase = (h >>> 4) % 2 === 0 ? 'Phase 2' : 'Phase 3';
      return up
        ? `${company}: ${phase} trial of ${code} in ${pick(INDICATIONS, h >>> 8)} meets primary endpoint`
        : `${company}: ${phase} trial of ${code} misses primary endpoint`;
    }
    case 'drilling_results': {
      const project = pick(PROJECTS, h >>> 8);
      const mining = !/Oil|Gas|E&P/.test(instrument.industry);
      if (mining) {
        return up
          ? `${company} reports high-grade intercepts at ${project} project`
          : `${company}: ${project} drill results fall short of expectations`;
      }
      return up
        ? `${company} reports strong initial flow rates at ${project}`
        : `${company}: ${project} well results disappoint`;
    }
    case 'offering':
      return `${company} prices $${5 + (h % 46)}M public offering of common stock`;
    case 'contract_win':
      return `${company} wins $${10 + (h % 190)}M contract from ${pick(CUSTOMERS, h >>> 8)}`;
    case 'earnings':
      if (Math.abs(movePct) < 1) return `${company} reports quarterly results in line with estimates`;
      return up
        ? `${company} beats quarterly estimates and raises guidance`
        : `${company} misses quarterly estimates and cuts outlook`;
  }
}

/**
 * Catalysts of `instruments` on sessions from..to (YYYY-MM-DD, inclusive), as news-like records, ordered by
 * instant then symbol. Instruments the simulator does not know are skipped.
 */
export function catalystEvents(
  sim: MarketSimulator,
  instruments: readonly Instrument[],
  from: string,
  to: string,
): CatalystEventRecord[] {
  const out: CatalystEventRecord[] = [];
  const known = new Set<string>();
  for (const i of sim.instruments()) known.add(i.symbol);
  for (const instrument of instruments) {
    if (!known.has(instrument.symbol)) continue;
    for (const c of sim.catalysts(instrument.symbol, from, to)) {
      const kind = catalystKindFor(instrument, c.date, c.movePct);
      out.push({
        symbol: instrument.symbol,
        t: c.t,
        kind,
        direction: directionOf(c.movePct),
        movePct: c.movePct,
        headline: catalystHeadline(instrument, c.date, kind, c.movePct),
      });
    }
  }
  out.sort((a, b) => a.t - b.t || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return out;
}
