/**
 * The Sectors view (seed 004): the analysis control bar, the eight traffic-light cards (4 per row on a desk,
 * 2 on a tablet), the alerts panel (side on desks, bottom on tablets) and the sector detail drawer.
 */
import type { ReactNode } from 'react';
import { useEngine } from '../../engine/engine-context';
import { useKestrelStore } from '../../store/index';
import { loadSectorsGrid } from '../../store/wire-engine-events';
import { AlertsPanel } from './AlertsPanel';
import { AnalysisControl } from './AnalysisControl';
import { SectorCard } from './SectorCard';
import { SectorDetail } from './SectorDetail';
import './sectors.css';

/** The whole view. */
export function SectorsView(): ReactNode {
  return (
    <div className="sectors-view" data-testid="sectors-view">
      <AnalysisControl />
      <div className="sectors-body">
        <div className="sectors-main">
          <SectorGrid />
          <SectorDetail />
        </div>
        <AlertsPanel />
      </div>
    </div>
  );
}

function SectorGrid(): ReactNode {
  const client = useEngine();
  const grid = useKestrelStore((s) => s.sectorsGrid);
  const status = useKestrelStore((s) => s.sectorsStatus);
  const error = useKestrelStore((s) => s.sectorsError);
  const connection = useKestrelStore((s) => s.connection);
  const openSector = useKestrelStore((s) => s.openSector);
  const sectors = grid?.sectors ?? [];
  return (
    <div className="sector-grid-scroll">
      {error && (
        <div className="banner banner-error sx-banner" role="alert">
          {sectors.length > 0 ? 'Showing the last known analysis. ' : ''}Could not load the sectors: {error}{' '}
          <button type="button" className="link-btn" onClick={() => void loadSectorsGrid(client)}>
            Retry
          </button>
        </div>
      )}
      {!error && connection !== 'open' && sectors.length > 0 && (
        <div className="banner sx-banner sx-banner-warn" role="status">
          Engine {connection === 'closed' ? 'disconnected' : 'reconnecting'}: showing the last known analysis; live updates resume on reconnect.
        </div>
      )}
      {sectors.length === 0 ? (
        <p className="empty-state sx-empty">
          {status === 'loading' || status === 'idle'
            ? 'Loading sectors…'
            : status === 'error'
              ? ''
              : 'No analysis yet. Run a fresh analysis (R) to colour the sectors.'}
        </p>
      ) : (
        <div className="sector-grid" data-testid="sector-grid" data-run={grid?.runId ?? ''}>
          {sectors.map((s) => (
            <SectorCard key={s.id} summary={s} selected={openSector === s.id} />
          ))}
        </div>
      )}
    </div>
  );
}
