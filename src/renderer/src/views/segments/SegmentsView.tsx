/**
 * The Segments view (issue 5): one panel per market segment — state, last and next run, enable toggle, Run now
 * with live progress, indicators and risk with their sources, members, recent proposals with their cards and
 * LLM traces, and the configuration editor. Keys: J/K or ↑/↓ select a panel, R runs the selected segment now.
 * The segment events are subscribed only while the view is mounted.
 */
import { useEffect, type ReactNode } from 'react';
import { isTypingTarget } from '../../app/dom-ids';
import { useEngine } from '../../engine/engine-context';
import { anyOverlayOpen } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { isRunning } from '../../store/segments';
import { loadSegments, wireSegmentEvents } from '../../store/wire-engine-events';
import { moveSegmentSelection, runSegmentNow } from './segment-commands';
import { SegmentPanel } from './SegmentPanel';
import './segments.css';

const CONN_TEXT = { connecting: 'Connecting', open: 'Live', reconnecting: 'Reconnecting', closed: 'Disconnected' } as const;

/** The whole view. */
export function SegmentsView(): ReactNode {
  const client = useEngine();
  const segments = useKestrelStore((s) => s.segments);
  const status = useKestrelStore((s) => s.segmentsStatus);
  const error = useKestrelStore((s) => s.segmentsError);
  const connection = useKestrelStore((s) => s.connection);
  const openCount = useKestrelStore((s) => s.openCount);
  const selected = useKestrelStore((s) => s.selectedSegmentId);

  useEffect(() => wireSegmentEvents(client), [client]);
  useEffect(() => {
    if (connection === 'open') void loadSegments(client);
    // Every (re)open re-reads: a gap may have missed status events.
  }, [client, openCount, connection]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      if (isTypingTarget(e.target) || anyOverlayOpen() || document.querySelector('[aria-modal="true"]') !== null) return;
      const k = e.key;
      if (k === 'j' || k === 'ArrowDown' || k === 'k' || k === 'ArrowUp') {
        e.preventDefault();
        moveSegmentSelection(k === 'j' || k === 'ArrowDown' ? 1 : -1);
        // Keyboard moves bring the panel into sight (a click must not scroll between its mousedown and mouseup).
        const id = useKestrelStore.getState().selectedSegmentId;
        if (id) document.getElementById(`segment-${id}`)?.scrollIntoView?.({ block: 'nearest' });
        return;
      }
      if (k === 'r' || k === 'R') {
        const s = useKestrelStore.getState();
        const id = s.selectedSegmentId;
        if (id === null) return;
        e.preventDefault();
        const enabled = s.segments.find((g) => g.id === id)?.enabled ?? false;
        if (enabled && !isRunning(s.segmentRuns[id]) && s.connection === 'open') void runSegmentNow(client, id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client]);


  return (
    <div className="segments-view" data-testid="segments-view">
      <header className="sg-bar">
        <h1 className="sg-title">Segments</h1>
        <span className={`sg-conn conn-${connection}`} role="status" title="Engine connection; status and run progress arrive live while connected">
          <span className="dot" aria-hidden="true" />
          {CONN_TEXT[connection]}
        </span>
        <span className="sg-muted">Each segment proposes cards into the approval queue; it never trades.</span>
        <span className="sg-spacer" />
        <span className="sg-keys sg-muted" aria-hidden="true">
          <kbd>J</kbd>
          <kbd>K</kbd> select · <kbd>R</kbd> run now
        </span>
        <button type="button" className="btn" onClick={() => void loadSegments(client)} disabled={connection !== 'open'} data-testid="refresh-segments">
          ⟳ Refresh
        </button>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          {segments.length > 0 ? 'Showing the last known segments. ' : ''}Could not load the segments: {error}{' '}
          <button type="button" className="link-btn" onClick={() => void loadSegments(client)}>
            Retry
          </button>
        </div>
      )}
      <div className="sg-scroll">
        {segments.length === 0 ? (
          <p className="empty-state sg-empty" role="status">
            {status === 'error' ? '' : status === 'ready' ? 'No segments are installed.' : 'Loading the segments…'}
          </p>
        ) : (
          <div className="sg-grid" data-testid="segment-grid">
            {segments.map((s) => (
              <SegmentPanel key={s.id} summary={s} selected={s.id === selected} />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
