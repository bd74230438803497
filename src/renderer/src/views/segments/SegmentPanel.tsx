/**
 * One segment's panel: name, description and state chip (with the last error and its time), the enable toggle
 * and Run now with live progress, the last and next run in New York time, the indicators and risk metrics with
 * their sources and as-of times, recent proposals, members, and the configuration editor. The detail is read on
 * mount, on every reconnect, after each finished run, and every 15 s while shown (indicators move).
 */
import { memo, useEffect, useState, type ReactNode } from 'react';
import type { SegmentDetail, SegmentIndicator, SegmentRisk, SegmentRun, SegmentSummary } from '../../../../shared/contract/segment-schemas';
import { useEngine } from '../../engine/engine-context';
import { changeClass, formatInt, formatPct, formatPrice } from '../../lib/format';
import { useKestrelStore } from '../../store/index';
import { isRunning, type SegmentRunState } from '../../store/segments';
import { loadSegmentDetail, loadSegmentProposals } from '../../store/wire-engine-events';
import { formatMoney } from '../approvals/trade-format';
import { useSimNow } from '../approvals/use-sim-now';
import { ProposalsTable } from './ProposalsTable';
import { SegmentConfigEditor } from './SegmentConfigEditor';
import { runSegmentNow, selectSegment, setSegmentEnabled } from './segment-commands';
import {
  analystLabel,
  formatAsOf,
  formatDuration,
  formatFraction,
  formatIndicatorValue,
  formatNextRun,
  formatSignedFraction,
  indicatorAria,
  outcomeClass,
  runSummary,
  stageLabel,
  stateLabel,
  stateText,
} from './segment-model';

/** How often the open panel re-reads its detail (indicator prices move), ms. */
export const DETAIL_POLL_MS = 15_000;
/** Members listed before "all members". */
const MEMBERS_SHOWN = 8;

/** The panel. */
export const SegmentPanel = memo(function SegmentPanel({ summary, selected }: { summary: SegmentSummary; selected: boolean }): ReactNode {
  const client = useEngine();
  const id = summary.id;
  const detail = useKestrelStore((s) => s.segmentDetails[id]);
  const run = useKestrelStore((s) => s.segmentRuns[id]);
  const error = useKestrelStore((s) => s.segmentErrors[id]);
  const connection = useKestrelStore((s) => s.connection);
  const openCount = useKestrelStore((s) => s.openCount);
  const now = useSimNow(1000);
  const [toggling, setToggling] = useState(false);

  useEffect(() => {
    if (connection !== 'open') return;
    void loadSegmentDetail(client, id);
    void loadSegmentProposals(client, id);
    const timer = setInterval(() => void loadSegmentDetail(client, id), DETAIL_POLL_MS);
    return () => clearInterval(timer);
  }, [client, id, openCount, connection]);

  const running = isRunning(run);
  const data = detail?.data ?? null;
  return (
    <article
      className={`sg-panel ${selected ? 'sg-selected' : ''} sg-state-${summary.state}`}
      id={`segment-${id}`}
      data-testid="segment-panel"
      data-segment-id={id}
      data-state={summary.state}
      data-enabled={summary.enabled}
      aria-label={`${summary.name} segment, ${summary.state}`}
      aria-current={selected ? 'true' : undefined}
      onMouseDown={() => selectSegment(id)}
    >
      <header className="sg-head">
        <h2 className="sg-name">{summary.name}</h2>
        <span className={`sg-chip sg-chip-${summary.state}`} data-testid="segment-state" data-state={summary.state} title={stateText(summary.state)}>
          {stateLabel(summary.state)}
        </span>
        <span className="sg-id muted">{id}</span>
        <span className="sg-spacer" />
        <label className="sg-toggle" title={summary.enabled ? 'Disable: no scheduled runs, no proposals' : 'Enable: runs on its schedule'}>
          <input
            type="checkbox"
            role="switch"
            checked={summary.enabled}
            disabled={toggling || connection !== 'open'}
            aria-label={`${summary.name} enabled`}
            data-testid="segment-enabled"
            onChange={(e) => {
              const enabled = e.target.checked;
              setToggling(true);
              void setSegmentEnabled(client, id, enabled).finally(() => setToggling(false));
            }}
          />
          <span className="sg-toggle-track" aria-hidden="true" />
          <span>{summary.enabled ? 'Enabled' : 'Disabled'}</span>
        </label>
        <button
          type="button"
          className="btn btn-primary"
          data-testid="run-segment"
          aria-label={`Run ${summary.name} now (R)`}
          title={
            running ? 'A run is in progress' : !summary.enabled ? 'Enable the segment to run it' : 'Run the segment now: gather, research, analyse, ground, propose (R)'
          }
          disabled={running || !summary.enabled || connection !== 'open'}
          onClick={() => void runSegmentNow(client, id)}
        >
          {running ? 'Running…' : 'Run now'}
        </button>
      </header>
      <p className="sg-desc">{summary.description}</p>
      {run && <RunProgress run={run} />}
      {error && (
        <div className="banner banner-error sg-banner" role="alert" data-testid="segment-error">
          {error}
        </div>
      )}
      {summary.lastError && (
        <p className="sg-last-error" data-testid="segment-last-error" title={`Last error at ${formatAsOf(summary.lastError.at, now)}`}>
          <strong>Last error</strong> {formatAsOf(summary.lastError.at, now)}: {summary.lastError.message}
        </p>
      )}
      <RunsStrip summary={summary} recent={data?.recentRuns ?? []} now={now} />
      {detail?.error && (
        <p className="sg-fetch-error down" role="alert">
          {data ? 'Showing the last known detail. ' : ''}Could not read the segment: {detail.error}
        </p>
      )}
      {data ? (
        <>
          <div className="sg-cols">
            <Indicators indicators={data.indicators} now={now} />
            <RiskBlock risk={data.risk} summary={summary} now={now} />
          </div>
          <ProposalsTable segmentId={id} now={now} />
          <Members detail={data} now={now} />
        </>
      ) : (
        !detail?.error && (
          <p className="sg-loading muted" role="status">
            <span className="spinner" aria-hidden="true" />
            Loading {summary.name}…
          </p>
        )
      )}
      <SegmentConfigEditor summary={summary} />
    </article>
  );
});

function RunProgress({ run }: { run: SegmentRunState }): ReactNode {
  const pct = Math.round(run.progress * 100);
  const failed = run.stage === 'failed' || (run.outcome !== null && run.outcome !== 'ok' && run.outcome !== 'running');
  return (
    <div className="sg-run" data-testid="segment-progress" data-stage={run.stage} data-done={String(run.done)} data-outcome={run.outcome ?? ''} data-job={run.jobId}>
      <span
        className={`sg-progress ${run.done ? (failed ? 'sg-progress-bad' : 'sg-progress-done') : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-label={`${run.mine ? 'Run' : 'Scheduled run'} ${pct}%: ${stageLabel(run.stage)}`}
      >
        <span className="sg-progress-fill" style={{ width: `${pct}%` }} />
        <span className="sg-progress-text">
          {run.mine ? '' : 'Scheduled run · '}
          {stageLabel(run.stage)} · {pct}%{run.done && run.outcome ? ` · ${run.outcome}` : ''}
        </span>
      </span>
      <span className="sg-run-msg" title={run.message}>
        {run.message}
      </span>
    </div>
  );
}

function RunsStrip({ summary, recent, now }: { summary: SegmentSummary; recent: readonly SegmentRun[]; now: number }): ReactNode {
  const last = summary.lastRun;
  return (
    <dl className="sg-runs" data-testid="segment-runs">
      <div className="sg-fact">
        <dt>Last run</dt>
        <dd data-testid="segment-last-run" data-outcome={last?.outcome ?? ''}>
          {last ? (
            <>
              <span className={`sg-outcome ${outcomeClass(last.outcome)}`}>{last.outcome}</span> {formatAsOf(last.startedAt, now)} · {analystLabel(last.analyst)} ·{' '}
              {last.proposals} proposal{last.proposals === 1 ? '' : 's'}
              {last.rejected > 0 ? ` (${last.rejected} refused)` : ''} · {formatDuration(last.ms)}
              {last.trigger === 'manual' ? ' · manual' : ''}
              {last.error ? <span className="down"> · {last.error}</span> : null}
            </>
          ) : (
            <span className="muted">never</span>
          )}
        </dd>
      </div>
      <div className="sg-fact">
        <dt>Next run</dt>
        <dd data-testid="segment-next-run" title={`Schedule (cron, New York time): ${summary.schedule}`}>
          {formatNextRun(summary.nextRunAt, now, summary.enabled)} <code className="sg-cron">{summary.schedule}</code>
        </dd>
      </div>
      <div className="sg-fact">
        <dt>Cards</dt>
        <dd>
          <span className="num">{formatInt(summary.counts.proposed)}</span> proposed · <span className="num">{formatInt(summary.counts.carded)}</span> carded ·{' '}
          <span className="num">{formatInt(summary.counts.approved)}</span> approved · universe <span className="num">{formatInt(summary.universeSize)}</span>
        </dd>
      </div>
      {recent.length > 0 && (
        <div className="sg-fact">
          <dt>Recent</dt>
          <dd className="sg-recent">
            {recent.slice(0, 8).map((r) => (
              <span key={r.jobId} className={`sg-dot ${outcomeClass(r.outcome)}`} title={`${formatAsOf(r.startedAt, now)} · ${runSummary(r)}${r.error ? ` · ${r.error}` : ''}`} aria-label={`${formatAsOf(r.startedAt, now)}: ${runSummary(r)}`} />
            ))}
          </dd>
        </div>
      )}
    </dl>
  );
}

function IndicatorTile({ ind, now }: { ind: SegmentIndicator; now: number }): ReactNode {
  const asOf = formatAsOf(ind.asOf, now);
  return (
    <li className="sg-ind" data-testid="segment-indicator" data-key={ind.key} aria-label={indicatorAria(ind, asOf)}>
      <span className="sg-ind-label" title={ind.label}>
        {ind.label}
      </span>
      <span className="sg-ind-value num">{formatIndicatorValue(ind.value, ind.unit)}</span>
      {ind.change !== null && <span className={`sg-ind-chg num ${changeClass(ind.change)}`}>{formatSignedFraction(ind.change)}</span>}
      <span className="sg-src" title={`Source ${ind.source}, as of ${asOf}`}>
        {asOf} · {ind.source}
      </span>
    </li>
  );
}

function Indicators({ indicators, now }: { indicators: readonly SegmentIndicator[]; now: number }): ReactNode {
  return (
    <section className="sg-section" aria-label="Indicators" data-testid="segment-indicators">
      <h3 className="sg-h">Indicators</h3>
      {indicators.length === 0 ? (
        <p className="muted sg-none">No indicators.</p>
      ) : (
        <ul className="sg-inds">
          {indicators.map((ind) => (
            <IndicatorTile key={ind.key} ind={ind} now={now} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RiskBlock({ risk, summary, now }: { risk: SegmentRisk; summary: SegmentSummary; now: number }): ReactNode {
  const ddFraction = risk.maxDrawdown > 0 ? Math.min(1, Math.abs(risk.drawdown) / risk.maxDrawdown) : 0;
  const p = summary.riskParameters;
  return (
    <section className="sg-section" aria-label="Risk" data-testid="segment-risk" data-buys-paused={risk.buysPaused}>
      <h3 className="sg-h">
        Risk <span className="sg-src">as of {formatAsOf(risk.asOf, now)}</span>
        {risk.buysPaused && (
          <span className="sg-chip sg-chip-faulted" title="The sleeve's drawdown reached its limit: no new buys">
            BUYS PAUSED
          </span>
        )}
      </h3>
      <table className="sg-kv">
        <tbody>
          <tr>
            <th scope="row">Capital</th>
            <td className="num">{formatMoney(risk.capital)}</td>
            <th scope="row">Exposure</th>
            <td className="num">
              {formatMoney(risk.exposure)} <span className="muted">({formatFraction(risk.utilisation)})</span>
            </td>
          </tr>
          <tr>
            <th scope="row">Largest</th>
            <td className="num">{risk.largestPosition ? `${risk.largestPosition.symbol} ${formatFraction(risk.largestPosition.weight)}` : '—'}</td>
            <th scope="row">Limits</th>
            <td className="num" title="Max position · max drawdown · stop distance · target allocation">
              {formatFraction(p.maxPositionSize, 0)} · {formatFraction(p.maxDrawdown, 0)} · {p.stopLossMultiplier}×ATR · {formatFraction(p.targetAllocation, 0)}
            </td>
          </tr>
        </tbody>
      </table>
      <div className="sg-dd" title={`Drawdown ${formatSignedFraction(risk.drawdown)} against the ${formatFraction(risk.maxDrawdown)} limit`}>
        <span className="sg-dd-label">Drawdown</span>
        <span
          className="sg-meter"
          role="meter"
          aria-label="Sleeve drawdown against its limit"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(ddFraction * 100)}
          aria-valuetext={`${formatSignedFraction(risk.drawdown)} of a ${formatFraction(risk.maxDrawdown)} limit`}
        >
          <span className={`sg-meter-fill ${ddFraction >= 1 ? 'sg-bad' : ddFraction >= 0.8 ? 'sg-warn' : 'sg-ok'}`} style={{ width: `${ddFraction * 100}%` }} />
        </span>
        <span className="num">
          {formatSignedFraction(risk.drawdown)} / −{formatFraction(risk.maxDrawdown)}
        </span>
      </div>
      {risk.metrics.length > 0 && (
        <table className="sg-metrics" aria-label="Risk metrics">
          <tbody>
            {risk.metrics.map((m) => {
              const asOf = formatAsOf(m.asOf, now);
              return (
                <tr key={m.key} data-testid="segment-risk-metric" data-key={m.key} aria-label={indicatorAria(m, asOf)}>
                  <th scope="row">{m.label}</th>
                  <td className="num sg-metric-value">
                    {formatIndicatorValue(m.value, m.unit)}
                    {m.change !== null && <span className={`sg-ind-chg ${changeClass(m.change)}`}> {formatSignedFraction(m.change)}</span>}
                  </td>
                  <td className="sg-src" title={`Source ${m.source}, as of ${asOf}`}>
                    {m.source}
                    {m.asOf !== risk.asOf ? ` · ${asOf}` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Members({ detail, now }: { detail: SegmentDetail; now: number }): ReactNode {
  const [all, setAll] = useState(false);
  const source = useKestrelStore((s) => s.quotesSource);
  const rows = all ? detail.members : detail.members.slice(0, MEMBERS_SHOWN);
  return (
    <section className="sg-section" aria-label="Members" data-testid="segment-members" data-count={detail.members.length}>
      <h3 className="sg-h">
        Members <span className="muted num">{detail.members.length}</span>
        {detail.members.length > MEMBERS_SHOWN && (
          <button type="button" className="link-btn sg-h-btn" onClick={() => setAll((a) => !a)} aria-expanded={all}>
            {all ? 'show fewer' : `all ${detail.members.length}`}
          </button>
        )}
      </h3>
      {detail.members.length === 0 ? (
        <p className="muted sg-none">No members in the universe now.</p>
      ) : (
        <table className="sg-table sg-members">
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Name</th>
              <th scope="col">Industry</th>
              <th scope="col" className="num">
                Last
              </th>
              <th scope="col" className="num">
                Chg
              </th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.symbol} data-symbol={m.symbol}>
                <td className="sg-sym">{m.symbol}</td>
                <td className="sg-ellipsis" title={m.name}>
                  {m.name}
                </td>
                <td className="sg-ellipsis muted" title={m.industry ?? undefined}>
                  {m.industry ?? '—'}
                </td>
                <td className="num">{formatPrice(m.last)}</td>
                <td className={`num ${changeClass(m.changePct)}`}>{formatPct(m.changePct)}</td>
                <td className="sg-ellipsis" title={m.note ?? undefined}>
                  {m.note ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="sg-src sg-foot">
        Last and change: {source ?? 'market feed'} · as of {formatAsOf(detail.risk.asOf, now)} (read with the segment)
      </p>
    </section>
  );
}
