/** The chart pane of the Market view: the selected symbol's candles, or a hint when nothing is selected. */
import type { ReactNode } from 'react';
import { CandleChart } from '../../components/chart/CandleChart';
import { useKestrelStore } from '../../store/index';

/** Chart pane bound to the store's selection and timeframe. */
export function ChartPanel(): ReactNode {
  const symbol = useKestrelStore((s) => s.selectedSymbol);
  const timeframe = useKestrelStore((s) => s.timeframe);
  const universeStatus = useKestrelStore((s) => s.universeStatus);
  if (!symbol) {
    return (
      <div className="chart-panel chart-panel-empty" data-testid="chart-panel" data-symbol="" data-timeframe={timeframe}>
        <p className="empty-state">
          {universeStatus === 'loading' || universeStatus === 'idle' ? 'Waiting for the universe…' : 'Select a row, or press Ctrl/⌘ K to open a symbol.'}
        </p>
      </div>
    );
  }
  return <CandleChart symbol={symbol} timeframe={timeframe} />;
}
