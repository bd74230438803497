/**
 * A sector's sentiment score over time (lightweight-charts baseline series around 0) with the colour bands
 * of NUMBERS.md drawn as labelled lines at −0.6, −0.2, +0.2 and +0.6 on a fixed −1..+1 scale.
 */
import { BaselineSeries, createChart, LineStyle, type IChartApi, type ISeriesApi, type UTCTimestamp } from 'lightweight-charts';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { SectorHistory } from '../../store/slices/sectors-slice';
import { baseChartOptions, CHART_BORDER } from '../../components/chart/chart-setup';
import { formatChartTime, toChartTime } from '../../components/chart/chart-time';
import { formatScore } from './sector-model';

const BAND_LINES: readonly { price: number; color: string; title: string }[] = [
  { price: 0.6, color: '#10b981', title: 'DNS' },
  { price: 0.2, color: '#6fcf97', title: 'avoid' },
  { price: -0.2, color: '#e57373', title: 'short' },
  { price: -0.6, color: '#dc2626', title: 'prime' },
];

/** Chart points from history points: sorted, one per chart time. */
export function historyToSeries(points: SectorHistory['points']): { time: UTCTimestamp; value: number }[] {
  const out: { time: UTCTimestamp; value: number }[] = [];
  for (const p of [...points].sort((a, b) => a.t - b.t)) {
    const time = toChartTime(p.t);
    const last = out[out.length - 1];
    if (last && last.time === time) last.value = p.score;
    else out.push({ time, value: p.score });
  }
  return out;
}

/** The history chart; `points` replace the data whenever they change. */
export function SentimentHistoryChart({ points }: { points: SectorHistory['points'] }): ReactNode {
  const hostRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<{ chart: IChartApi; series: ISeriesApi<'Baseline'> } | null>(null);

  useEffect(() => {
    const chart = createChart(hostRef.current!, {
      ...baseChartOptions({ top: 0.06, bottom: 0.06 }),
      grid: { vertLines: { color: '#161d26' }, horzLines: { visible: false } },
      crosshair: {}, // the library's default (magnet) crosshair, as before
      timeScale: { borderColor: CHART_BORDER, timeVisible: false, rightOffset: 2 },
      localization: {
        locale: 'en-US',
        timeFormatter: (t: unknown) => (typeof t === 'number' ? formatChartTime(t, true) : String(t)),
        priceFormatter: (p: number) => formatScore(p),
      },
      handleScroll: false,
      handleScale: false,
    });
    const series = chart.addSeries(BaselineSeries, {
      baseValue: { type: 'price', price: 0 },
      topLineColor: '#34d399',
      topFillColor1: 'rgba(16, 185, 129, 0.35)',
      topFillColor2: 'rgba(16, 185, 129, 0.04)',
      bottomLineColor: '#f87171',
      bottomFillColor1: 'rgba(220, 38, 38, 0.04)',
      bottomFillColor2: 'rgba(220, 38, 38, 0.35)',
      lineWidth: 2,
      priceLineVisible: false,
      autoscaleInfoProvider: () => ({ priceRange: { minValue: -1, maxValue: 1 } }),
    });
    for (const b of BAND_LINES) {
      series.createPriceLine({ price: b.price, color: b.color, lineWidth: 1, lineStyle: LineStyle.Dashed, axisLabelVisible: true, title: b.title });
    }
    series.createPriceLine({ price: 0, color: '#3b4658', lineWidth: 1, lineStyle: LineStyle.Solid, axisLabelVisible: false, title: '' });
    chartRef.current = { chart, series };
    return () => {
      chart.remove();
      chartRef.current = null;
    };
  }, []);

  const data = useMemo(() => historyToSeries(points), [points]);
  useEffect(() => {
    const h = chartRef.current;
    if (!h) return;
    // Several runs a day (on-demand analyses) need the time of day on the axis.
    const spanMs = data.length > 1 ? (data[data.length - 1]!.time - data[0]!.time) * 1000 : 0;
    const intraday = spanMs < 3 * 86_400_000;
    h.chart.applyOptions({
      timeScale: { timeVisible: intraday },
      localization: { timeFormatter: (t: unknown) => (typeof t === 'number' ? formatChartTime(t, !intraday) : String(t)) },
    });
    h.series.setData(data);
    h.chart.timeScale().fitContent();
  }, [data]);

  return (
    <>
      <div className="sd-history-host" ref={hostRef} data-testid="sentiment-history" data-points={data.length} />
      {data.length < 2 && <div className="chart-overlay sd-history-note">{data.length === 0 ? 'No history yet' : 'One run so far'}: the history grows with each analysis run.</div>}
    </>
  );
}
