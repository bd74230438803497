/**
 * The bar above the sector grid: last run time (New York) with a freshness stamp coloured by tier, the
 * connection state, a manual refresh, "Run fresh analysis" (key `r`) with its progress bar, ETA and Cancel.
 */
import type { ReactNode } from 'react';
import { useEngine } from '../../engine/engine-context';
import { useWallClock } from '../../hooks/use-wall-clock';
import { formatNyDateTime, formatNyTime, formatNyWeekday } from '../../lib/format';
import { nyDateKey } from '../../lib/ny-time';
import { simNow } from '../../lib/clock-math';
import { setAlertsOpen, setUniverseOpen } from '../../store/actions';
import { cancelSectorAnalysis, runSectorAnalysis } from '../../store/engine-commands';
import { useKestrelStore } from '../../store/index';
import { unackedCount } from '../../store/sectors-reducers';
import { loadSectorsGrid } from '../../store/wire-engine-events';
import { formatAnalysisAge, freshnessView } from './sector-model';

const CONN_TEXT = { connecting: 'Connecting', open: 'Live', reconnecting: 'Reconnecting', closed: 'Disconnected' } as const;

/** The analysis control bar. */
export function AnalysisControl(): ReactNode {
  const client = useEngine();
  const wallNow = useWallClock(1000);
  const grid = useKestrelStore((s) => s.sectorsGrid);
  const status = useKestrelStore((s) => s.sectorsStatus);
  const fetchedAt = useKestrelStore((s) => s.sectorsFetchedAt);
  const clock = useKestrelStore((s) => s.clock);
  const clockReceivedAt = useKestrelStore((s) => s.clockReceivedAt);
  const connection = useKestrelStore((s) => s.connection);
  const job = useKestrelStore((s) => s.analysisJob);
  const analysisError = useKestrelStore((s) => s.analysisError);
  const alertsOpen = useKestrelStore((s) => s.alertsOpen);
  const unacked = useKestrelStore((s) => unackedCount(s.alerts));

  // The engine's age is in engine time; age it as the engine clock runs (fast when simulated, frozen when paused).
  const sinceFetch = fetchedAt === null ? 0 : clock ? simNow(clock, clockReceivedAt, wallNow) - simNow(clock, clockReceivedAt, fetchedAt) : wallNow - fetchedAt;
  const fresh = freshnessView(grid?.freshness ?? null, grid?.asOf != null, sinceFetch);
  const running = job !== null && !job.done;
  const engineNow = clock ? simNow(clock, clockReceivedAt, wallNow) : wallNow;
  const asOf = grid?.asOf ?? null;
  const sameDay = asOf !== null && nyDateKey(asOf) === nyDateKey(engineNow);

  return (
    <div className="analysis-control" data-testid="analysis-control" aria-label="Sector analysis">
      <span className={`sx-conn conn-${connection}`} data-testid="sectors-connection" data-state={connection} role="status" title="Engine connection; updates arrive live while connected">
        <span className="dot" aria-hidden="true" />
        {CONN_TEXT[connection]}
      </span>
      <span className="ac-run" title={asOf === null ? 'No analysis run yet' : `Analysis as of ${formatNyDateTime(asOf)} ET (run ${grid?.runId ?? '—'})`}>
        <span className="ac-label">Last run</span>{' '}
        <span className="num">{asOf === null ? '—' : `${sameDay ? '' : `${formatNyWeekday(asOf)} `}${formatNyTime(asOf, false)} ET`}</span>
      </span>
      <span className={`freshness fresh-tier-${fresh.tier}`} data-testid="freshness" data-tier={fresh.tier} title={fresh.advice}>
        <span className="dot" aria-hidden="true" />
        {fresh.label}
      </span>
      {fresh.suggestRun !== 'none' && !running && <span className={`ac-advice ac-advice-${fresh.suggestRun}`}>{fresh.advice}</span>}
      {status === 'loading' && <span className="ac-muted">Loading sectors…</span>}
      <span className="ac-spacer" />
      {running ? (
        <AnalysisProgressBar job={job} onCancel={() => void cancelSectorAnalysis(client)} />
      ) : (
        job?.done && <JobOutcome error={job.error} />
      )}
      {analysisError && (
        <span className="ac-error" role="alert">
          {analysisError}
        </span>
      )}
      <button
        type="button"
        className="btn"
        data-testid="refresh-sectors"
        aria-label="Refresh the sector grid"
        title="Re-read the latest analysis from the engine"
        disabled={connection !== 'open'}
        onClick={() => void loadSectorsGrid(client)}
      >
        ⟳ Refresh
      </button>
      <button
        type="button"
        className={`btn btn-primary ${fresh.suggestRun === 'recommend' ? 'btn-urge' : ''}`}
        data-testid="run-analysis"
        aria-label="Run a fresh analysis (r)"
        title="Run a fresh analysis of every sector (r)"
        disabled={running || connection !== 'open'}
        onClick={() => void runSectorAnalysis(client)}
      >
        Run fresh analysis <kbd>R</kbd>
      </button>
      <button
        type="button"
        className="btn"
        data-testid="open-universe"
        aria-label="Universe: members, exclusions and what-if"
        title="Who is in the small-cap universe, why the rest is excluded, and would a symbol qualify"
        onClick={() => setUniverseOpen(true)}
      >
        Universe
      </button>
      <button
        type="button"
        className={`btn ac-alerts-toggle ${alertsOpen ? 'active' : ''}`}
        aria-pressed={alertsOpen}
        aria-label={`${alertsOpen ? 'Hide' : 'Show'} alerts (${unacked} unacknowledged)`}
        data-testid="toggle-alerts"
        onClick={() => setAlertsOpen(!alertsOpen)}
      >
        Alerts{unacked > 0 ? ` · ${unacked}` : ''}
      </button>
    </div>
  );
}

function AnalysisProgressBar({ job, onCancel }: { job: NonNullable<ReturnType<typeof useKestrelStore.getState>['analysisJob']>; onCancel: () => void }): ReactNode {
  const pct = Math.round(job.percent);
  return (
    <span className="ac-job">
      <span
        className="ac-progress"
        data-testid="analysis-progress"
        data-percent={pct}
        data-done={String(job.done)}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={`Analysis ${pct}%: ${job.stage}`}
      >
        <span className="ac-progress-fill" style={{ width: `${pct}%` }} />
        <span className="ac-progress-text">
          {job.origin === 'background' ? 'Scheduled run · ' : ''}
          {job.stage} · {pct}%{job.etaMs !== null ? ` · ETA ${job.etaMs < 60_000 ? `${Math.max(1, Math.round(job.etaMs / 1000))}s` : formatAnalysisAge(job.etaMs)}` : ''}
        </span>
      </span>
      <button type="button" className="btn" data-testid="cancel-analysis" aria-label="Cancel the analysis" onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}

function JobOutcome({ error }: { error: string | null }): ReactNode {
  return (
    <span
      className={`ac-outcome ${error ? 'ac-error' : 'ac-ok'}`}
      data-testid="analysis-progress"
      data-percent={error ? undefined : 100}
      data-done="true"
      role={error ? 'alert' : 'status'}
    >
      {error ? `Analysis stopped: ${error}` : 'Analysis complete · grid refreshed'}
    </span>
  );
}
