import { describe, expect, it } from 'vitest';
import type { EventAnalysis, SegmentBook } from '../../../../shared/contract';
import { groundDecisions } from '../../llm/grounding';
import { AnalystOutputSchema, type SegmentData } from '../types';
import { BIOTECH_PLAYBOOK as PB, BIOTECH_RISK } from './defaults';
import type { BiotechDetail, BiotechRow, Catalyst } from './gather';
import { biotechRisk } from './risk';
import { biotechRules, buyStop, setupScore } from './rules';

const catalyst = (days: number, kind: Catalyst['kind'] = 'fda_decision', phase: Catalyst['phase'] = null): Catalyst => ({
  kind,
  date: new Date(Date.parse('2026-11-20T00:00:00Z') + days * 86_400_000).toISOString().slice(0, 10),
  days,
  detail: kind === 'fda_decision' ? 'PDUFA date: FDA decision on NOR412 for migraine prevention' : `Phase ${phase} topline readout: NOR412 in atopic dermatitis`,
  phase,
});

function row(symbol: string, over: Partial<BiotechRow> = {}): BiotechRow {
  const base: BiotechRow = {
    symbol,
    name: `${symbol} Therapeutics Inc.`,
    industry: 'Biotechnology',
    last: 10,
    changePct: 1.2,
    atr: 0.4,
    atrPct: 0.04,
    avgVolume: 500_000,
    dollarVolume: 5_000_000,
    sma20: 9.2,
    runUp20: 0.15,
    catalyst: catalyst(25),
    smallFloat: false,
    score: null,
    held: false,
    ...over,
  };
  return { ...base, score: over.score !== undefined ? over.score : setupScore(base) };
}

function book(over: Partial<SegmentBook> = {}): SegmentBook {
  return { segmentId: 'biotech', name: 'Biotech', capital: 20_000, cash: 20_000, marketValue: 0, equity: 20_000, realizedPnl: 0, unrealizedPnl: 0, positions: [], trades: 0, ...over };
}

function data(rows: BiotechRow[], heldCatalysts: Record<string, Catalyst | null> = {}, research: Record<string, EventAnalysis> = {}): SegmentData {
  const detail: BiotechDetail = {
    kind: 'biotech',
    today: '2026-11-20',
    universeSize: rows.length,
    rows,
    catalysts: rows.filter((r) => r.catalyst).map((r) => ({ symbol: r.symbol, ...r.catalyst! })),
    heldCatalysts,
    news: [],
  };
  const facts = { symbols: Object.fromEntries(rows.map((r) => [r.symbol, { last: r.last, prices: [r.sma20!, r.atr!].filter((x) => x !== null) }])), numbers: [20_000] };
  return { asOf: 1, members: [], indicators: [], facts, candidates: [], research, detail: detail as unknown as Record<string, unknown> };
}

const analysis = (symbol: string, sentiment: EventAnalysis['sentiment']): EventAnalysis => ({
  id: 'a1',
  symbol,
  createdAt: 1,
  asOf: 1,
  summary: ['x'],
  keyPoints: [],
  risks: [],
  sentiment,
  confidence: 0.7,
  sources: [],
  analyst: 'rules',
  llmCallId: null,
});

describe('setupScore', () => {
  it('qualifies a liquid run-up 21–60 days before a binary event and ranks later-stage, nearer events higher', () => {
    expect(setupScore(row('AAA'))).toBeGreaterThan(0);
    expect(setupScore({ ...row('AAA'), catalyst: catalyst(5) })).toBeNull();
    expect(setupScore({ ...row('AAA'), catalyst: catalyst(75) })).toBeNull();
    expect(setupScore({ ...row('AAA'), catalyst: null })).toBeNull();
    expect(setupScore({ ...row('AAA'), runUp20: -0.05 })).toBeNull();
    expect(setupScore({ ...row('AAA'), runUp20: 0.9 })).toBeNull();
    expect(setupScore({ ...row('AAA'), sma20: 10.5 })).toBeNull();
    expect(setupScore({ ...row('AAA'), dollarVolume: 200_000 })).toBeNull();
    expect(setupScore({ ...row('AAA'), atrPct: 0.2 })).toBeNull();
    const phase1 = setupScore({ ...row('A'), catalyst: catalyst(25, 'trial_readout', 1) })!;
    const phase3 = setupScore({ ...row('A'), catalyst: catalyst(25, 'trial_readout', 3) })!;
    expect(phase3).toBeGreaterThan(phase1);
    expect(setupScore({ ...row('A'), catalyst: catalyst(24) })!).toBeGreaterThan(setupScore({ ...row('A'), catalyst: catalyst(55) })!);
  });

  it('puts the stop multiplier × ATR below the last, capped at the band', () => {
    expect(buyStop(10, 0.4, 2)).toBe(9.2);
    expect(buyStop(10, 1.5, 2)).toBe(8.6);
    expect(buyStop(10, null, 2)).toBeNull();
    expect(buyStop(0.5, 0.01, 2)).toBe(0.48);
  });
});

describe('biotech rules analyst', () => {
  it('buys the best setups with grounded prices, sizes within maxPositionSize and ATR stops', () => {
    const rows = [row('AAA', { runUp20: 0.2 }), row('BBB', { catalyst: catalyst(50, 'trial_readout', 1), runUp20: 0.04 }), row('CCC', { catalyst: catalyst(3) })];
    const out = biotechRules(book(), data(rows), BIOTECH_RISK);
    expect(AnalystOutputSchema.parse(out)).toEqual(out);
    expect(out.decisions.map((d) => d.symbol)).toEqual(['AAA', 'BBB']);
    for (const d of out.decisions) {
      const r = rows.find((x) => x.symbol === d.symbol)!;
      expect(d.action).toBe('buy');
      expect(d.referencePrice).toBe(r.last);
      expect(d.sizeFraction).toBeGreaterThanOrEqual(BIOTECH_RISK.maxPositionSize / 2);
      expect(d.sizeFraction).toBeLessThanOrEqual(BIOTECH_RISK.maxPositionSize);
      expect(d.stopPrice).toBe(buyStop(r.last, r.atr, BIOTECH_RISK.stopLossMultiplier));
      expect(d.limitPrice).toBeCloseTo(r.last * (1 + PB.limitSlippage), 2);
      expect(d.evidence.some((e) => e.source.includes('FDA calendar'))).toBe(true);
      expect(d.evidence.every((e) => e.text.length > 0 && e.source.length > 0)).toBe(true);
    }
    // Stronger setup, more conviction.
    expect(out.decisions[0]!.confidence).toBeGreaterThan(out.decisions[1]!.confidence);
    const g = groundDecisions(out, data(rows).facts, { knownSymbols: ['AAA', 'BBB', 'CCC', 'NOR'] });
    expect(g.rejected).toEqual([]);
  });

  it('sells ahead of a binary event, trims nearer the window, and exits on the ATR stop', () => {
    const rows = [
      row('EXT', { catalyst: catalyst(3), held: true }),
      row('TRM', { catalyst: catalyst(8), held: true }),
      row('STP', { last: 8, catalyst: null, held: true, atr: 0.5 }),
      row('OK', { catalyst: catalyst(40), held: true }),
    ];
    const positions = rows.map((r) => ({ symbol: r.symbol, quantity: 100, multiplier: 1, avgCost: r.symbol === 'STP' ? 9.5 : 9, last: r.last, marketValue: 100 * r.last, unrealizedPnl: 0 }));
    const b = book({ positions, cash: 16_000, marketValue: 3_800, equity: 19_800 });
    const out = biotechRules(b, data(rows), BIOTECH_RISK);
    const bySymbol = Object.fromEntries(out.decisions.map((d) => [d.symbol, d]));
    expect(bySymbol.EXT).toMatchObject({ action: 'sell', sizeFraction: 1, stopPrice: null });
    expect(bySymbol.TRM).toMatchObject({ action: 'sell', sizeFraction: 0.5 });
    expect(bySymbol.STP).toMatchObject({ action: 'sell', sizeFraction: 1, confidence: 0.9 });
    expect(bySymbol.OK).toBeUndefined();
    // gather puts the book's figures (average costs) in the facts too.
    const facts = data(rows).facts;
    facts.numbers.push(...positions.map((p) => p.avgCost));
    expect(groundDecisions(out, facts).rejected).toEqual([]);
    expect(groundDecisions(out, data(rows).facts).rejected.map((r) => r.reason)).toEqual([expect.stringContaining('$9.50')]);
  });

  it('pauses buys beyond the drawdown limit, vetoes bearish research, and respects the proposal cap and the cash', () => {
    const rows = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7'].map((s, i) => row(s, { runUp20: 0.1 + i * 0.02 }));
    const paused = biotechRules(book({ equity: 16_000, cash: 16_000 }), data(rows), BIOTECH_RISK);
    expect(paused.decisions).toEqual([]);
    expect(paused.summary).toContain('buys paused');

    const capped = biotechRules(book(), data(rows), { ...BIOTECH_RISK, maxProposalsPerRun: 3 });
    expect(capped.decisions).toHaveLength(3);
    // Unlimited proposals still deploy at most 60 % of the capital in one run.
    const all = biotechRules(book(), data(rows), { ...BIOTECH_RISK, maxProposalsPerRun: 10 });
    expect(all.decisions.reduce((s, d) => s + d.sizeFraction, 0)).toBeLessThanOrEqual(PB.maxNewExposurePerRun + 1e-9);
    expect(all.decisions.length).toBeLessThan(rows.length);
    expect(all.summary).toContain('no room left for further buys this run');

    const poor = biotechRules(book({ cash: 3_000 }), data(rows), BIOTECH_RISK);
    expect(poor.decisions.reduce((s, d) => s + d.sizeFraction, 0)).toBeLessThanOrEqual(0.15 + 1e-9);

    const top = [...rows].sort((a, b) => b.score! - a.score!)[0]!.symbol;
    const vetoed = biotechRules(book(), data(rows, {}, { [top]: analysis(top, 'BEARISH') }), BIOTECH_RISK);
    expect(vetoed.decisions.map((d) => d.symbol)).not.toContain(top);
    const bullish = biotechRules(book(), data(rows, {}, { [top]: analysis(top, 'BULLISH') }), BIOTECH_RISK);
    const plain = biotechRules(book(), data(rows), BIOTECH_RISK);
    expect(bullish.decisions[0]!.confidence).toBeGreaterThan(plain.decisions[0]!.confidence);
    expect(biotechRules(book(), data(rows), BIOTECH_RISK)).toEqual(plain);
  });
});

describe('biotech risk model', () => {
  it('measures binary-event exposure, concentration, the largest position and the drawdown limit', () => {
    const rows = [row('AAA', { catalyst: catalyst(12), held: true, atrPct: 0.05 }), row('BBB', { catalyst: catalyst(45), held: true, atrPct: 0.03, smallFloat: true })];
    const positions = [
      { symbol: 'AAA', quantity: 300, multiplier: 1, avgCost: 9, last: 10, marketValue: 3_000, unrealizedPnl: 300 },
      { symbol: 'BBB', quantity: 100, multiplier: 1, avgCost: 10, last: 10, marketValue: 1_000, unrealizedPnl: 0 },
    ];
    const risk = biotechRisk(book({ positions, cash: 16_300, marketValue: 4_000, equity: 20_300 }), data(rows), BIOTECH_RISK);
    const m = Object.fromEntries(risk.metrics.map((x) => [x.key, x.value]));
    expect(risk.exposure).toBe(4_000);
    expect(risk.utilisation).toBeCloseTo(0.2, 10);
    expect(risk.largestPosition).toEqual({ symbol: 'AAA', weight: 0.15 });
    expect(risk.drawdown).toBe(0);
    expect(risk.buysPaused).toBe(false);
    expect(m.binary_exposure_30d).toBeCloseTo(0.15, 10);
    expect(m.binary_positions_30d).toBe(1);
    expect(m.nearest_binary_days).toBe(12);
    expect(m.concentration_hhi).toBeCloseTo(0.75 ** 2 + 0.25 ** 2, 4);
    expect(m.avg_atr_pct).toBeCloseTo(0.045, 4);
    expect(m.largest_vs_limit).toBeCloseTo(0.75, 4);
    expect(m.small_float_exposure).toBeCloseTo(0.05, 10);

    const down = biotechRisk(book({ equity: 16_000 }), data([]), BIOTECH_RISK);
    expect(down.drawdown).toBeCloseTo(-0.2, 10);
    expect(down.buysPaused).toBe(true);
    expect(down.largestPosition).toBeNull();
  });
});
