/** Sector fixtures for renderer tests and the throwaway fake engine: eight sectors across all five colours. */
import type { Result } from '../../../shared/contract/methods';
import type { Alert, RankedStock, SectorColour, SectorSummary, SectorsGrid, TradingSignal } from '../../../shared/contract/sector-schemas';
import { SECTORS, type SectorId } from '../../../shared/sectors';

/** Friday 2026-11-20 10:30 New York. */
export const FIXTURE_AS_OF = Date.parse('2026-11-20T15:30:00Z');

const SIGNAL: Record<SectorColour, TradingSignal> = {
  dark_red: 'PRIME_SHORTING_ENVIRONMENT',
  light_red: 'GOOD_SHORTING_ENVIRONMENT',
  blue_neutral: 'NEUTRAL_CAUTIOUS',
  light_green: 'AVOID_SHORTS',
  dark_green: 'DO_NOT_SHORT',
};

function colourOf(score: number): SectorColour {
  if (score <= -0.6) return 'dark_red';
  if (score <= -0.2) return 'light_red';
  if (score < 0.2) return 'blue_neutral';
  if (score < 0.6) return 'light_green';
  return 'dark_green';
}

/** A top-3 entry. */
export function ranked(symbol: string, changePct: number, volumeRatio: number, over: Partial<RankedStock> = {}): RankedStock {
  return {
    symbol,
    name: `${symbol} Inc.`,
    price: 6.4,
    gapPct: changePct * 0.7,
    changePct,
    volumeRatio,
    alignment: 1,
    float: 42e6,
    shortability: 0.7,
    score: 6.2,
    reasons: [`${changePct > 0 ? 'Up' : 'Down'} ${Math.abs(changePct).toFixed(1)}% on ${volumeRatio.toFixed(1)}× volume`],
    isNew: false,
    ...over,
  };
}

interface Spec {
  score: number;
  tf: [number, number, number, number];
  bull: RankedStock[];
  bear: RankedStock[];
  prev?: SectorColour;
  members: number;
}

const SPECS: Record<SectorId, Spec> = {
  technology: {
    score: -0.73,
    tf: [-0.8, -2.4, -5.1, 1.2],
    bull: [],
    bear: [ranked('SOUN', -8.2, 2.1), ranked('BBAI', -6.1, 3.2, { isNew: true }), ranked('PATH', -4.5, 1.8)],
    prev: 'light_red',
    members: 214,
  },
  healthcare: {
    score: 0.85,
    tf: [0.6, 1.2, 2.1, 3.5],
    bull: [ranked('OCUL', 45.1, 6.4), ranked('KPTI', 18.0, 3.1), ranked('DTIL', 8.2, 2.2, { isNew: true })],
    bear: [],
    members: 301,
  },
  energy: {
    score: 0.12,
    tf: [0.1, 0.0, -0.2, -0.5],
    bull: [ranked('GREE', 3.1, 1.4), ranked('HIVE', 2.2, 1.2)],
    bear: [ranked('BTCS', -1.3, 1.1), ranked('SID', -2.0, 0.9)],
    members: 96,
  },
  financials: {
    score: -0.31,
    tf: [-0.4, -1.1, -1.9, -0.7],
    bull: [ranked('LC', 2.4, 1.3)],
    bear: [ranked('UPST', -7.4, 2.6), ranked('AFRM', -5.2, 1.9), ranked('SOFI', -3.3, 1.5, { isNew: true })],
    members: 158,
  },
  consumer_discretionary: {
    score: 0.23,
    tf: [0.3, 0.8, 1.5, 2.1],
    bull: [ranked('PRPL', 5.0, 2.3), ranked('EXPR', 3.0, 1.7)],
    bear: [ranked('GME', -2.0, 1.2), ranked('AMC', -1.0, 1.1)],
    prev: 'blue_neutral',
    members: 187,
  },
  industrials: {
    score: -0.05,
    tf: [0.0, -0.3, 0.4, 0.9],
    bull: [ranked('STRL', 1.9, 1.2)],
    bear: [ranked('BLDE', -2.6, 1.6)],
    members: 142,
  },
  materials: {
    score: -0.64,
    tf: [-1.1, -3.2, -4.4, -6.0],
    bull: [],
    bear: [ranked('TMC', -9.4, 2.8), ranked('HYMC', -7.7, 2.2), ranked('PLG', -5.1, 1.6)],
    members: 77,
  },
  utilities: {
    score: 0.41,
    tf: [0.2, 0.6, 1.1, 1.4],
    bull: [ranked('NOVA', 6.1, 2.4, { isNew: true }), ranked('CWEN', 1.8, 1.2), ranked('AQN', 1.2, 1.0)],
    bear: [],
    members: 41,
  },
};

/** One sector's summary as sectors.grid returns it. */
export function sectorSummary(id: SectorId, over: Partial<SectorSummary> = {}): SectorSummary {
  const info = SECTORS.find((s) => s.id === id)!;
  const spec = SPECS[id];
  const colour = colourOf(over.score ?? spec.score);
  const tf = (p: number, i: number): { performancePct: number; alphaPct: number; members: number } => ({
    performancePct: p,
    alphaPct: p - [0.1, 0.4, 0.9, 1.2][i]!,
    members: spec.members - i,
  });
  return {
    id,
    name: info.name,
    etf: info.etf,
    score: spec.score,
    colour,
    signal: SIGNAL[colour],
    confidence: 0.55 + Math.abs(spec.score) * 0.4,
    timeframes: { '30m': tf(spec.tf[0], 0), '1D': tf(spec.tf[1], 1), '3D': tf(spec.tf[2], 2), '1W': tf(spec.tf[3], 3) },
    topBullish: spec.bull,
    topBearish: spec.bear,
    bullishNote: spec.bull.length === 0 ? `None in a ${spec.score < 0 ? 'bearish' : 'neutral'} sector — wait for a reversal.` : null,
    bearishNote: spec.bear.length === 0 ? 'None: avoid shorts in a bullish sector.' : null,
    factors: {
      base: Math.max(-1, Math.min(1, spec.score / 1.3)),
      basePerformancePct: spec.tf[1] * 0.8,
      volatility: 1.3,
      volume: 1.2,
      catalyst: 1.1,
      technical: 0.9,
      unclamped: spec.score * 1.05,
      medianVolumeRatio: 1.6,
      catalysts: { positive: spec.score > 0 ? 4 : 1, negative: spec.score < 0 ? 5 : 1 },
      rangePosition: 0.5 + spec.score / 2.5,
      notes: [
        `Base ${spec.score >= 0 ? '+' : ''}${(spec.score / 1.3).toFixed(2)} from a timeframe-weighted ${spec.tf[1].toFixed(1)}% move.`,
        `Volatility weight ×1.30 for ${info.name.toLowerCase()}.`,
        'Volume ×1.20: median member volume is 1.6× its 20-day average.',
        'Catalysts ×1.10: more positive than negative filings and news.',
        'Technical ×0.90: members sit near the top of their 20-session range.',
      ],
    },
    members: spec.members,
    previousColour: spec.prev ?? null,
    ...over,
  };
}

/** The whole grid, as sectors.grid returns it. */
export function sectorsGrid(over: Partial<SectorsGrid> = {}): SectorsGrid {
  return {
    asOf: FIXTURE_AS_OF,
    runId: 41,
    freshness: { ageMs: 42 * 60_000, tier: 'fresh', advice: 'Analysis is current.' },
    sectors: SECTORS.map((s) => sectorSummary(s.id)),
    ...over,
  };
}

/** sectors.detail for a sector: its summary and a member table built from its lists plus filler names. */
export function sectorDetail(id: SectorId): Result<'sectors.detail'> {
  const summary = sectorSummary(id);
  const listed = [...summary.topBullish, ...summary.topBearish];
  const filler = Array.from({ length: 9 }, (_, i) => ranked(`${summary.etf.slice(1)}${String.fromCharCode(65 + i)}X`, ((i * 37) % 11) - 5 + summary.score * 3, 0.6 + ((i * 13) % 9) / 5));
  return {
    summary,
    members: [...listed, ...filler].map((r, i) => ({
      symbol: r.symbol,
      name: r.name,
      tier: i % 3 === 0 ? ('small' as const) : ('micro' as const),
      price: r.price + i,
      changePct: r.changePct,
      gapPct: r.gapPct,
      volumeRatio: r.volumeRatio,
      marketCap: 80e6 + i * 95e6,
      float: 12e6 + i * 4e6,
      performance: { '30m': r.changePct / 6, '1D': r.changePct, '3D': r.changePct * 1.4, '1W': i === 4 ? null : r.changePct * 1.9 },
    })),
  };
}

/** sectors.history: 90 daily points drifting to the sector's current score. */
export function sectorHistory(id: SectorId): Result<'sectors.history'> {
  const target = SPECS[id].score;
  const points = Array.from({ length: 90 }, (_, i) => {
    const t = FIXTURE_AS_OF - (89 - i) * 86_400_000;
    const score = Math.max(-1, Math.min(1, Math.sin(i / 9 + target * 3) * 0.55 + (target * i) / 120));
    return { t, score, colour: colourOf(score), confidence: 0.7 };
  });
  points[points.length - 1]!.score = target;
  points[points.length - 1]!.colour = colourOf(target);
  return { sector: id, points };
}

/** An alert with overridable fields. */
export function alertFixture(over: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    t: FIXTURE_AS_OF - 5 * 60_000,
    kind: 'significant_move',
    severity: 'warn',
    symbol: 'SOUN',
    sector: 'technology',
    message: 'SOUN down 20.4% from the previous close',
    movePct: -20.4,
    price: 4.14,
    prevClose: 5.2,
    acked: false,
    ...over,
  };
}
