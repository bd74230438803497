/**
 * A small lightweight-charts chart whose horizontal axis is a price (v5's createOptionsChart): the pain curve,
 * the IV smile and the payoff diagram. Lines or histograms keyed by price, markers at prices (max pain, spot,
 * breakevens) and horizontal price lines (zero P&L). Points are placed by index, so callers pass evenly spaced
 * grids (strikes or the payoff grid). The chart is created once; data updates go straight to the series.
 */
import {
  createOptionsChart,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  LineStyle,
  type IChartApiBase,
  type ISeriesApi,
  type ISeriesMarkersPluginApi,
  type IPriceLine,
  type SeriesMarker,
  type SeriesType,
} from 'lightweight-charts';
import { useEffect, useRef, type ReactNode } from 'react';
import { baseChartOptions, CHART_BORDER } from '../../components/chart/chart-setup';

/** One series of the chart. */
export interface StrikeSeries {
  id: string;
  kind: 'line' | 'histogram';
  color: string;
  title: string;
  points: readonly { x: number; y: number }[];
  lineStyle?: 'solid' | 'dashed' | 'dotted';
  lineWidth?: 1 | 2 | 3;
}

/** A marker on the first series at a horizontal price (snapped to the nearest point). */
export interface StrikeMarker {
  x: number;
  text: string;
  color: string;
  position?: 'aboveBar' | 'belowBar' | 'inBar';
  shape?: 'circle' | 'square' | 'arrowUp' | 'arrowDown';
}

/** Props of StrikeChart. */
export interface StrikeChartProps {
  series: readonly StrikeSeries[];
  markers?: readonly StrikeMarker[];
  /** Horizontal price lines on the first series (e.g. 0 for P&L). */
  levels?: readonly { y: number; title: string; color: string }[];
  /** Formats the vertical axis values. */
  formatY(v: number): string;
  /** Decimals of the horizontal (price) axis (read once, at creation). */
  xPrecision?: number;
  label: string;
  testId: string;
  className?: string;
}

const STYLE = { solid: LineStyle.Solid, dashed: LineStyle.Dashed, dotted: LineStyle.Dotted } as const;

/** Nearest x of `points` to `x`. */
export function snapX(points: readonly { x: number }[], x: number): number | null {
  let best: number | null = null;
  for (const p of points) if (best === null || Math.abs(p.x - x) < Math.abs(best - x)) best = p.x;
  return best;
}

/** The chart. */
export function StrikeChart({ series, markers = [], levels = [], formatY, xPrecision = 2, label, testId, className }: StrikeChartProps): ReactNode {
  const elRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<IChartApiBase<number> | null>(null);
  const seriesRef = useRef(new Map<string, ISeriesApi<SeriesType, number>>());
  const markersRef = useRef<{ on: ISeriesApi<SeriesType, number>; api: ISeriesMarkersPluginApi<number> } | null>(null);
  const linesRef = useRef<IPriceLine[]>([]);
  const formatRef = useRef(formatY);
  formatRef.current = formatY;
  // The horizontal axis' decimals are fixed when the chart is created.
  const precisionRef = useRef(xPrecision);

  useEffect(() => {
    const el = elRef.current;
    if (!el) return;
    const chart = createOptionsChart(el, {
      ...baseChartOptions({ top: 0.12, bottom: 0.08 }),
      timeScale: { borderColor: CHART_BORDER, fixLeftEdge: true, fixRightEdge: true },
      handleScroll: false,
      handleScale: false,
      localization: { precision: precisionRef.current, priceFormatter: (v: number) => formatRef.current(v) },
    });
    chartRef.current = chart;
    const map = seriesRef.current;
    return () => {
      chart.remove();
      chartRef.current = null;
      map.clear();
      markersRef.current = null;
      linesRef.current = [];
    };
  }, []);

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const map = seriesRef.current;
    const wanted = new Set(series.map((s) => s.id));
    for (const [id, s] of map) {
      if (!wanted.has(id)) {
        if (markersRef.current?.on === s) markersRef.current = null;
        chart.removeSeries(s);
        map.delete(id);
      }
    }
    series.forEach((s) => {
      let api = map.get(s.id);
      if (!api) {
        api =
          s.kind === 'line'
            ? chart.addSeries(LineSeries, { color: s.color, lineWidth: s.lineWidth ?? 2, lineStyle: STYLE[s.lineStyle ?? 'solid'], title: s.title, priceLineVisible: false, lastValueVisible: false })
            : chart.addSeries(HistogramSeries, { color: s.color, title: s.title, priceLineVisible: false, lastValueVisible: false });
        map.set(s.id, api);
      }
      // Unique ascending x values (the horizontal scale needs them so).
      const pts = [...s.points].filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.x - b.x);
      const data = pts.filter((p, i) => i === 0 || p.x !== pts[i - 1]!.x).map((p) => ({ time: p.x, value: p.y }));
      api.setData(data);
    });
    const first = series[0] ? map.get(series[0].id) : undefined;
    if (first) {
      const pts = series[0]!.points;
      const ms: SeriesMarker<number>[] = [];
      for (const m of markers) {
        const x = snapX(pts, m.x);
        if (x !== null) ms.push({ time: x, position: m.position ?? 'aboveBar', shape: m.shape ?? 'arrowDown', color: m.color, text: m.text });
      }
      ms.sort((a, b) => a.time - b.time);
      if (markersRef.current?.on !== first) {
        markersRef.current?.api.detach();
        markersRef.current = { on: first, api: createSeriesMarkers(first, ms) };
      } else markersRef.current.api.setMarkers(ms);
      for (const l of linesRef.current) first.removePriceLine(l);
      linesRef.current = levels.map((l) => first.createPriceLine({ price: l.y, color: l.color, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: l.title }));
    }
    chart.timeScale().fitContent();
  }, [series, markers, levels]);

  return <div ref={elRef} className={`strike-chart ${className ?? ''}`} role="img" aria-label={label} data-testid={testId} data-points={series[0]?.points.length ?? 0} />;
}
