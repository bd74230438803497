/**
 * Creates the candlestick chart (candles plus a volume histogram on its own scale in the bottom ~20 %) and
 * converts engine bars to series points. Colours follow the app theme; no TradingView logo (it injects a
 * <style> the CSP forbids; the About dialog credits TradingView instead).
 */
import {
  CandlestickSeries,
  ColorType,
  createChart,
  CrosshairMode,
  HistogramSeries,
  type CandlestickData,
  type HistogramData,
  type IChartApi,
  type ISeriesApi,
  type UTCTimestamp,
} from 'lightweight-charts';
import type { Bar, Timeframe } from '../../../../shared/contract/schemas';
import { priceDecimals } from '../../lib/format';
import { formatChartTime, toChartTime } from './chart-time';

/** The chart and its two series, kept in refs for the component's lifetime. */
export interface ChartHandles {
  chart: IChartApi;
  candles: ISeriesApi<'Candlestick'>;
  volume: ISeriesApi<'Histogram'>;
}

const UP = '#26a69a';
const DOWN = '#ef5350';
const UP_VOL = 'rgba(38, 166, 154, 0.45)';
const DOWN_VOL = 'rgba(239, 83, 80, 0.45)';

/** The dark theme every chart shares; the TradingView logo is off under the strict CSP (credited in About). */
export const CHART_LAYOUT = {
  attributionLogo: false,
  background: { type: ColorType.Solid, color: '#0f131a' },
  textColor: '#8b94a3',
  fontSize: 11,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
} as const;

/** The axes' border colour every chart shares (its time or price axis takes it too). */
export const CHART_BORDER = '#252d39';
const CHART_GRID = '#182029';

/**
 * The options every Kestrel chart starts from: sized by ResizeObserver (autoSize), the dark layout, the grid, a
 * free crosshair and the right price scale's border with the chart's own margins. A chart spreads it and adds its
 * time scale and localisation (and overrides what it draws differently).
 */
export function baseChartOptions(margins: { top: number; bottom: number }) {
  return {
    autoSize: true,
    layout: CHART_LAYOUT,
    grid: { vertLines: { color: CHART_GRID }, horzLines: { color: CHART_GRID } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: CHART_BORDER, scaleMargins: margins },
  };
}

/** Creates the chart inside `el` (sized by ResizeObserver via autoSize). */
export function createCandleChart(el: HTMLElement): ChartHandles {
  const chart = createChart(el, {
    ...baseChartOptions({ top: 0.08, bottom: 0.25 }),
    timeScale: { borderColor: CHART_BORDER, rightOffset: 4, timeVisible: true, secondsVisible: false },
    localization: { locale: 'en-US' },
  });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: UP,
    downColor: DOWN,
    borderVisible: false,
    wickUpColor: UP,
    wickDownColor: DOWN,
  });
  const volume = chart.addSeries(HistogramSeries, {
    priceScaleId: 'volume',
    priceFormat: { type: 'volume' },
    lastValueVisible: false,
    priceLineVisible: false,
  });
  chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
  return { chart, candles, volume };
}

/** Adapts axis and crosshair labels to a timeframe. */
export function applyTimeframe(h: ChartHandles, timeframe: Timeframe): void {
  const daily = timeframe === '1d';
  h.chart.applyOptions({
    timeScale: { timeVisible: !daily },
    localization: { timeFormatter: (t: unknown) => (typeof t === 'number' ? formatChartTime(t, daily) : String(t)) },
  });
}

/** Shows prices to the instrument's tick (4 decimals under $1). */
export function applyPricePrecision(h: ChartHandles, price: number): void {
  const precision = priceDecimals(price);
  h.candles.applyOptions({ priceFormat: { type: 'price', precision, minMove: 10 ** -precision } });
}

/** Candle point of a bar. */
export function toCandle(bar: Bar): CandlestickData<UTCTimestamp> {
  return { time: toChartTime(bar.t), open: bar.o, high: bar.h, low: bar.l, close: bar.c };
}

/** Volume point of a bar, coloured by the bar's direction. */
export function toVolume(bar: Bar): HistogramData<UTCTimestamp> {
  return { time: toChartTime(bar.t), value: bar.v, color: bar.c >= bar.o ? UP_VOL : DOWN_VOL };
}

/** Replaces all data and shows the most recent bars. */
export function setBars(h: ChartHandles, bars: readonly Bar[], visibleBars: number): void {
  h.candles.setData(bars.map(toCandle));
  h.volume.setData(bars.map(toVolume));
  const n = bars.length;
  if (n > visibleBars) h.chart.timeScale().setVisibleLogicalRange({ from: n - visibleBars, to: n + 3 });
  else h.chart.timeScale().fitContent();
}

/** Pushes one bar (the forming one, or a closed one replacing an older point when `historical`). */
export function updateBar(h: ChartHandles, bar: Bar, historical = false): void {
  h.candles.update(toCandle(bar), historical);
  h.volume.update(toVolume(bar), historical);
}
