/**
 * The comparison view's sections: the side-by-side metrics table (each column labelled with its basis and date
 * range; null is "—" with "too few observations"), the correlation heat map (30/90 days, a table of cells
 * coloured by ρ with the number in each), the diversification score with its recommendations, and allocation
 * (target, current, drift bars).
 */
import type { ReactNode } from 'react';
import type { CorrelationMatrix, PerformanceMetrics } from '../../../../shared/contract/analytics-schemas';
import type { SegmentComparison } from '../../../../shared/contract/segment-schemas';
import { formatInt } from '../../lib/format';
import {
  METRIC_ROWS,
  TOO_FEW,
  allocationBar,
  allocationScale,
  basisText,
  bestIndex,
  correlationColour,
  diversificationTier,
  formatMetric,
  formatRho,
  rangeText,
  rhoStrength,
  seriesName,
} from './compare-model';

/** A column of the metrics table. */
export interface MetricsColumn {
  id: string;
  name: string;
  color: string;
  basis: 'sleeve' | 'universe' | 'benchmark';
  from: string | null;
  to: string | null;
  metrics: PerformanceMetrics | null;
}

/** The side-by-side metrics table. */
export function MetricsTable({ columns }: { columns: readonly MetricsColumn[] }): ReactNode {
  return (
    <section className="cmp-section cmp-metrics" aria-labelledby="cmp-metrics-h">
      <h2 className="cmp-h" id="cmp-metrics-h">
        Performance and risk
      </h2>
      <table className="cmp-table" data-testid="metrics-table">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {columns.map((c) => (
              <th key={c.id} scope="col" className="num cmp-col-head" data-segment={c.id} data-basis={c.basis}>
                <span className="cmp-swatch" style={{ background: c.color }} aria-hidden="true" />
                <span className="cmp-col-name">{c.name}</span>
                <span className={`cmp-basis cmp-basis-${c.basis}`} title={c.basis === 'benchmark' ? 'The benchmark ETF over the same sessions' : basisText(c.basis)} data-testid="metrics-basis">
                  {c.basis}
                </span>
                <span className="cmp-range" data-testid="metrics-range">
                  {rangeText(c.from, c.to)
                    .split(' → ')
                    .map((part, i, all) => (
                      <span key={i} className="cmp-nowrap">
                        {part}
                        {i < all.length - 1 ? ' → ' : ''}
                      </span>
                    ))}
                </span>
                <span className="cmp-range">{c.metrics ? `${formatInt(c.metrics.observations)} observations` : 'no observations'}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {METRIC_ROWS.map((row) => {
            const values = columns.map((c) => (c.basis === 'benchmark' && (row.key === 'beta' || row.key === 'alpha') ? null : (c.metrics?.[row.key] ?? null)));
            // The best segment is marked; the benchmark is the yardstick, not a contender.
            const best = bestIndex(
              row,
              values.map((v, i) => (columns[i]!.basis === 'benchmark' ? null : v)),
            );
            return (
              <tr key={row.key} data-metric={row.key}>
                <th scope="row" title={row.title}>
                  {row.label}
                </th>
                {values.map((v, i) => {
                  const self = columns[i]!.basis === 'benchmark' && (row.key === 'beta' || row.key === 'alpha');
                  return (
                    <td
                      key={columns[i]!.id}
                      className={`num ${best === i ? 'cmp-best' : ''} ${v === null ? 'cmp-null' : ''}`}
                      title={v === null ? (self ? 'the benchmark against itself' : TOO_FEW) : undefined}
                      data-testid="metric-cell"
                      data-null={v === null}
                    >
                      {formatMetric(row, v)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="cmp-note">
        Daily returns, 252 sessions a year, risk-free 0 (NUMBERS.md). <strong>sleeve</strong>: the segment&apos;s own paper trades; <strong>universe</strong>: its members
        equal-weighted, shown until the sleeve has enough history. The best segment of each row in bold.
      </p>
    </section>
  );
}

/** The correlation heat map with its 30/90-day toggle. */
export function CorrelationHeatMap({
  comparison,
  window,
  onWindow,
}: {
  comparison: SegmentComparison;
  window: 30 | 90;
  onWindow(w: 30 | 90): void;
}): ReactNode {
  const m: CorrelationMatrix & { window: number; basis: string } = window === 30 ? comparison.correlation30 : comparison.correlation90;
  const names = m.names.map((n) => seriesName(n, comparison));
  return (
    <section className="cmp-section cmp-heat" aria-labelledby="cmp-heat-h" data-testid="correlation" data-window={window}>
      <h2 className="cmp-h" id="cmp-heat-h">
        Correlation
        <span className="cmp-h-sub">
          {m.window} sessions · {m.basis}
        </span>
        <span className="cmp-seg" role="group" aria-label="Correlation window">
          {([30, 90] as const).map((w) => (
            <button key={w} type="button" className={`seg-btn ${window === w ? 'active' : ''}`} aria-pressed={window === w} data-testid={`corr-${w}`} onClick={() => onWindow(w)} title={`${w}-day window (W toggles)`}>
              {w}d
            </button>
          ))}
        </span>
      </h2>
      {m.names.length === 0 ? (
        <p className="cmp-note">No series to correlate yet.</p>
      ) : (
        <table className="cmp-heatmap" data-testid="heatmap">
          <thead>
            <tr>
              <td />
              {names.map((n, j) => (
                <th key={m.names[j]} scope="col">
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.matrix.map((row, i) => (
              <tr key={m.names[i]}>
                <th scope="row">{names[i]}</th>
                {row.map((rho, j) => {
                  const obs = m.observations[i]?.[j] ?? 0;
                  const text = `${names[i]} vs ${names[j]}: ${rho === null ? TOO_FEW : `ρ ${formatRho(rho)}, ${rhoStrength(rho)}`} (${obs} paired observations)`;
                  return (
                    <td
                      key={m.names[j]}
                      className={`cmp-cell ${rho === null ? 'cmp-cell-null' : ''} ${i === j ? 'cmp-cell-diag' : ''}`}
                      style={{ background: correlationColour(rho) }}
                      title={text}
                      aria-label={text}
                      data-testid="heat-cell"
                      data-rho={rho === null ? '' : rho.toFixed(4)}
                    >
                      {formatRho(rho)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="cmp-legend" aria-hidden="true">
        <span>−1</span>
        <span className="cmp-legend-bar" />
        <span>+1</span>
        <span className="cmp-note">blue: moves opposite · red: moves together</span>
      </div>
    </section>
  );
}

/** The diversification score and its recommendations. */
export function Diversification({ d }: { d: SegmentComparison['diversification'] }): ReactNode {
  const tier = diversificationTier(d.score);
  return (
    <section className="cmp-section cmp-div" aria-labelledby="cmp-div-h" data-testid="diversification" data-tier={tier.tier}>
      <h2 className="cmp-h" id="cmp-div-h">
        Diversification
      </h2>
      <div className="cmp-score-row">
        <span className={`cmp-score cmp-tier-${tier.tier}`} data-testid="diversification-score" title={d.score === null ? TOO_FEW : '0 = perfectly correlated segments, 100 = uncorrelated'}>
          {d.score === null ? '—' : Math.round(d.score)}
          <span className="cmp-score-of">/100</span>
        </span>
        <span className="cmp-score-text">
          <strong>{tier.label}</strong>
          <span className="cmp-note">average correlation {d.averageCorrelation === null ? '— (too few observations)' : formatRho(d.averageCorrelation)}</span>
        </span>
      </div>
      {d.recommendations.length > 0 ? (
        <ul className="cmp-recs" data-testid="recommendations">
          {d.recommendations.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : (
        <p className="cmp-note">No recommendations.</p>
      )}
    </section>
  );
}

/** Allocation per segment: target and current bars, and the drift. */
export function Allocation({ rows, names }: { rows: SegmentComparison['allocation']; names: ReadonlyMap<string, string> }): ReactNode {
  const scale = allocationScale(rows);
  return (
    <section className="cmp-section cmp-alloc" aria-labelledby="cmp-alloc-h" data-testid="allocation">
      <h2 className="cmp-h" id="cmp-alloc-h">
        Allocation <span className="cmp-h-sub">share of account equity</span>
      </h2>
      {rows.length === 0 ? (
        <p className="cmp-note">No allocation targets.</p>
      ) : (
        <table className="cmp-table cmp-alloc-table">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Target
              </th>
              <th scope="col" className="num">
                Current
              </th>
              <th scope="col" className="cmp-bars-col">
                <span className="cmp-key cmp-key-target" /> target <span className="cmp-key cmp-key-current" /> current
              </th>
              <th scope="col" className="num">
                Drift
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => {
              const bar = allocationBar(a, scale);
              return (
                <tr key={a.segmentId} data-testid="allocation-row" data-segment={a.segmentId}>
                  <th scope="row">{names.get(a.segmentId) ?? a.segmentId}</th>
                  <td className="num">{(a.target * 100).toFixed(1)}%</td>
                  <td className="num">{(a.current * 100).toFixed(1)}%</td>
                  <td className="cmp-bars" aria-label={`target ${(a.target * 100).toFixed(1)}%, current ${(a.current * 100).toFixed(1)}%`}>
                    <span className="cmp-abar cmp-abar-target" style={{ width: `${bar.targetPct}%` }} />
                    <span className="cmp-abar cmp-abar-current" style={{ width: `${bar.currentPct}%` }} />
                  </td>
                  <td className={`num cmp-drift-${bar.driftTier}`} title="current − target, percentage points">
                    {bar.driftText}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
