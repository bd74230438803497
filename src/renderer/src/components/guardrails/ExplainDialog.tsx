/**
 * The guardrail explanation of one card (`guardrails.explain`): every check with its outcome, value vs limit in
 * its unit, a meter of value/limit, the message and every input number; the evaluation history (creation,
 * modify, approval, submission) in New York time with the checks that changed; and the playbook and limits the
 * engine used. The focused check is scrolled to and highlighted. Esc or the close button closes.
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import type { GuardrailCheck, GuardrailCheckId, GuardrailResult, Playbook } from '../../../../shared/contract/trading-schemas';
import { useEngine } from '../../engine/engine-context';
import { formatNyDateTime, formatPrice } from '../../lib/format';
import { FetchDialog } from '../ui/FetchDialog';
import {
  CHECK_LABELS,
  CHECK_TITLES,
  PHASE_LABELS,
  changedChecks,
  checkStatus,
  formatInUnit,
  formatInputValue,
  formatLimit,
  formatUsd,
  meterFraction,
  resultStatus,
} from './guardrail-format';
import { LIMIT_META, formatLimitValue } from './limit-meta';
import './guardrails.css';

type Explain = Result<'guardrails.explain'>;

/** Props of ExplainDialog (fixed: mounted by the approvals and portfolio views and the order ticket). */
export interface ExplainDialogProps {
  cardId: string;
  focus?: GuardrailCheckId;
  onClose(): void;
}

/** The explain dialog of one card. */
export function ExplainDialog(props: ExplainDialogProps): ReactNode {
  const { cardId, focus, onClose } = props;
  const client = useEngine();
  return (
    <FetchDialog
      title="Guardrail explanation"
      className="dialog-explain"
      testId="explain-dialog"
      onClose={onClose}
      read={() => client.invoke('guardrails.explain', { cardId })}
      readKey={cardId}
      what="the explanation"
      loading={`Loading the guardrail explanation of ${cardId}…`}
      notFound={`Card ${cardId} was not found`}
    >
      {(data: Explain) => <ExplainContent data={data} focus={focus} />}
    </FetchDialog>
  );
}

function ExplainContent({ data, focus }: { data: Explain; focus: GuardrailCheckId | undefined }): ReactNode {
  const latest = data.latest;
  const focusRef = useRef<HTMLElement | null>(null);
  const setFocusRef = useCallback((el: HTMLElement | null) => {
    focusRef.current = el;
  }, []);
  useEffect(() => {
    focusRef.current?.scrollIntoView?.({ block: 'center' });
  }, [focus]);
  const status = resultStatus(latest);
  return (
    <>
      <div className="gx-summary" data-testid="explain-summary">
        <span className={`gx-overall gr-${status}`}>{status === 'passed' ? 'PASSED' : status === 'warning' ? 'PASSED WITH WARNINGS' : 'BLOCKED'}</span>
        <span className="gx-fact">
          <span className="gx-k">Card</span> <span className="gx-mono">{data.cardId}</span>
        </span>
        <span className="gx-fact">
          <span className="gx-k">Latest</span> {PHASE_LABELS[latest.phase]} · {formatNyDateTime(latest.evaluatedAt)} ET
        </span>
        <span className="gx-fact">
          <span className="gx-k">Price</span> <span className="num">{latest.price === null ? '—' : formatPrice(latest.price)}</span>{' '}
          <span className="gx-src">
            {latest.source} · as of {latest.quoteAsOf === null ? '—' : `${formatNyDateTime(latest.quoteAsOf)} ET`}
          </span>
        </span>
        <span className="gx-fact">
          <span className="gx-k">Notional</span> <span className="num">{formatUsd(latest.notional)}</span>
        </span>
      </div>
      <section className="gx-section" aria-label="Checks">
        <h3 className="gx-h">Checks ({latest.checks.length})</h3>
        <ol className="gx-checks">
          {latest.checks.map((c) => (
            <CheckItem key={c.check} check={c} warnFraction={data.limits.warnFraction} focused={c.check === focus} itemRef={c.check === focus ? setFocusRef : undefined} />
          ))}
        </ol>
      </section>
      <HistoryTable history={data.history} />
      <div className="gx-cols">
        <PlaybookFacts playbook={data.playbook} />
        <section className="gx-section" aria-label="Limits used">
          <h3 className="gx-h">Limits used</h3>
          <table className="gx-table gx-kv" data-testid="explain-limits">
            <tbody>
              {LIMIT_META.map((m) => (
                <tr key={m.key}>
                  <th scope="row" title={m.description}>
                    {m.label}
                  </th>
                  <td className="num">{formatLimitValue(m, data.limits[m.key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}

function CheckItem(props: { check: GuardrailCheck; warnFraction: number; focused: boolean; itemRef: ((el: HTMLElement | null) => void) | undefined }): ReactNode {
  const { check, warnFraction, focused, itemRef } = props;
  const status = checkStatus(check);
  const fraction = meterFraction(check);
  const inputs = Object.entries(check.inputs);
  return (
    <li ref={itemRef} className={`gx-check gx-${status}${focused ? ' gx-focused' : ''}`} data-testid="explain-check" data-check={check.check} data-status={status} aria-current={focused ? 'true' : undefined}>
      <div className="gx-check-head">
        <span className={`gx-status gr-${status}`}>{status}</span>
        <span className="gx-label">{CHECK_LABELS[check.check] ?? check.check}</span>
        <span className="gx-title">{CHECK_TITLES[check.check] ?? ''}</span>
        <span className="gx-vs num" data-testid="explain-value">
          {formatInUnit(check.value, check.unit)} <span className="gx-k">vs limit</span> {formatLimit(check)}
        </span>
      </div>
      {fraction !== null && (
        <div
          className="gx-meter"
          role="meter"
          aria-label={`${CHECK_LABELS[check.check]}: value against its limit`}
          aria-valuemin={0}
          aria-valuemax={125}
          aria-valuenow={Math.round(fraction * 100)}
          aria-valuetext={`${Math.round(fraction * 100)}% of the limit`}
        >
          <span className={`gx-meter-fill gr-fill-${status}`} style={{ width: `${(fraction / 1.25) * 100}%` }} />
          <span className="gx-meter-warn" aria-hidden="true" title={`warns above ${Math.round(warnFraction * 100)}% of the limit`} style={{ left: `${(warnFraction / 1.25) * 100}%` }} />
          <span className="gx-meter-limit" aria-hidden="true" />
        </div>
      )}
      <p className="gx-message">{check.message}</p>
      {inputs.length > 0 ? (
        <table className="gx-table gx-inputs" aria-label={`${CHECK_LABELS[check.check]} inputs`}>
          <tbody>
            {chunk(inputs, INPUT_COLUMNS).map((row) => (
              <tr key={row[0]![0]}>
                {row.map(([k, v]) => (
                  <InputCells key={k} name={k} value={v} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="gx-none">No inputs recorded.</p>
      )}
    </li>
  );
}

/** Inputs are laid out three name/value pairs to a row: dense, and still a table a screen reader can walk. */
const INPUT_COLUMNS = 3;

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function InputCells({ name, value }: { name: string; value: GuardrailCheck['inputs'][string] }): ReactNode {
  return (
    <>
      <th scope="row" className="gx-mono gx-in-k" title={name}>
        {name}
      </th>
      <td className="num gx-in-v" title={value === null ? 'no value' : String(value)}>
        {formatInputValue(name, value)}
      </td>
    </>
  );
}

function HistoryTable({ history }: { history: GuardrailResult[] }): ReactNode {
  return (
    <section className="gx-section" aria-label="Evaluation history">
      <h3 className="gx-h">Evaluation history ({history.length})</h3>
      {history.length === 0 ? (
        <p className="gx-none">No evaluations recorded.</p>
      ) : (
        <table className="gx-table gx-history" data-testid="explain-history">
          <thead>
            <tr>
              <th scope="col">Time (ET)</th>
              <th scope="col">Phase</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Price
              </th>
              <th scope="col">Changed checks</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h, i) => {
              const changes = changedChecks(i === 0 ? null : history[i - 1]!, h);
              const status = resultStatus(h);
              return (
                <tr key={`${h.evaluatedAt}-${i}`} data-phase={h.phase}>
                  <td className="num">{formatNyDateTime(h.evaluatedAt)}</td>
                  <td>{PHASE_LABELS[h.phase]}</td>
                  <td>
                    <span className={`gx-status gr-${status}`}>{status}</span>
                  </td>
                  <td className="num" title={`${h.source} · as of ${h.quoteAsOf === null ? '—' : formatNyDateTime(h.quoteAsOf)} ET`}>
                    {h.price === null ? '—' : formatPrice(h.price)}
                  </td>
                  <td className="gx-changes">
                    {i === 0
                      ? 'first evaluation'
                      : changes.length === 0
                        ? 'no change'
                        : changes.map((c) => `${CHECK_LABELS[c.check]} ${c.from ?? 'new'} → ${c.to}`).join(' · ')}
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

function PlaybookFacts({ playbook }: { playbook: Playbook }): ReactNode {
  const rows: [string, string][] = [
    ['Allowed regimes', playbook.allowedRegimes.map((r) => r.replaceAll('_', ' ')).join(', ') || 'none'],
    ['Card TTL', `${playbook.ttlMinutes} min`],
    ['Stale after', `${playbook.staleMinutes} min`],
    ['Max gap chase', `${playbook.gapChaseMaxPercent.toFixed(2)}%`],
    ['Execution window', `${playbook.executionWindowHours} h`],
    ['Tranches', `${playbook.tranches.count} × every ${playbook.tranches.intervalMinutes} min`],
  ];
  return (
    <section className="gx-section" aria-label="Playbook used">
      <h3 className="gx-h">
        Playbook used: <span className="gx-pb-name">{playbook.name}</span> <span className="gx-mono gx-k">{playbook.id}</span>
      </h3>
      {playbook.description && <p className="gx-pb-desc">{playbook.description}</p>}
      <table className="gx-table gx-kv" data-testid="explain-playbook">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
