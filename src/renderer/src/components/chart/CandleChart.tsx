/**
 * Candlestick chart of one symbol. The chart is created once per mount and kept in refs; history is set
 * with setData when the symbol, timeframe or connection changes; live quotes and closed bars go straight
 * from the engine subscription to series.update, never through React state.
 */
import type { CandlestickData, HistogramData, MouseEventParams, Time } from 'lightweight-charts';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Bar, Quote, Timeframe } from '../../../../shared/contract/schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatCompact, formatPct, formatPrice } from '../../lib/format';
import { timeframeInfo } from '../../lib/timeframes';
import { useKestrelStore } from '../../store/index';
import { applyPricePrecision, applyTimeframe, createCandleChart, setBars, updateBar, type ChartHandles } from './chart-setup';
import { ChartHeader } from './ChartHeader';
import { applyClosedBar, applyQuote, initFormingState, type FormingState } from './forming-bar';
import './chart.css';

/** Props of CandleChart. */
export interface CandleChartProps {
  symbol: string;
  timeframe: Timeframe;
}

type LoadState =
  | { status: 'loading' }
  | { status: 'ready' | 'empty'; source: string; count: number }
  | { status: 'error'; error: string };

/** The chart panel: header, canvas, OHLCV legend, and loading / empty / error overlays. */
export function CandleChart({ symbol, timeframe }: CandleChartProps): ReactNode {
  const client = useEngine();
  const openCount = useKestrelStore((s) => s.openCount);
  const hostRef = useRef<HTMLDivElement>(null);
  const legendRef = useRef<HTMLDivElement>(null);
  const handlesRef = useRef<ChartHandles | null>(null);
  const formingRef = useRef<FormingState | null>(null);
  const hoveringRef = useRef(false);
  const shownRef = useRef('');
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    const h = createCandleChart(hostRef.current!);
    handlesRef.current = h;
    const onMove = (p: MouseEventParams<Time>): void => {
      const candle = p.seriesData.get(h.candles) as CandlestickData<Time> | undefined;
      const vol = p.seriesData.get(h.volume) as HistogramData<Time> | undefined;
      hoveringRef.current = candle !== undefined;
      const bar = candle ? { o: candle.open, h: candle.high, l: candle.low, c: candle.close, v: vol?.value ?? 0 } : formingRef.current?.bar;
      writeLegend(legendRef.current, bar ?? null);
    };
    h.chart.subscribeCrosshairMove(onMove);
    return () => {
      h.chart.unsubscribeCrosshairMove(onMove);
      h.chart.remove();
      handlesRef.current = null;
    };
  }, []);

  useEffect(() => {
    const h = handlesRef.current;
    if (!h) return;
    let cancelled = false;
    const key = `${symbol}/${timeframe}`;
    formingRef.current = null;
    if (shownRef.current !== key) {
      // Another symbol's candles must not sit under this symbol's header while loading.
      h.candles.setData([]);
      h.volume.setData([]);
      writeLegend(legendRef.current, null);
      shownRef.current = key;
    }
    applyTimeframe(h, timeframe);
    setLoad({ status: 'loading' });
    const info = timeframeInfo(timeframe);
    client.invoke('market.bars', { symbol, timeframe, limit: info.load }).then(
      (res) => {
        if (cancelled) return;
        const last = res.bars[res.bars.length - 1];
        applyPricePrecision(h, useKestrelStore.getState().quotes[symbol]?.last ?? last?.c ?? 1);
        setBars(h, res.bars, info.visible);
        formingRef.current = initFormingState(res.bars, timeframe);
        if (!hoveringRef.current) writeLegend(legendRef.current, last ?? null);
        setLoad({ status: res.bars.length > 0 ? 'ready' : 'empty', source: res.source, count: res.bars.length });
      },
      (error: unknown) => {
        if (!cancelled) setLoad({ status: 'error', error: errorText(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, symbol, timeframe, openCount, retry]);

  useEffect(() => {
    const push = (bar: Bar, historical: boolean): void => {
      const h = handlesRef.current;
      if (!h) return;
      try {
        updateBar(h, bar, historical);
      } catch (error) {
        console.warn('[chart] update rejected', error); // e.g. a bar older than the loaded range
      }
    };
    const offQuotes = client.on('quotes.updated', (batch) => {
      const s = formingRef.current;
      const q = s && findQuote(batch.quotes, symbol);
      if (!s || !q) return;
      const r = applyQuote(s, q);
      if (!r) return;
      formingRef.current = r.state;
      push(r.bar, false);
      if (!hoveringRef.current) writeLegend(legendRef.current, r.bar);
    });
    const offBars = client.on('bars.updated', (ev) => {
      if (ev.timeframe !== timeframe) return;
      for (const b of ev.bars) {
        const s = formingRef.current;
        if (!s || b.symbol !== symbol) continue;
        const r = applyClosedBar(s, { t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v });
        formingRef.current = r.state;
        for (const u of r.updates) push(u.bar, u.historical);
      }
    });
    return () => {
      offQuotes();
      offBars();
    };
  }, [client, symbol, timeframe]);

  return (
    <div
      className="chart-panel"
      data-testid="chart-panel"
      data-symbol={symbol}
      data-timeframe={timeframe}
      data-status={load.status}
      data-bars={load.status === 'ready' || load.status === 'empty' ? load.count : 0}
    >
      <ChartHeader symbol={symbol} timeframe={timeframe} barsSource={load.status === 'ready' || load.status === 'empty' ? load.source : null} />
      <div className="chart-body">
        <div className="chart-host" ref={hostRef} />
        <div className="chart-legend" ref={legendRef} aria-hidden="true" />
        {load.status === 'loading' && (
          <div className="chart-overlay" role="status">
            <span className="spinner" aria-hidden="true" />
            Loading {symbol} {timeframeInfo(timeframe).title.toLowerCase()} bars…
          </div>
        )}
        {load.status === 'empty' && <div className="chart-overlay">No {timeframeInfo(timeframe).title.toLowerCase()} bars for {symbol} yet.</div>}
        {load.status === 'error' && (
          <div className="chart-overlay chart-error" role="alert">
            <p>Could not load {symbol} bars: {load.error}</p>
            <button type="button" className="btn" aria-label="Retry loading the chart" onClick={() => setRetry((n) => n + 1)}>
              Retry
            </button>
          </div>
        )}
      </div>
    </div>
  );
}

function findQuote(quotes: readonly Quote[], symbol: string): Quote | undefined {
  for (const q of quotes) if (q.symbol === symbol) return q;
  return undefined;
}

/** Writes the OHLCV legend straight into the DOM (it changes on every tick and mouse move). */
function writeLegend(el: HTMLElement | null, bar: Pick<Bar, 'o' | 'h' | 'l' | 'c' | 'v'> | null): void {
  if (!el) return;
  if (!bar) {
    el.textContent = '';
    return;
  }
  const p = (x: number): string => formatPrice(x, bar.c);
  const pct = bar.o > 0 ? formatPct((bar.c / bar.o - 1) * 100) : '';
  el.textContent = `O ${p(bar.o)}  H ${p(bar.h)}  L ${p(bar.l)}  C ${p(bar.c)}  V ${formatCompact(bar.v)}  ${pct}`;
  el.className = `chart-legend ${bar.c >= bar.o ? 'up' : 'down'}`;
}
