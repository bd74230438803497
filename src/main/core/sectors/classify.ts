/**
 * Sector classification of an instrument (seed 004): a manual override wins; otherwise the data source's
 * sector, confirmed (or not) by the industry keywords of the configuration; otherwise the keywords alone.
 */
import type { SectorId } from '../../../shared/sectors';
import { BENCHMARK_SYMBOL } from '../../../shared/sectors';
import type { SectorConfig } from './config';

/** The fields of an Instrument that classification reads. */
export interface ClassifiableInstrument {
  symbol: string;
  sector: SectorId | null;
  industry: string;
  kind: 'stock' | 'etf';
}

/** Outcome of {@link classifySector}. */
export interface SectorClassification {
  sector: SectorId | null;
  /** 0..1: override 1, sector ETF 1, source confirmed by keywords 0.95, source alone 0.75, keywords alone 0.6. */
  confidence: number;
  method: 'override' | 'source' | 'industry' | 'none';
}

interface Compiled {
  /** [sector, normalised keyword] pairs. */
  keywords: [SectorId, string][];
  etfs: Map<string, SectorId>;
}

const compiled = new WeakMap<SectorConfig, Compiled>();

/** Lower case, every run of non-alphanumerics a single space, padded with spaces at both ends. */
function normalise(s: string): string {
  return ` ${s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

function compile(config: SectorConfig): Compiled {
  let c = compiled.get(config);
  if (!c) {
    c = { keywords: [], etfs: new Map() };
    for (const s of config.sectors) {
      c.etfs.set(s.etf.toUpperCase(), s.id);
      for (const k of s.industries) {
        const n = normalise(k).trimEnd(); // ' semiconductor' matches at the start of a word only
        if (n.trim()) c.keywords.push([s.id, n]);
      }
    }
    compiled.set(config, c);
  }
  return c;
}

/**
 * Sectors whose keywords occur in `industry` (each keyword matched at the start of a word, case-insensitive:
 * "pharma" matches "Pharmaceutical Preparations", "oil" does not match "Soil"). Ordered by the longest
 * matching keyword (most specific first), then by configuration order.
 */
export function industryMatches(industry: string, config: SectorConfig): SectorId[] {
  const text = normalise(industry);
  const best = new Map<SectorId, number>();
  for (const [id, kw] of compile(config).keywords) {
    if (kw.length > (best.get(id) ?? 0) && text.includes(kw)) best.set(id, kw.length);
  }
  return [...best.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}

/**
 * Classify one instrument.
 * - `override` (a SectorId) → that sector, confidence 1, method 'override'. `null`/undefined means no override.
 * - ETFs: the eight sector ETFs of the configuration map to their sector (confidence 1, 'source'); the
 *   benchmark (IWM) and every other ETF → null ('none').
 * - The source's sector confirmed by one of its keywords in `industry` → 0.95 'source'; unconfirmed → 0.75.
 * - No source sector but a keyword match → the most specific match, 0.6 'industry'.
 * - Otherwise null, 0, 'none'.
 */
export function classifySector(inst: ClassifiableInstrument, config: SectorConfig, override?: SectorId | null): SectorClassification {
  if (override) return { sector: override, confidence: 1, method: 'override' };
  const none: SectorClassification = { sector: null, confidence: 0, method: 'none' };
  if (inst.kind === 'etf') {
    const symbol = inst.symbol.toUpperCase();
    if (symbol === BENCHMARK_SYMBOL) return none;
    const id = compile(config).etfs.get(symbol);
    return id ? { sector: id, confidence: 1, method: 'source' } : none;
  }
  const matches = industryMatches(inst.industry, config);
  if (inst.sector) {
    return { sector: inst.sector, confidence: matches.includes(inst.sector) ? 0.95 : 0.75, method: 'source' };
  }
  const first = matches[0];
  return first ? { sector: first, confidence: 0.6, method: 'industry' } : none;
}
