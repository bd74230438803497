/** Bottom status bar: engine connection, data source with as-of time and freshness, and the clock. */
import type { ReactNode } from 'react';
import { useEngine } from '../engine/engine-context';
import { quoteFreshness, type Freshness } from '../lib/clock-math';
import { formatAge, formatNyDateTime, formatNyTime } from '../lib/format';
import { useWallClock } from '../hooks/use-wall-clock';
import { useKestrelStore } from '../store/index';
import { ClockControls } from './ClockControls';

/** The window's status bar. */
export function StatusBar(): ReactNode {
  return (
    <footer className="statusbar" data-testid="status-bar" aria-label="Status">
      <ConnectionIndicator />
      <span className="sb-sep" aria-hidden="true" />
      <DataSourceIndicator />
      <span className="sb-spacer" />
      <ClockControls />
    </footer>
  );
}

const STATE_TEXT = { connecting: 'Connecting', open: 'Connected', reconnecting: 'Reconnecting', closed: 'Disconnected' } as const;

function ConnectionIndicator(): ReactNode {
  const client = useEngine();
  const state = useKestrelStore((s) => s.connection);
  const attempt = useKestrelStore((s) => s.reconnectAttempt);
  const transport = useKestrelStore((s) => s.transport);
  const health = useKestrelStore((s) => s.status?.status ?? s.health?.status ?? null);
  const retrying = state !== 'open' && state !== 'closed' && attempt > 0;
  const text = `${STATE_TEXT[state]}${retrying ? ` (attempt ${attempt})` : ''}`;
  const degraded = state === 'open' && health !== null && health !== 'ok';
  return (
    <span
      className={`sb-item conn conn-${state} ${degraded ? 'conn-degraded' : ''}`}
      data-testid="connection-state"
      data-state={state}
      data-attempt={attempt}
      role="status"
      aria-live="polite"
      title={`Engine over ${transport === 'ipc' ? 'Electron IPC' : 'WebSocket'}${degraded ? ` — engine ${health}` : ''}`}
    >
      <span className="dot" aria-hidden="true" />
      <span className="conn-text">{text}</span>
      {degraded && <span className="conn-health">engine {health}</span>}
      {retrying && client.reconnectNow && (
        <button type="button" className="link-btn" aria-label="Retry the connection now" onClick={() => client.reconnectNow?.()}>
          Retry now
        </button>
      )}
    </span>
  );
}

const FRESHNESS_TEXT: Record<Freshness, string> = {
  live: 'Live',
  delayed: 'Delayed',
  stale: 'Stale',
  paused: 'Paused',
  none: 'No data',
};

function DataSourceIndicator(): ReactNode {
  const wallNow = useWallClock(1000);
  const source = useKestrelStore((s) => s.quotesSource ?? s.health?.source.name ?? null);
  const asOf = useKestrelStore((s) => s.quotesAsOf ?? s.health?.source.asOf ?? null);
  const receivedAt = useKestrelStore((s) => s.quotesReceivedAt);
  const paused = useKestrelStore((s) => s.clock?.paused ?? false);
  const freshness = quoteFreshness(receivedAt, wallNow, paused);
  const age = receivedAt === null ? '' : ` · updated ${formatAge(wallNow - receivedAt)} ago`;
  return (
    <span
      className={`sb-item src fresh-${freshness}`}
      data-testid="data-source"
      data-source={source ?? ''}
      data-freshness={freshness}
      data-as-of={asOf ?? ''}
      title={asOf === null ? 'No market data yet' : `Quotes from ${source} as of ${formatNyDateTime(asOf)} ET${age}`}
    >
      <span className="dot" aria-hidden="true" />
      <span className="src-name">{source ?? 'no source'}</span>
      <span className="src-asof">
        <span className="sb-label">as of</span> {asOf === null ? '—' : `${formatNyTime(asOf)} ET`}
      </span>
      <span className="src-fresh">{FRESHNESS_TEXT[freshness]}</span>
    </span>
  );
}
