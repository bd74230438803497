/**
 * The segment comparison view (issue 5): the side-by-side metrics table (plus the benchmark, measured by the
 * same calculator through analytics.performance), every segment's equity curve and IWM on one chart, the
 * correlation heat map (30/90 days; W toggles), the diversification score, allocation, and the multi-segment
 * portfolio, with Export CSV / Printable report (portfolio.exportReport, the saved path shown) and Print, which
 * prints this view's report section alone. Re-read on every reconnect and every minute while shown.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { PerformanceMetrics } from '../../../../shared/contract/analytics-schemas';
import type { PortfolioBySegment, SegmentComparison } from '../../../../shared/contract/segment-schemas';
import { isTypingTarget } from '../../app/dom-ids';
import { useEngine } from '../../engine/engine-context';
import { getShell } from '../../engine';
import { errorText } from '../../lib/error-text';
import { formatInt } from '../../lib/format';
import { anyOverlayOpen } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { useSimNow } from '../approvals/use-sim-now';
import { formatAsOf } from '../segments/segment-model';
import { Allocation, CorrelationHeatMap, Diversification, MetricsTable, type MetricsColumn } from './CompareSections';
import { EquityCurvesChart, type CurveSpec } from './EquityCurvesChart';
import { BENCHMARK_COLOUR, CURVE_COLOURS, curveReturns } from './compare-model';
import { SegmentBooks } from './SegmentBooks';
import './compare.css';

/** How often the open view re-reads the comparison and the books, ms. */
export const COMPARE_POLL_MS = 60_000;

interface Loaded {
  comparison: SegmentComparison | null;
  benchmark: PerformanceMetrics | null;
  books: PortfolioBySegment | null;
  error: string | null;
  booksError: string | null;
  loading: boolean;
}

/** The whole view. */
export function CompareView(): ReactNode {
  const client = useEngine();
  const connection = useKestrelStore((s) => s.connection);
  const openCount = useKestrelStore((s) => s.openCount);
  const now = useSimNow(1000);
  const [state, setState] = useState<Loaded>({ comparison: null, benchmark: null, books: null, error: null, booksError: null, loading: true });
  const [corrWindow, setCorrWindow] = useState<30 | 90>(30);
  const [exported, setExported] = useState<{ format: 'csv' | 'html' | 'pdf'; path: string; rows: number | null; bytes: number | null } | { format: 'csv' | 'html' | 'pdf'; error: string } | null>(null);
  const [exporting, setExporting] = useState<'csv' | 'html' | 'pdf' | null>(null);
  // Desktop only: the main process saves this window's print rendering (the report section) as a PDF.
  const savePdf = getShell()?.savePdf;

  const load = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    const [cmp, books] = await Promise.allSettled([client.invoke('segments.compare'), client.invoke('portfolio.bySegment')]);
    let benchmark: PerformanceMetrics | null = null;
    if (cmp.status === 'fulfilled' && cmp.value.benchmarkCurve.length > 2) {
      // The benchmark's own figures from the same calculator the segments use.
      benchmark = await client.invoke('analytics.performance', { returns: curveReturns(cmp.value.benchmarkCurve) }).catch(() => null);
    }
    setState((s) => ({
      comparison: cmp.status === 'fulfilled' ? cmp.value : s.comparison,
      benchmark: cmp.status === 'fulfilled' ? benchmark : s.benchmark,
      books: books.status === 'fulfilled' ? books.value : s.books,
      error: cmp.status === 'rejected' ? errorText(cmp.reason) : null,
      booksError: books.status === 'rejected' ? errorText(books.reason) : null,
      loading: false,
    }));
  }, [client]);

  useEffect(() => {
    if (connection !== 'open') return;
    void load();
    const timer = setInterval(() => void load(), COMPARE_POLL_MS);
    return () => clearInterval(timer);
  }, [connection, openCount, load]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (isTypingTarget(e.target) || anyOverlayOpen() || document.querySelector('[aria-modal="true"]') !== null) return;
      if (e.key === 'w' || e.key === 'W') {
        e.preventDefault();
        setCorrWindow((w) => (w === 30 ? 90 : 30));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const exportReport = async (format: 'csv' | 'html'): Promise<void> => {
    setExporting(format);
    try {
      const r = await client.invoke('portfolio.exportReport', { format });
      setExported({ format, path: r.path, rows: r.rows, bytes: r.bytes });
    } catch (e) {
      setExported({ format, error: errorText(e) });
    } finally {
      setExporting(null);
    }
  };

  const exportPdf = async (): Promise<void> => {
    if (!savePdf) return;
    setExporting('pdf');
    try {
      const path = await savePdf('segment-report');
      setExported({ format: 'pdf', path, rows: null, bytes: null });
    } catch (e) {
      setExported({ format: 'pdf', error: errorText(e) });
    } finally {
      setExporting(null);
    }
  };

  const cmp = state.comparison;
  const columns = useMemo((): MetricsColumn[] => {
    if (!cmp) return [];
    const cols: MetricsColumn[] = cmp.segments.map((s, i) => ({
      id: s.segmentId,
      name: s.name,
      color: CURVE_COLOURS[i % CURVE_COLOURS.length]!,
      basis: s.basis,
      from: s.from,
      to: s.to,
      metrics: s.metrics,
    }));
    const dates = cmp.benchmarkCurve.map((p) => p.date).sort();
    cols.push({ id: cmp.benchmark, name: cmp.benchmark, color: BENCHMARK_COLOUR, basis: 'benchmark', from: dates[0] ?? null, to: dates[dates.length - 1] ?? null, metrics: state.benchmark });
    return cols;
  }, [cmp, state.benchmark]);
  const curves = useMemo((): CurveSpec[] => {
    if (!cmp) return [];
    const out: CurveSpec[] = cmp.segments.map((s, i) => ({ id: s.segmentId, title: s.name, color: CURVE_COLOURS[i % CURVE_COLOURS.length]!, points: s.curve }));
    out.push({ id: `bench:${cmp.benchmark}`, title: cmp.benchmark, color: BENCHMARK_COLOUR, dashed: true, points: cmp.benchmarkCurve });
    return out;
  }, [cmp]);
  const names = useMemo(() => new Map(cmp?.segments.map((s) => [s.segmentId, s.name]) ?? []), [cmp]);

  return (
    <div className="compare-view" data-testid="compare-view">
      <header className="cmp-bar">
        <h1 className="cmp-title">Compare segments</h1>
        {cmp && (
          <span className="cmp-muted" data-testid="compare-asof">
            as of {formatAsOf(cmp.asOf, now)} · benchmark {cmp.benchmark}
          </span>
        )}
        {state.loading && <span className="cmp-muted">Reading…</span>}
        <span className="cmp-spacer" />
        <span className="cmp-muted" aria-hidden="true">
          <kbd>W</kbd> 30/90-day correlation
        </span>
        <button type="button" className="btn" onClick={() => void load()} disabled={connection !== 'open'} data-testid="refresh-compare">
          ⟳ Refresh
        </button>
        <button type="button" className="btn" onClick={() => void exportReport('csv')} disabled={exporting !== null || connection !== 'open'} data-testid="export-csv">
          {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void exportReport('html')}
          disabled={exporting !== null || connection !== 'open'}
          data-testid="export-html"
          title="Write the unified report as a printable HTML page (the desktop saves it as PDF)"
        >
          {exporting === 'html' ? 'Exporting…' : 'Printable report'}
        </button>
        <button type="button" className="btn" onClick={() => window.print()} data-testid="print-view" title="Print this view's report section">
          Print…
        </button>
        {savePdf && (
          <button type="button" className="btn" onClick={() => void exportPdf()} disabled={exporting !== null || !cmp} data-testid="save-pdf" title="Save this view's report section as a PDF in the exports folder">
            {exporting === 'pdf' ? 'Saving…' : 'Save PDF'}
          </button>
        )}
      </header>
      {exported && (
        <div className={`banner ${'error' in exported ? 'banner-error' : 'cmp-exported'}`} role={'error' in exported ? 'alert' : 'status'} data-testid="export-result">
          {'error' in exported ? (
            `Export (${exported.format.toUpperCase()}) failed: ${exported.error}`
          ) : (
            <>
              {exported.format === 'csv' ? 'CSV' : exported.format === 'pdf' ? 'PDF' : 'Printable report'} saved to <code data-testid="export-path">{exported.path}</code>
              {exported.rows !== null && exported.bytes !== null ? ` · ${formatInt(exported.rows)} rows · ${formatInt(exported.bytes)} bytes` : ''}
              {exported.format === 'html' ? ' · open it in a browser to print, or use Print… here' : ''}
            </>
          )}{' '}
          <button type="button" className="link-btn" onClick={() => setExported(null)}>
            dismiss
          </button>
        </div>
      )}
      {state.error && (
        <div className="banner banner-error" role="alert">
          {cmp ? 'Showing the last comparison. ' : ''}Could not read the comparison: {state.error}{' '}
          <button type="button" className="link-btn" onClick={() => void load()}>
            Retry
          </button>
        </div>
      )}
      <div className="cmp-scroll">
        {!cmp ? (
          !state.error && (
            <p className="empty-state cmp-empty" role="status">
              <span className="spinner" aria-hidden="true" />
              Reading the segments&apos; performance…
            </p>
          )
        ) : (
          <div className="cmp-print" data-testid="compare-report">
            <h1 className="cmp-print-title">Kestrel — segment comparison, as of {formatAsOf(cmp.asOf, now)}</h1>
            <div className="cmp-grid">
              <MetricsTable columns={columns} />
              <section className="cmp-section cmp-curves" aria-labelledby="cmp-curves-h">
                <h2 className="cmp-h" id="cmp-curves-h">
                  Equity curves <span className="cmp-h-sub">growth of 1.0, one point per session</span>
                </h2>
                <ul className="cmp-curve-legend">
                  {curves.map((c) => (
                    <li key={c.id}>
                      <span className={`cmp-swatch ${c.dashed ? 'cmp-swatch-dashed' : ''}`} style={{ background: c.dashed ? undefined : c.color, borderColor: c.color }} aria-hidden="true" />
                      {c.title}
                      <span className="cmp-note"> · {formatInt(c.points.length)} sessions</span>
                    </li>
                  ))}
                </ul>
                <EquityCurvesChart curves={curves} label={`Equity curves of ${curves.map((c) => c.title).join(', ')}`} />
              </section>
              <CorrelationHeatMap comparison={cmp} window={corrWindow} onWindow={setCorrWindow} />
              <Diversification d={cmp.diversification} />
              <Allocation rows={cmp.allocation} names={names} />
            </div>
            {state.books ? (
              <SegmentBooks data={state.books} asOfText={formatAsOf(state.books.asOf, now)} />
            ) : (
              state.booksError && (
                <p className="down cmp-section" role="alert">
                  Could not read the portfolio by segment: {state.booksError}
                </p>
              )
            )}
          </div>
        )}
      </div>
    </div>
  );
}
