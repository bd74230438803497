/** The chart's header: symbol, name, live last/change, timeframe buttons, and source with as-of time. */
import type { ReactNode } from 'react';
import { TIMEFRAMES } from '../../lib/timeframes';
import type { Timeframe } from '../../../../shared/contract/schemas';
import { changeClass, formatChange, formatNyTime, formatPct, formatPrice } from '../../lib/format';
import { sectorLabel } from '../../lib/labels';
import { setTimeframe } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { universeIndex } from '../../store/selectors';

/** Props of ChartHeader. */
export interface ChartHeaderProps {
  symbol: string;
  timeframe: Timeframe;
  /** Source of the bars, from market.bars. */
  barsSource: string | null;
}

/** Header row of the chart panel. */
export function ChartHeader({ symbol, timeframe, barsSource }: ChartHeaderProps): ReactNode {
  const item = useKestrelStore((s) => universeIndex(s.universe).get(symbol));
  const quote = useKestrelStore((s) => s.quotes[symbol]);
  const quotesSource = useKestrelStore((s) => s.quotesSource);
  const asOf = useKestrelStore((s) => s.quotesAsOf);
  const last = quote?.last ?? item?.price ?? null;
  const dir = changeClass(quote?.change);
  const source = quotesSource ?? barsSource;
  return (
    <header className="chart-head">
      <div className="chart-title">
        <span className="chart-symbol">{symbol}</span>
        <span className="chart-name" title={item?.name}>
          {item?.name ?? ''}
        </span>
        {item && <span className="chart-meta">{`${sectorLabel(item.sector, item.kind)} · ${item.exchange}`}</span>}
      </div>
      <div className="chart-quote">
        <span className="chart-last num" data-testid="chart-last-price" data-symbol={symbol}>
          {formatPrice(last)}
        </span>
        <span className={`chart-change num ${dir}`}>
          {formatChange(quote?.change, last)} ({formatPct(quote?.changePct)})
        </span>
      </div>
      <div className="tf-group" role="group" aria-label="Timeframe">
        {TIMEFRAMES.map((tf, i) => (
          <button
            key={tf.id}
            type="button"
            className={`seg-btn ${timeframe === tf.id ? 'active' : ''}`}
            aria-pressed={timeframe === tf.id}
            aria-label={`Timeframe ${tf.title} (key ${i + 1})`}
            title={`${tf.title} (${i + 1})`}
            data-testid={`timeframe-${tf.id}`}
            onClick={() => setTimeframe(tf.id)}
          >
            {tf.label}
          </button>
        ))}
      </div>
      <div className="chart-source" title="Where these numbers come from, and how current they are">
        {source ?? '—'} · as of {asOf === null ? '—' : `${formatNyTime(asOf)} ET`}
        {barsSource && quotesSource && barsSource !== quotesSource ? ` · bars: ${barsSource}` : ''}
      </div>
    </header>
  );
}
