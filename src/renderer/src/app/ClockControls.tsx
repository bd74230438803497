/** The engine clock in the status bar: New York date/time, session phase, speed and pause controls. */
import { useState, type ReactNode } from 'react';
import { PauseIcon, PlayIcon } from '../components/ui/Icons';
import { useEngine } from '../engine/engine-context';
import { useWallClock } from '../hooks/use-wall-clock';
import { CLOCK_SPEEDS, effectiveSessionPhase, PHASE_LABEL, simNow } from '../lib/clock-math';
import { errorText } from '../lib/error-text';
import { formatNyDateTime, formatNyWeekday, nyZoneAbbrev } from '../lib/format';
import { setClockPaused, setClockSpeed } from '../store/engine-commands';
import { useKestrelStore } from '../store/index';

/** Clock readout and controls. */
export function ClockControls(): ReactNode {
  const client = useEngine();
  const clock = useKestrelStore((s) => s.clock);
  const receivedAt = useKestrelStore((s) => s.clockReceivedAt);
  const open = useKestrelStore((s) => s.connection === 'open');
  // Faster ticks at high speeds so the seconds visibly run; a 1 s tick is plenty at 1×.
  const wallNow = useWallClock(clock && !clock.paused && clock.speed > 1 ? 250 : 1000);
  const [error, setError] = useState<string | null>(null);

  if (!clock) {
    return (
      <span className="sb-item clock" data-testid="clock" data-phase="" aria-label="Engine clock">
        <span className="clock-time muted">clock —</span>
      </span>
    );
  }
  const now = simNow(clock, receivedAt, wallNow);
  const phase = effectiveSessionPhase(clock, now);
  const simulated = clock.mode === 'simulated';
  const canControl = simulated && open;
  const run = (p: Promise<void>): void => {
    setError(null);
    p.catch((e: unknown) => setError(errorText(e)));
  };
  return (
    <span
      // Without a connection the time is only extrapolated; dim it so nobody trades on it.
      className={`sb-item clock ${open ? '' : 'clock-stale'}`}
      data-testid="clock"
      data-phase={phase}
      data-paused={String(clock.paused)}
      data-speed={clock.speed}
      data-mode={clock.mode}
      data-now={Math.floor(now)}
      aria-label="Engine clock"
    >
      {simulated && <span className="badge badge-sim" title="Simulated clock">SIM</span>}
      <span className="clock-time" title={`${formatNyDateTime(now)} America/New_York${open ? '' : ' — extrapolated, engine not connected'}`}>
        <span className="clock-day">{formatNyWeekday(now)}</span> {formatNyDateTime(now)}{' '}
        <span className="muted">{nyZoneAbbrev(now)}</span>
      </span>
      <span className={`phase phase-${phase}`} data-testid="session-phase">
        {PHASE_LABEL[phase]}
      </span>
      {error && (
        <span className="clock-error" role="alert" title={error}>
          ⚠ clock: {error}
        </span>
      )}
      <button
        type="button"
        className="icon-btn clock-toggle"
        aria-label={clock.paused ? 'Resume the clock' : 'Pause the clock'}
        title={clock.paused ? 'Resume' : 'Pause'}
        data-testid="clock-toggle"
        disabled={!canControl}
        onClick={() => run(setClockPaused(client, !clock.paused))}
      >
        {clock.paused ? <PlayIcon /> : <PauseIcon />}
      </button>
      {!(CLOCK_SPEEDS as readonly number[]).includes(clock.speed) && (
        <span className="clock-speed" title="Current clock speed">
          {clock.speed}×
        </span>
      )}
      <span className="speed-group" role="group" aria-label="Clock speed">
        {CLOCK_SPEEDS.map((speed) => (
          <button
            key={speed}
            type="button"
            className={`seg-btn ${clock.speed === speed ? 'active' : ''}`}
            aria-pressed={clock.speed === speed}
            aria-label={`Clock speed ${speed} times`}
            data-testid={`clock-speed-${speed}`}
            disabled={!canControl}
            onClick={() => run(setClockSpeed(client, speed))}
          >
            {speed}×
          </button>
        ))}
      </span>
    </span>
  );
}
