/**
 * The simulator's universe: ~2,500 fictional US stocks across the eight sectors plus the benchmark and the
 * sector ETFs, each with the model parameters the daily and intraday models use. A pure function of the seed.
 *
 * The mix is built so that the small-cap filters (NUMBERS.md) have real work to do: most names pass them, and
 * large caps, sub-$2 names, illiquid names, OTC listings, tiny floats, nano caps and >$100 names do not.
 */
import type { Exchange, Instrument } from '../../../../shared/contract/schemas';
import { SECTORS, SECTOR_IDS, type SectorId } from '../../../../shared/sectors';
import { INDUSTRIES, NAME_ENDINGS, NAME_STEMS } from './names';
import { Rng } from './random';

/** How often a sector's names gap on news (seed 004's gap_frequency). */
export type GapFrequency = 'extreme' | 'high' | 'moderate' | 'low' | 'very_low';

/** Per-sector model constants (seed 004: VOLATILITY_WEIGHTS and gap_frequency). */
export interface SectorProfile {
  readonly volatilityWeight: number;
  readonly gapFrequency: GapFrequency;
  /** Share of the universe's stocks in this sector. */
  readonly share: number;
  /** Scale of catalyst jumps in log-price (before size adjustments). */
  readonly jumpScale: number;
}

/** Seed 004's sector constants used by the models. */
export const SECTOR_PROFILES: Readonly<Record<SectorId, SectorProfile>> = {
  technology: { volatilityWeight: 1.3, gapFrequency: 'high', share: 0.17, jumpScale: 0.12 },
  healthcare: { volatilityWeight: 1.5, gapFrequency: 'extreme', share: 0.22, jumpScale: 0.2 },
  energy: { volatilityWeight: 1.2, gapFrequency: 'moderate', share: 0.09, jumpScale: 0.09 },
  financials: { volatilityWeight: 1.1, gapFrequency: 'moderate', share: 0.14, jumpScale: 0.08 },
  consumer_discretionary: { volatilityWeight: 1.2, gapFrequency: 'high', share: 0.13, jumpScale: 0.12 },
  industrials: { volatilityWeight: 1.0, gapFrequency: 'low', share: 0.11, jumpScale: 0.07 },
  materials: { volatilityWeight: 0.9, gapFrequency: 'low', share: 0.09, jumpScale: 0.09 },
  utilities: { volatilityWeight: 0.7, gapFrequency: 'very_low', share: 0.05, jumpScale: 0.05 },
};

/** Catalyst probability per session for each gap frequency. */
export const CATALYST_RATE: Readonly<Record<GapFrequency, number>> = {
  extreme: 1 / 55,
  high: 1 / 110,
  moderate: 1 / 180,
  low: 1 / 300,
  very_low: 1 / 650,
};

/** Why a name is in the universe: 'core' names are built to pass the small-cap filters, the rest to fail one. */
export type UniverseCategory = 'core' | 'large' | 'penny' | 'illiquid' | 'otc' | 'tinyFloat' | 'nano' | 'highPrice' | 'etf';

/** How many stocks of each category the universe holds. */
export const CATEGORY_COUNTS: Readonly<Record<Exclude<UniverseCategory, 'etf'>, number>> = {
  core: 1760,
  large: 230,
  penny: 185,
  illiquid: 200,
  otc: 110,
  tinyFloat: 50,
  nano: 40,
  highPrice: 30,
};

/** One simulated instrument: its public record plus the parameters of its price process. */
export interface SimInstrument {
  readonly instrument: Instrument;
  readonly category: UniverseCategory;
  /** Index into SECTOR_IDS, or -1 (the benchmark). */
  readonly sectorIndex: number;
  /** Price when every deviation is zero (the log-price anchor, exponentiated). */
  readonly anchorPrice: number;
  /** Annual log drift of the anchor (ETFs only; 0 for stocks). */
  readonly trend: number;
  readonly betaMarket: number;
  readonly betaSector: number;
  /** Daily idiosyncratic volatility (log). */
  readonly sigma: number;
  /** Stationary standard deviation of the idiosyncratic log deviation from the anchor. */
  readonly anchorSd: number;
  /** Probability of a catalyst on a session. */
  readonly catalystRate: number;
  /** Scale of catalyst log jumps. */
  readonly catalystScale: number;
  /** Base average daily volume, shares. */
  readonly adv: number;
  /** Quoted spread in basis points during the regular session. */
  readonly spreadBps: number;
}

/** ETF symbols (never used by a generated stock). */
export const ETF_SYMBOLS: readonly string[] = ['IWM', ...SECTORS.map((s) => s.etf)];

interface EtfSpec {
  symbol: string;
  name: string;
  sector: SectorId | null;
  price: number;
  trend: number;
  beta: number;
  adv: number;
  aum: number;
}

const ETFS: readonly EtfSpec[] = [
  { symbol: 'IWM', name: 'Small-Cap 2000 Index ETF', sector: null, price: 112, trend: 0.05, beta: 1, adv: 30e6, aum: 65e9 },
  { symbol: 'XLK', name: 'Technology Select Sector Index ETF', sector: 'technology', price: 42, trend: 0.1, beta: 1.1, adv: 8e6, aum: 60e9 },
  { symbol: 'XLV', name: 'Health Care Select Sector Index ETF', sector: 'healthcare', price: 70, trend: 0.06, beta: 0.8, adv: 8e6, aum: 38e9 },
  { symbol: 'XLE', name: 'Energy Select Sector Index ETF', sector: 'energy', price: 62, trend: 0.02, beta: 1.0, adv: 18e6, aum: 30e9 },
  { symbol: 'XLF', name: 'Financial Select Sector Index ETF', sector: 'financials', price: 23, trend: 0.05, beta: 1.05, adv: 45e6, aum: 45e9 },
  { symbol: 'XLY', name: 'Consumer Discretionary Select Sector Index ETF', sector: 'consumer_discretionary', price: 76, trend: 0.07, beta: 1.1, adv: 4e6, aum: 20e9 },
  { symbol: 'XLI', name: 'Industrial Select Sector Index ETF', sector: 'industrials', price: 55, trend: 0.06, beta: 1.0, adv: 10e6, aum: 18e9 },
  { symbol: 'XLB', name: 'Materials Select Sector Index ETF', sector: 'materials', price: 45, trend: 0.04, beta: 1.0, adv: 6e6, aum: 5e9 },
  { symbol: 'XLU', name: 'Utilities Select Sector Index ETF', sector: 'utilities', price: 45, trend: 0.04, beta: 0.5, adv: 12e6, aum: 17e9 },
];

interface Numbers {
  price: number;
  shares: number;
  float: number;
  adv: number;
  exchange: Exchange;
}

function exchangeOf(rng: Rng, weights: readonly (readonly [Exchange, number])[]): Exchange {
  return weights[rng.weighted(weights.map((w) => w[1]))]![0];
}

const MAIN_EXCHANGES = [['NASDAQ', 0.58], ['NYSE', 0.27], ['NYSE American', 0.15]] as const;

/** Price, share counts and volume for one category. Caps and floats are chosen with margin from the rules. */
function drawNumbers(rng: Rng, category: Exclude<UniverseCategory, 'etf'>): Numbers {
  const priced = (cap: number, price: number, floatFrac: number): Pick<Numbers, 'price' | 'shares' | 'float'> => {
    const shares = Math.max(1000, Math.round(cap / price));
    return { price, shares, float: Math.max(1000, Math.round(shares * floatFrac)) };
  };
  switch (category) {
    case 'core':
    case 'illiquid': {
      for (;;) {
        const micro = rng.chance(0.55);
        const cap = micro ? rng.logUniform(40e6, 270e6) : rng.logUniform(330e6, 1.3e9);
        const floatFrac = rng.uniform(0.45, 0.95);
        const minFloat = micro ? 8e6 : 16e6;
        const pMax = Math.min(55, (cap * floatFrac) / minFloat);
        if (pMax < 3.6) continue;
        const base = priced(cap, rng.logUniform(3.2, pMax), floatFrac);
        const adv =
          category === 'core' ? Math.min(rng.logUniform(1.8e6, 18e6), Math.max(1.8e6, 0.6 * base.float)) : rng.logUniform(40e3, 600e3);
        return { ...base, adv, exchange: exchangeOf(rng, MAIN_EXCHANGES) };
      }
    }
    case 'large': {
      const base = priced(rng.logUniform(2.6e9, 120e9), rng.logUniform(15, 450), rng.uniform(0.7, 0.98));
      return { ...base, adv: rng.logUniform(1.2e6, 25e6), exchange: exchangeOf(rng, [['NASDAQ', 0.45], ['NYSE', 0.55]]) };
    }
    case 'penny': {
      const base = priced(rng.logUniform(12e6, 220e6), rng.logUniform(0.12, 1.6), rng.uniform(0.6, 0.97));
      return { ...base, adv: rng.logUniform(1.5e6, 50e6), exchange: exchangeOf(rng, [['NASDAQ', 0.6], ['NYSE American', 0.4]]) };
    }
    case 'otc': {
      const base = priced(rng.logUniform(2e6, 300e6), rng.logUniform(0.01, 12), rng.uniform(0.3, 0.9));
      return { ...base, adv: rng.logUniform(5e3, 2.5e6), exchange: 'OTC' };
    }
    case 'tinyFloat': {
      for (;;) {
        const float = Math.round(rng.logUniform(0.8e6, 4.3e6));
        const shares = Math.round(float / rng.uniform(0.25, 0.9));
        const price = rng.logUniform(3, 30);
        const cap = price * shares;
        if (cap < 12e6 || cap > 280e6) continue;
        return { price, shares, float, adv: rng.logUniform(1.5e6, 10e6), exchange: exchangeOf(rng, MAIN_EXCHANGES) };
      }
    }
    case 'nano': {
      const base = priced(rng.logUniform(2.5e6, 9e6), rng.logUniform(0.5, 5), rng.uniform(0.5, 0.95));
      return { ...base, adv: rng.logUniform(80e3, 2.5e6), exchange: exchangeOf(rng, [['NASDAQ', 0.6], ['NYSE American', 0.4]]) };
    }
    case 'highPrice': {
      const base = priced(rng.logUniform(400e6, 1.8e9), rng.logUniform(115, 420), rng.uniform(0.6, 0.95));
      return { ...base, adv: rng.logUniform(1.2e6, 4e6), exchange: exchangeOf(rng, [['NASDAQ', 0.5], ['NYSE', 0.5]]) };
    }
  }
}

const VOWELS = /[AEIOU]/g;

/** Candidate tickers for a name, most natural first, then random letters. */
function tickerCandidates(rng: Rng, stem: string, word: string): string[] {
  const a = stem.toUpperCase().replace(/[^A-Z]/g, '');
  const b = word.toUpperCase().replace(/[^A-Z]/g, '');
  const consonants = a[0]! + a.slice(1).replace(VOWELS, '');
  const out = [
    a.slice(0, 4),
    a.slice(0, 3) + b[0],
    a.slice(0, 2) + b.slice(0, 2),
    consonants.slice(0, 4),
    a.slice(0, 3),
    consonants.slice(0, 3) + b[0],
    a[0]! + b.slice(0, 3),
    a.slice(0, 2) + b[0],
  ];
  for (let i = 0; i < 40; i++) {
    const len = 3 + rng.int(3);
    let s = a[0]!;
    while (s.length < len) s += String.fromCharCode(65 + rng.int(26));
    out.push(s);
  }
  return out.filter((s) => s.length >= 2 && s.length <= 5);
}

const ETF_SET = new Set(ETF_SYMBOLS);

/** A company name not used yet: stem + industry word + corporate ending. */
function nameCompany(rng: Rng, words: readonly string[], used: ReadonlySet<string>): { stem: string; word: string; name: string } {
  for (let attempt = 0; ; attempt++) {
    const stem = rng.pick(NAME_STEMS);
    const word = rng.pick(words);
    const ending = NAME_ENDINGS[rng.weighted(NAME_ENDINGS.map((e) => e[1]))]![0];
    const name = [stem, word, ending].filter(Boolean).join(' ') + (attempt > 30 ? ` ${attempt}` : '');
    if (!used.has(name)) return { stem, word, name };
  }
}

/** Builds the whole universe for a seed: the stocks in a seed-shuffled order, then IWM and the sector ETFs. */
export function buildUniverse(seed: number): SimInstrument[] {
  const rng = Rng.derive(seed, 'universe');
  const categories: Exclude<UniverseCategory, 'etf'>[] = [];
  for (const [cat, n] of Object.entries(CATEGORY_COUNTS) as [Exclude<UniverseCategory, 'etf'>, number][]) {
    for (let i = 0; i < n; i++) categories.push(cat);
  }
  for (let i = categories.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [categories[i], categories[j]] = [categories[j]!, categories[i]!];
  }
  const usedSymbols = new Set<string>(ETF_SET);
  const usedNames = new Set<string>();
  const shares = SECTOR_IDS.map((id) => SECTOR_PROFILES[id].share);
  const out: SimInstrument[] = [];

  for (const category of categories) {
    const sectorIndex = rng.weighted(shares);
    const sector = SECTOR_IDS[sectorIndex]!;
    const profile = SECTOR_PROFILES[sector];
    const industries = INDUSTRIES[sector];
    const industry = industries[rng.weighted(industries.map((x) => x.weight))]!;
    const named = nameCompany(rng, industry.words, usedNames);
    const { stem, word, name } = named;
    usedNames.add(name);
    const symbol = tickerCandidates(rng, stem, word).find((s) => !usedSymbols.has(s));
    if (!symbol) throw new Error(`simulator universe: no free ticker for ${name}`);
    usedSymbols.add(symbol);

    const n = drawNumbers(rng, category);
    const cap = n.price * n.shares;
    const sizeVol = category === 'large' ? 0.6 : cap < 50e6 ? 1.7 : cap < 300e6 ? 1.35 : 1.0;
    const sigma = 0.021 * profile.volatilityWeight * sizeVol * (category === 'penny' ? 1.25 : 1) * rng.uniform(0.75, 1.3);
    const sizeJump = category === 'large' ? 0.5 : cap < 50e6 || category === 'penny' ? 1.2 : cap < 300e6 ? 1 : 0.8;
    const sizeRate = category === 'large' ? 0.4 : cap < 300e6 ? 1 : 0.7;
    const industryRate = sector === 'healthcare' ? (industry.name === 'Biotechnology' ? 1.4 : 0.5) : 1;
    const spread =
      (2 + 30 * Math.sqrt(1e6 / n.adv) + (n.price < 5 ? 10 : 0) + (n.price < 1 ? 30 : 0)) *
      rng.uniform(0.8, 1.25) *
      (category === 'large' ? 0.5 : 1);
    out.push({
      instrument: {
        symbol,
        name,
        kind: 'stock',
        sector,
        industry: industry.name,
        exchange: n.exchange,
        marketCap: Math.round(cap),
        float: n.float,
        sharesOutstanding: n.shares,
      },
      category,
      sectorIndex,
      anchorPrice: n.price,
      trend: 0,
      betaMarket: rng.uniform(0.7, 1.5) * (sector === 'utilities' ? 0.55 : 1) * (category === 'large' ? 0.85 : 1),
      betaSector: rng.uniform(0.6, 1.3),
      sigma,
      anchorSd: Math.min(0.3, Math.max(0.06, 7 * sigma)),
      catalystRate: CATALYST_RATE[profile.gapFrequency] * sizeRate * industryRate,
      catalystScale: profile.jumpScale * sizeJump,
      adv: n.adv,
      spreadBps: Math.min(300, spread),
    });
  }

  for (const e of ETFS) {
    const shares = Math.round(e.aum / e.price);
    out.push({
      instrument: {
        symbol: e.symbol,
        name: e.name,
        kind: 'etf',
        sector: e.sector,
        industry: 'Exchange Traded Fund',
        exchange: 'NYSE Arca',
        marketCap: e.aum,
        float: shares,
        sharesOutstanding: shares,
      },
      category: 'etf',
      sectorIndex: e.sector === null ? -1 : SECTOR_IDS.indexOf(e.sector),
      anchorPrice: e.price,
      trend: e.trend,
      betaMarket: e.beta,
      betaSector: e.sector === null ? 0 : 1,
      sigma: 0.0012,
      anchorSd: 0.01,
      catalystRate: 0,
      catalystScale: 0,
      adv: e.adv,
      spreadBps: 0.5,
    });
  }
  return out;
}
