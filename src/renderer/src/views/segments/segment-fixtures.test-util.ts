/** Fixtures of the segment and LLM contract shapes for the renderer's tests (schema-checked where they are built). */
import { LlmCallDetailSchema, LlmStatusSchema, LlmUsageSchema, type LlmCall, type LlmStatus, type LlmUsage } from '../../../../shared/contract/llm-schemas';
import {
  PortfolioBySegmentSchema,
  SegmentComparisonSchema,
  SegmentDetailSchema,
  SegmentProposalSchema,
  type PortfolioBySegment,
  type SegmentComparison,
  type SegmentDetail,
  type SegmentProposal,
  type SegmentRun,
  type SegmentSummary,
} from '../../../../shared/contract/segment-schemas';

/** 2026-11-20 10:30:00 New York (EST). */
export const T0 = Date.UTC(2026, 10, 20, 15, 30, 0);

export function run(over: Partial<SegmentRun> = {}): SegmentRun {
  return { jobId: 'job-1', segmentId: 'biotech', trigger: 'schedule', startedAt: T0 - 60_000, finishedAt: T0 - 59_580, outcome: 'ok', analyst: 'rules', proposals: 2, rejected: 1, error: null, ms: 420, ...over };
}

export function summary(over: Partial<SegmentSummary> = {}): SegmentSummary {
  return {
    id: 'biotech',
    name: 'Biotech',
    description: 'Small-cap biotech around PDUFA dates and trial readouts',
    enabled: true,
    state: 'running',
    lastError: null,
    dataSources: ['prices', 'fda_calendar', 'trials'],
    riskParameters: { maxPositionSize: 0.2, maxDrawdown: 0.15, stopLossMultiplier: 2, targetAllocation: 0.5, maxProposalsPerRun: 5 },
    promptTemplate: 'You are a biotech analyst. {{data}}',
    schedule: '15 10 * * 1-5',
    lastRun: run(),
    nextRunAt: T0 + 3_600_000,
    universeSize: 24,
    counts: { proposed: 6, carded: 4, approved: 1 },
    ...over,
  };
}

export function detail(over: Partial<SegmentDetail> = {}): SegmentDetail {
  const base = summary();
  return SegmentDetailSchema.parse({
    ...base,
    members: [
      { symbol: 'ABCD', name: 'Abcd Therapeutics', industry: 'Biotechnology', last: 12.34, changePct: 1.5, note: 'PDUFA 2026-12-04' },
      { symbol: 'EFGH', name: 'Efgh Bio', industry: null, last: 3.21, changePct: -0.8, note: null },
    ],
    indicators: [
      { key: 'pdufa30', label: 'PDUFA dates in 30 days', value: 3, unit: 'count', change: null, source: 'sim-fda', asOf: T0 },
      { key: 'xbi', label: 'Members equal-weighted', value: 0.012, unit: 'pct', change: 0.004, source: 'sim', asOf: T0 },
    ],
    risk: {
      asOf: T0,
      capital: 50_000,
      exposure: 12_000,
      utilisation: 0.24,
      largestPosition: { symbol: 'ABCD', weight: 0.12 },
      drawdown: -0.03,
      maxDrawdown: 0.15,
      buysPaused: false,
      metrics: [{ key: 'binary30', label: 'Binary-event exposure (30d)', value: 0.08, unit: 'pct', change: null, source: 'risk model', asOf: T0 }],
    },
    recentRuns: [run(), run({ jobId: 'job-0', outcome: 'degraded', analyst: 'rules', startedAt: T0 - 86_400_000 })],
    ...over,
  });
}

export function proposal(over: Partial<SegmentProposal> = {}): SegmentProposal {
  return SegmentProposalSchema.parse({
    id: 'p-1',
    segmentId: 'biotech',
    jobId: 'job-1',
    createdAt: T0 - 59_700,
    symbol: 'ABCD',
    action: 'buy',
    quantity: 200,
    limitPrice: 12.35,
    stopPrice: 11.2,
    thesis: 'PDUFA in 14 days, volume rising',
    confidence: 0.64,
    evidence: [{ text: 'PDUFA date 2026-12-04', source: 'sim-fda' }],
    outcome: 'carded',
    reason: null,
    cardId: 'card-9',
    llmCallId: 'call-1',
    analyst: 'rules',
    ...over,
  });
}

export function llmCall(over: Partial<LlmCall> = {}): LlmCall {
  return {
    id: 'call-1',
    t: T0 - 59_800,
    purpose: 'segment',
    segmentId: 'biotech',
    symbol: null,
    jobId: 'job-1',
    provider: 'rules',
    model: 'rules-v1',
    promptTokens: 0,
    completionTokens: 0,
    latencyMs: 3,
    costUsd: 0,
    outcome: 'rules',
    reason: null,
    attempts: 1,
    asOf: T0 - 60_000,
    ...over,
  };
}

export function llmCallDetail(over: Partial<LlmCall> & { system?: string; user?: string; response?: string | null } = {}) {
  return LlmCallDetailSchema.parse({ ...llmCall(over), system: over.system ?? 'SYSTEM PROMPT', user: over.user ?? 'USER PROMPT <<data>>', response: over.response === undefined ? '{"summary":"ok","decisions":[]}' : over.response });
}

export function llmStatus(over: Partial<LlmStatus> = {}): LlmStatus {
  return LlmStatusSchema.parse({
    provider: 'rules',
    model: 'rules-v1',
    baseUrl: null,
    budget: 200_000,
    used: 50_000,
    limits: { dailyTokens: 200_000, perCallMaxTokens: 2_000, timeoutMs: 20_000, maxRetries: 2, inputCostPerMTok: 0.15, outputCostPerMTok: 0.6 },
    costToday: 0.0123,
    callsToday: 4,
    apiKey: { set: false, source: 'none' },
    temperature: 0.2,
    note: 'No LLM configured: the rules analyst answers.',
    ...over,
  });
}

export function llmUsage(over: Partial<LlmUsage> = {}): LlmUsage {
  return LlmUsageSchema.parse({
    from: T0 - 86_400_000,
    to: T0,
    totals: { calls: 4, promptTokens: 40_000, completionTokens: 10_000, costUsd: 0.0123 },
    byOutcome: { rules: 3, ok: 1 },
    bySegment: [{ segmentId: 'biotech', calls: 2, promptTokens: 20_000, completionTokens: 5_000, costUsd: 0.006 }],
    byDay: [],
    perApprovedCard: { approvedCards: 2, costUsd: 0.01, costPerCard: 0.005 },
    latency: { p50: 850, p95: 2_400 },
    recent: [llmCall()],
    ...over,
  });
}

const perf = (over: object = {}) => ({
  observations: 60,
  sharpe: 1.2,
  sortino: 1.6,
  maxDrawdown: -0.08,
  annualVolatility: 0.35,
  cagr: 0.4,
  totalReturn: 0.09,
  beta: 1.1,
  alpha: 0.05,
  var95Historical: 0.03,
  es95Historical: 0.045,
  var95Parametric: 0.031,
  es95Parametric: 0.04,
  ...over,
});

export function comparison(): SegmentComparison {
  const curve = (k: number) => Array.from({ length: 5 }, (_, i) => ({ date: `2026-11-${String(16 + i).padStart(2, '0')}`, value: 1 + k * i }));
  return SegmentComparisonSchema.parse({
    asOf: T0,
    benchmark: 'IWM',
    segments: [
      { segmentId: 'biotech', name: 'Biotech', basis: 'universe', benchmark: 'IWM', from: '2026-08-24', to: '2026-11-20', metrics: perf(), curve: curve(0.01), snapshots: [] },
      { segmentId: 'mining', name: 'Mining & Resources', basis: 'sleeve', benchmark: 'IWM', from: '2026-08-24', to: '2026-11-20', metrics: perf({ sharpe: null, sortino: 0.4, totalReturn: -0.02 }), curve: curve(-0.005), snapshots: [] },
    ],
    benchmarkCurve: curve(0.002),
    correlation30: { names: ['biotech', 'mining', 'IWM'], matrix: [[1, 0.35, 0.6], [0.35, 1, null], [0.6, null, 1]], observations: [[30, 30, 30], [30, 30, 1], [30, 1, 30]], window: 30, basis: 'universe' },
    correlation90: { names: ['biotech', 'mining', 'IWM'], matrix: [[1, -0.2, 0.5], [-0.2, 1, 0.1], [0.5, 0.1, 1]], observations: [[60, 60, 60], [60, 60, 60], [60, 60, 60]], window: 90, basis: 'universe' },
    diversification: { score: 72, averageCorrelation: 0.35, recommendations: ['Mining trails its target allocation by 6 pp: let it propose more.'] },
    allocation: [
      { segmentId: 'biotech', target: 0.5, current: 0.56, drift: 0.06 },
      { segmentId: 'mining', target: 0.5, current: 0.44, drift: -0.06 },
    ],
  });
}

export function books(): PortfolioBySegment {
  return PortfolioBySegmentSchema.parse({
    asOf: T0,
    segments: [
      { segmentId: 'biotech', name: 'Biotech', capital: 50_000, cash: 38_000, marketValue: 12_500, equity: 50_500, realizedPnl: 0, unrealizedPnl: 500, positions: [{ symbol: 'ABCD', quantity: 1000, multiplier: 1, avgCost: 12, last: 12.5, marketValue: 12_500, unrealizedPnl: 500 }], trades: 1 },
      { segmentId: 'unassigned', name: 'Unassigned', capital: 0, cash: 0, marketValue: 0, equity: 0, realizedPnl: 0, unrealizedPnl: 0, positions: [], trades: 0 },
    ],
    total: { equity: 50_500, cash: 38_000, marketValue: 12_500, realizedPnl: 0, unrealizedPnl: 500 },
  });
}
