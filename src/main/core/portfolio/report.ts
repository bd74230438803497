/**
 * The unified multi-segment report (`portfolio.exportReport`): per segment its capital, cash, equity, P&L and
 * positions, then the metrics table (with the basis each figure rests on), the correlations and the allocation.
 * - CSV: one header row and one row per record, a `section` column saying what the row is (segment, position,
 *   total, metric), so a spreadsheet can filter it;
 * - HTML: one self-contained printable page (inline CSS with @media print, no scripts, no external resources)
 *   that the desktop saves as PDF.
 * Files go into the directory given (the engine passes <dataDir>/exports). Times in New York.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { PerformanceMetrics, PortfolioBySegment, SegmentComparison } from '../../../shared/contract';
import { EXCHANGE_TZ } from '../market/calendar';
import type { SegmentCompare } from './compare';
import type { SegmentBooks } from './segment-books';

export interface ReportResult {
  path: string;
  format: 'csv' | 'html';
  bytes: number;
  rows: number;
}

export interface SegmentReportDeps {
  books: SegmentBooks;
  compare: SegmentCompare;
  now: () => number;
}

export interface SegmentReport {
  exportReport(format: 'csv' | 'html', dir: string): ReportResult;
}

const CSV_COLUMNS = [
  'section',
  'segment_id',
  'segment',
  'symbol',
  'quantity',
  'avg_cost',
  'last',
  'market_value',
  'unrealized_pnl',
  'capital',
  'cash',
  'equity',
  'realized_pnl',
  'trades',
  'basis',
  'from',
  'to',
  'observations',
  'total_return',
  'cagr',
  'sharpe',
  'sortino',
  'max_drawdown',
  'annual_volatility',
  'beta',
  'alpha',
  'var95_historical',
  'es95_historical',
  'var95_parametric',
  'es95_parametric',
] as const;
type Column = (typeof CSV_COLUMNS)[number];

const csvCell = (v: string | number | null | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : v;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

const metricCells = (m: PerformanceMetrics): Partial<Record<Column, number | null>> => ({
  observations: m.observations,
  total_return: m.totalReturn,
  cagr: m.cagr,
  sharpe: m.sharpe,
  sortino: m.sortino,
  max_drawdown: m.maxDrawdown,
  annual_volatility: m.annualVolatility,
  beta: m.beta,
  alpha: m.alpha,
  var95_historical: m.var95Historical,
  es95_historical: m.es95Historical,
  var95_parametric: m.var95Parametric,
  es95_parametric: m.es95Parametric,
});

export function reportCsv(book: PortfolioBySegment, cmp: SegmentComparison): { text: string; rows: number } {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  const push = (cells: Partial<Record<Column, string | number | null>>): void => {
    lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  };
  for (const s of book.segments) {
    push({
      section: 'segment',
      segment_id: s.segmentId,
      segment: s.name,
      market_value: s.marketValue,
      unrealized_pnl: s.unrealizedPnl,
      capital: s.capital,
      cash: s.cash,
      equity: s.equity,
      realized_pnl: s.realizedPnl,
      trades: s.trades,
    });
    for (const p of s.positions)
      push({
        section: 'position',
        segment_id: s.segmentId,
        segment: s.name,
        symbol: p.symbol,
        quantity: p.quantity,
        avg_cost: p.avgCost,
        last: p.last,
        market_value: p.marketValue,
        unrealized_pnl: p.unrealizedPnl,
      });
  }
  push({
    section: 'total',
    segment: 'Total',
    market_value: book.total.marketValue,
    unrealized_pnl: book.total.unrealizedPnl,
    cash: book.total.cash,
    equity: book.total.equity,
    realized_pnl: book.total.realizedPnl,
  });
  for (const p of cmp.segments)
    push({ section: 'metric', segment_id: p.segmentId, segment: p.name, basis: p.basis, from: p.from, to: p.to, ...metricCells(p.metrics) });
  const text = `${lines.join('\n')}\n`;
  return { text, rows: lines.length - 1 };
}

const esc = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
const money = (x: number): string => (x < 0 ? `−$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}` : `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`);
const pctOrDash = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(2)}%`);
const ratio = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
const price = (x: number | null): string => (x === null ? '—' : x >= 1 ? x.toFixed(2) : x.toFixed(4));
const signed = (x: number): string => `<td class="num ${x < 0 ? 'neg' : x > 0 ? 'pos' : ''}">${money(x)}</td>`;

const CSS = `
  :root { color-scheme: light; }
  body { font: 12px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 24px; }
  h1 { font-size: 18px; margin: 0 0 4px; } h2 { font-size: 14px; margin: 20px 0 6px; } h3 { font-size: 12px; margin: 12px 0 4px; }
  .meta { color: #555; margin-bottom: 12px; }
  table { border-collapse: collapse; width: 100%; margin-bottom: 8px; }
  th, td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left; }
  th { background: #f3f4f6; font-weight: 600; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .neg { color: #b91c1c; } .pos { color: #15803d; }
  .basis { font-size: 10px; padding: 0 4px; border: 1px solid #999; border-radius: 3px; }
  .note { color: #555; font-size: 11px; }
  @media print {
    body { margin: 0; font-size: 10px; }
    h2 { break-after: avoid; }
    table { page-break-inside: auto; } tr { break-inside: avoid; }
    .segment { break-inside: avoid; }
  }
`;

export function reportHtml(book: PortfolioBySegment, cmp: SegmentComparison, now: number): { text: string; rows: number } {
  let rows = 0;
  const asOf = DateTime.fromMillis(now, { zone: EXCHANGE_TZ }).toFormat("yyyy-LL-dd HH:mm 'ET'");
  const parts: string[] = [];
  parts.push(`<h1>Kestrel — multi-segment portfolio report</h1>`);
  parts.push(`<div class="meta">As of ${esc(asOf)} · source: paper account ledger and fills, marks from the live quotes · benchmark ${esc(cmp.benchmark)}</div>`);

  parts.push('<h2>Segments</h2><table><thead><tr><th>Segment</th><th class="num">Capital</th><th class="num">Cash</th><th class="num">Market value</th><th class="num">Equity</th><th class="num">Realized P&amp;L</th><th class="num">Unrealized P&amp;L</th><th class="num">Trades</th></tr></thead><tbody>');
  for (const s of book.segments) {
    rows++;
    parts.push(
      `<tr><td>${esc(s.name)}</td><td class="num">${money(s.capital)}</td><td class="num">${money(s.cash)}</td><td class="num">${money(s.marketValue)}</td><td class="num">${money(s.equity)}</td>${signed(s.realizedPnl)}${signed(s.unrealizedPnl)}<td class="num">${s.trades}</td></tr>`,
    );
  }
  rows++;
  const t = book.total;
  parts.push(`<tr><th>Total</th><th class="num"></th><th class="num">${money(t.cash)}</th><th class="num">${money(t.marketValue)}</th><th class="num">${money(t.equity)}</th><th class="num">${money(t.realizedPnl)}</th><th class="num">${money(t.unrealizedPnl)}</th><th></th></tr></tbody></table>`);

  parts.push('<h2>Positions</h2>');
  for (const s of book.segments) {
    parts.push(`<div class="segment"><h3>${esc(s.name)}</h3>`);
    if (s.positions.length === 0) {
      parts.push('<div class="note">No open positions.</div></div>');
      continue;
    }
    parts.push('<table><thead><tr><th>Symbol</th><th class="num">Quantity</th><th class="num">Avg cost</th><th class="num">Last</th><th class="num">Market value</th><th class="num">Unrealized P&amp;L</th></tr></thead><tbody>');
    for (const p of s.positions) {
      rows++;
      parts.push(`<tr><td>${esc(p.symbol)}</td><td class="num">${p.quantity}</td><td class="num">${price(p.avgCost)}</td><td class="num">${price(p.last)}</td><td class="num">${money(p.marketValue)}</td>${signed(p.unrealizedPnl)}</tr>`);
    }
    parts.push('</tbody></table></div>');
  }

  parts.push('<h2>Performance and risk</h2><table><thead><tr><th>Segment</th><th>Basis</th><th>Period</th><th class="num">Total return</th><th class="num">CAGR</th><th class="num">Sharpe</th><th class="num">Sortino</th><th class="num">Max drawdown</th><th class="num">Volatility</th><th class="num">Beta</th><th class="num">Alpha</th><th class="num">VaR 95%</th><th class="num">ES 95%</th></tr></thead><tbody>');
  for (const p of cmp.segments) {
    rows++;
    const m = p.metrics;
    parts.push(
      `<tr><td>${esc(p.name)}</td><td><span class="basis">${p.basis}</span></td><td>${esc(p.from ?? '—')} → ${esc(p.to ?? '—')}</td><td class="num">${pctOrDash(m.totalReturn)}</td><td class="num">${pctOrDash(m.cagr)}</td><td class="num">${ratio(m.sharpe)}</td><td class="num">${ratio(m.sortino)}</td><td class="num">${pctOrDash(m.maxDrawdown)}</td><td class="num">${pctOrDash(m.annualVolatility)}</td><td class="num">${ratio(m.beta)}</td><td class="num">${pctOrDash(m.alpha)}</td><td class="num">${pctOrDash(m.var95Historical)}</td><td class="num">${pctOrDash(m.es95Historical)}</td></tr>`,
    );
  }
  parts.push(
    `</tbody></table><div class="note">Daily returns; Sharpe ddof 1 × √252; max drawdown from wealth 1.0; alpha compounded; VaR/ES historical, positive loss fractions. Basis “sleeve”: the segment's own paper trades; “universe”: the equal-weighted returns of its members until the sleeve has 20 days of history.</div>`,
  );

  const c = cmp.correlation90;
  const label = (id: string): string => cmp.segments.find((p) => p.segmentId === id)?.name ?? id;
  parts.push(`<h2>Correlation (${c.window} days, ${c.basis})</h2><table><thead><tr><th></th>${c.names.map((n) => `<th class="num">${esc(label(n))}</th>`).join('')}</tr></thead><tbody>`);
  c.names.forEach((n, i) => {
    rows++;
    parts.push(`<tr><th>${esc(label(n))}</th>${c.matrix[i]!.map((v) => `<td class="num">${ratio(v)}</td>`).join('')}</tr>`);
  });
  parts.push('</tbody></table>');
  parts.push(`<h2>Diversification: ${cmp.diversification.score === null ? '—' : `${cmp.diversification.score.toFixed(1)} / 100`}</h2><ul>`);
  for (const r of cmp.diversification.recommendations) parts.push(`<li>${esc(r)}</li>`);
  parts.push('</ul><h2>Allocation</h2><table><thead><tr><th>Segment</th><th class="num">Target</th><th class="num">Current</th><th class="num">Drift</th></tr></thead><tbody>');
  const names = new Map(cmp.segments.map((p) => [p.segmentId, p.name]));
  for (const a of cmp.allocation) {
    rows++;
    parts.push(`<tr><td>${esc(names.get(a.segmentId) ?? a.segmentId)}</td><td class="num">${pctOrDash(a.target)}</td><td class="num">${pctOrDash(a.current)}</td><td class="num">${pctOrDash(a.drift)}</td></tr>`);
  }
  parts.push('</tbody></table>');

  const text = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kestrel segment report ${esc(asOf)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>${CSS}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
  return { text, rows };
}

export function createSegmentReport(deps: SegmentReportDeps): SegmentReport {
  return {
    exportReport(format, dir) {
      const now = deps.now();
      const book = deps.books.all();
      const cmp = deps.compare.compare();
      const { text, rows } = format === 'csv' ? reportCsv(book, cmp) : reportHtml(book, cmp, now);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `segments-report-${new Date(now).toISOString().replace(/[:.]/g, '-')}.${format}`);
      writeFileSync(path, text);
      return { path, format, bytes: Buffer.byteLength(text), rows };
    },
  };
}
