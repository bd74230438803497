/** The Market view: the universe table beside (wide) or above (tablet) the selected symbol's chart. */
import type { ReactNode } from 'react';
import { ChartPanel } from './ChartPanel';
import { UniverseTable } from './UniverseTable';
import './market.css';

/** Universe table plus chart. */
export function MarketView(): ReactNode {
  return (
    <div className="market-view">
      <section className="pane pane-table" aria-label="Universe">
        <UniverseTable />
      </section>
      <section className="pane pane-chart" aria-label="Chart">
        <ChartPanel />
      </section>
    </div>
  );
}
