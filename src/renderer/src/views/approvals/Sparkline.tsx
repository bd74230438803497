/**
 * A small SVG sparkline of a symbol's recent 5-minute closes (market.bars) ending at the live last price.
 * Bars are fetched once per symbol per minute and shared by every row showing the symbol.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { Bar } from '../../../../shared/contract/schemas';
import { useEngine } from '../../engine/engine-context';
import type { RendererEngineClient } from '../../engine/rpc-client';
import { formatNyTime, formatPrice } from '../../lib/format';

/** 5-minute bars shown: one regular session. */
const BARS = 78;
const TTL_MS = 60_000;

interface Entry {
  at: number;
  promise: Promise<{ bars: Bar[]; source: string }>;
}
const cache = new Map<string, Entry>();

function fetchBars(client: RendererEngineClient, symbol: string): Promise<{ bars: Bar[]; source: string }> {
  const hit = cache.get(symbol);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise;
  const promise = client.invoke('market.bars', { symbol, timeframe: '5m', limit: BARS }).then((r) => ({ bars: r.bars, source: r.source }));
  promise.catch(() => cache.delete(symbol));
  cache.set(symbol, { at: Date.now(), promise });
  return promise;
}

/** The points of a polyline through `values` in a width × height box (pure; exported for tests). */
export function sparkPoints(values: readonly number[], width: number, height: number, pad = 2): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  return values
    .map((v, i) => `${(pad + i * step).toFixed(1)},${(pad + (height - 2 * pad) * (1 - (v - min) / span)).toFixed(1)}`)
    .join(' ');
}

/** The sparkline of `symbol`, ending at `last` when known. */
export function Sparkline({ symbol, last, width = 110, height = 30 }: { symbol: string; last: number | null; width?: number; height?: number }): ReactNode {
  const client = useEngine();
  const [data, setData] = useState<{ symbol: string; bars: Bar[]; source: string } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    fetchBars(client, symbol).then(
      (r) => live && setData({ symbol, ...r }),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [client, symbol]);
  const bars = data?.symbol === symbol ? data.bars : [];
  if (bars.length < 2) {
    return (
      <span className="spark spark-empty" style={{ width, height }} data-testid="sparkline" data-points={0}>
        {failed ? 'no bars' : bars.length === 0 && data ? 'no bars' : ''}
      </span>
    );
  }
  const values = bars.map((b) => b.c);
  if (last !== null) values.push(last);
  const up = values[values.length - 1]! >= values[0]!;
  const first = bars[0]!;
  const end = bars[bars.length - 1]!;
  const title = `${symbol} 5m closes ${formatNyTime(first.t, false)}–${formatNyTime(end.t, false)} ET (${data?.source ?? ''}): ${formatPrice(first.c)} → ${formatPrice(values[values.length - 1])}`;
  return (
    <svg className={`spark ${up ? 'spark-up' : 'spark-down'}`} width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-testid="sparkline" data-points={values.length}>
      <title>{title}</title>
      <polyline points={sparkPoints(values, width, height)} fill="none" strokeWidth="1.25" strokeLinejoin="round" />
    </svg>
  );
}
