/**
 * Every segment's growth of 1.0 plus the benchmark (dashed grey) on one lightweight-charts chart, daily points
 * keyed by session date. Shares the app's chart theme (baseChartOptions: no TradingView logo under the CSP). The
 * chart is created once; new curves go straight to the series.
 */
import { createChart, LineSeries, LineStyle, type IChartApi, type ISeriesApi } from 'lightweight-charts';
import { useEffect, useRef, type ReactNode } from 'react';
import { baseChartOptions, CHART_BORDER } from '../../components/chart/chart-setup';
import { curvePoints, formatGrowth } from './compare-model';

/** One curve. */
export interface CurveSpec {
  id: string;
  title: string;
  color: string;
  dashed?: boolean;
  points: readonly { date: string; value: number }[];
}

/** The chart. */
export function EquityCurvesChart({ curves, label }: { curves: readonly CurveSpec[]; label: string }): ReactNode {
  const elRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApi | null>(null);
  const seriesRef = useRef(new Map<string, ISeriesApi<'Line'>>());

  useEffect(() => {
    const el = elRef.current;
    if (!el) return;
    const chart = createChart(el, {
      ...baseChartOptions({ top: 0.08, bottom: 0.08 }),
      timeScale: { borderColor: CHART_BORDER, timeVisible: false, fixLeftEdge: true, fixRightEdge: true },
      localization: { locale: 'en-US', priceFormatter: formatGrowth },
    });
    chartRef.current = chart;
    const map = seriesRef.current;
    return () => {
      chart.remove();
      chartRef.current = null;
      map.clear();
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const map = seriesRef.current;
    const wanted = new Set(curves.map((c) => c.id));
    for (const [id, s] of map) {
      if (!wanted.has(id)) {
        chart.removeSeries(s);
        map.delete(id);
      }
    }
    for (const c of curves) {
      let s = map.get(c.id);
      if (!s) {
        s = chart.addSeries(LineSeries, {
          color: c.color,
          lineWidth: c.dashed ? 1 : 2,
          lineStyle: c.dashed ? LineStyle.Dashed : LineStyle.Solid,
          title: c.title,
          priceLineVisible: false,
          lastValueVisible: true,
        });
        map.set(c.id, s);
      }
      s.setData(curvePoints(c.points));
    }
    chart.timeScale().fitContent();
  }, [curves]);

  const points = curves.reduce((n, c) => n + c.points.length, 0);
  return <div ref={elRef} className="cmp-chart" role="img" aria-label={label} data-testid="equity-curves" data-series={curves.length} data-points={points} />;
}
