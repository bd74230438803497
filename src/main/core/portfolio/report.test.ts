import { describe, expect, it } from 'vitest';
import type { PerformanceMetrics, PortfolioBySegment, SegmentComparison } from '../../../shared/contract';
import { performance } from '../../../shared/analytics';
import { reportCsv, reportHtml } from './report';

const book: PortfolioBySegment = {
  asOf: 0,
  segments: [
    {
      segmentId: 'biotech',
      name: 'Biotech, "large" & <small>',
      capital: 20_000,
      cash: 19_000,
      marketValue: 1_100,
      equity: 20_100,
      realizedPnl: 0,
      unrealizedPnl: 100,
      positions: [{ symbol: 'AAA', quantity: 100, multiplier: 1, avgCost: 10, last: 11, marketValue: 1_100, unrealizedPnl: 100 }],
      trades: 1,
    },
    { segmentId: 'unassigned', name: 'Unassigned', capital: 80_000, cash: 80_000, marketValue: 0, equity: 80_000, realizedPnl: 0, unrealizedPnl: 0, positions: [], trades: 0 },
  ],
  total: { equity: 100_100, cash: 99_000, marketValue: 1_100, realizedPnl: 0, unrealizedPnl: 100 },
};

const metrics: PerformanceMetrics = performance({ returns: [0.01, -0.02, 0.015, 0.004], benchmark: [0.005, -0.01, 0.01, 0.0] });
const matrix = { names: ['biotech'], matrix: [[1]], observations: [[30]], window: 90, basis: 'universe' as const };
const cmp: SegmentComparison = {
  asOf: 0,
  benchmark: 'IWM',
  segments: [{ segmentId: 'biotech', name: 'Biotech, "large" & <small>', basis: 'universe', benchmark: 'IWM', from: '2026-11-02', to: '2026-11-06', metrics, curve: [], snapshots: [] }],
  benchmarkCurve: [],
  correlation30: { ...matrix, window: 30 },
  correlation90: matrix,
  diversification: { score: null, averageCorrelation: null, recommendations: ['Only one segment: <add> another.'] },
  allocation: [{ segmentId: 'biotech', target: 0.2, current: 0.2008, drift: 0.0008 }],
};

describe('reportCsv', () => {
  it('writes one header and one row per record, quoting what needs quoting', () => {
    const { text, rows } = reportCsv(book, cmp);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]!.split(',')[0]).toBe('section');
    expect(rows).toBe(lines.length - 1);
    expect(lines.map((l) => l.split(',')[0])).toEqual(['section', 'segment', 'position', 'segment', 'total', 'metric']);
    expect(lines[1]).toContain('"Biotech, ""large"" & <small>"');
    const header = lines[0]!.split(',');
    const metric = lines[5]!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, ''));
    expect(metric[header.indexOf('sharpe')]).toBe(String(metrics.sharpe));
    expect(metric[header.indexOf('basis')]).toBe('universe');
  });
});

describe('reportHtml', () => {
  it('is a self-contained printable page with escaped text and no scripts', () => {
    const { text, rows } = reportHtml(book, cmp, Date.parse('2026-11-06T21:05:00Z'));
    expect(text.startsWith('<!doctype html>')).toBe(true);
    expect(text).toContain('@media print');
    expect(text).toContain('As of 2026-11-06 16:05 ET');
    expect(text).toContain('Biotech, &quot;large&quot; &amp; &lt;small&gt;');
    expect(text).toContain('Only one segment: &lt;add&gt; another.');
    expect(text).not.toMatch(/<script|<link|src=/i);
    expect(text).toContain('No open positions.');
    expect(rows).toBe(3 + 1 + 1 + 1 + 1); // segments + total, 1 position, 1 metric row, 1 matrix row, 1 allocation
  });
});
