/**
 * LLM settings and usage (issue 5): the provider (the offline rules analyst, or any OpenAI-compatible endpoint —
 * OpenAI, Ollama, llama.cpp), base URL, model and API key (a password field; the key is never shown back, only
 * whether it is set and where it is kept), the governor's limits (llm.configure, validated with the contract's
 * schema); today's budget gauge, cost and calls, cost per approved card, latency p50/p95, and the recent calls
 * (llm.usage), updated as `llm.callCompleted` events arrive. A call opens its trace.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { LlmStatus } from '../../../../shared/contract/llm-schemas';
import { LlmTraceDialog } from '../../components/llm-trace/LlmTraceDialog';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatInt } from '../../lib/format';
import { useKestrelStore } from '../../store/index';
import { loadLlm, wireSegmentEvents } from '../../store/wire-engine-events';
import { useSimNow } from '../approvals/use-sim-now';
import { formatAsOf } from '../segments/segment-model';
import {
  LLM_LIMIT_META,
  apiKeyHint,
  apiKeyText,
  budgetGauge,
  formatLatency,
  formatTokens,
  formatUsd,
  limitValue,
  llmConfigurePatch,
  llmOutcomeClass,
  llmOutcomeLabel,
  providerLabel,
  type LlmDrafts,
  type LlmProblems,
} from './llm-model';
import './llm-settings.css';

/** The panel (the Settings view mounts it). */
export function LlmSettings(): ReactNode {
  const client = useEngine();
  const connection = useKestrelStore((s) => s.connection);
  const openCount = useKestrelStore((s) => s.openCount);
  const status = useKestrelStore((s) => s.llmStatus);
  const error = useKestrelStore((s) => s.llmError);

  useEffect(() => wireSegmentEvents(client, { llm: true }), [client]);
  useEffect(() => {
    if (connection === 'open') void loadLlm(client);
  }, [client, connection, openCount]);

  return (
    <section className="st-panel llm-panel" aria-labelledby="llm-h" data-testid="llm-settings">
      <div className="st-panel-head">
        <h2 id="llm-h">LLM analyst</h2>
        {status && (
          <span className={`llm-provider llm-provider-${status.provider}`} data-testid="llm-provider" data-provider={status.provider}>
            {status.provider === 'rules' ? 'RULES' : 'OPENAI-COMPATIBLE'}
          </span>
        )}
        <span className="st-spacer" />
        <button type="button" className="btn" onClick={() => void loadLlm(client)} disabled={connection !== 'open'}>
          Reload
        </button>
      </div>
      {error && (
        // A polite status, not an alert: the panel is secondary to the guardrails above, and Reload retries it.
        <p className="st-err" role="status" data-testid="llm-error">
          {status ? 'Showing the last known status. ' : ''}Could not read the LLM status: {error}
        </p>
      )}
      {!status && !error && (
        <p className="st-loading" role="status">
          <span className="spinner" aria-hidden="true" />
          Loading the LLM status…
        </p>
      )}
      {status && (
        <div className="llm-grid">
          <UsagePanel status={status} />
          <ConfigForm status={status} />
        </div>
      )}
      {status && <RecentCalls />}
    </section>
  );
}

function UsagePanel({ status }: { status: LlmStatus }): ReactNode {
  const usage = useKestrelStore((s) => s.llmUsage);
  const gauge = budgetGauge(status.used, status.budget);
  return (
    <div className="llm-usage" data-testid="llm-usage">
      <div className="llm-gauge-row">
        <span className="llm-k">Today&apos;s tokens</span>
        <span
          className={`llm-gauge llm-gauge-${gauge.tier}`}
          role="meter"
          aria-label="Tokens used today against the daily budget"
          aria-valuemin={0}
          aria-valuemax={status.budget}
          aria-valuenow={Math.min(status.used, status.budget)}
          aria-valuetext={gauge.text}
          data-testid="llm-gauge"
          data-used={status.used}
          data-budget={status.budget}
        >
          <span className="llm-gauge-fill" style={{ width: `${gauge.pct}%` }} />
        </span>
        <span className="num llm-gauge-text">{gauge.text}</span>
      </div>
      {status.note && (
        <p className="llm-note" data-testid="llm-note">
          {status.note}
        </p>
      )}
      <dl className="llm-stats">
        <Stat k="Cost today" v={formatUsd(status.costToday)} testId="llm-cost-today" />
        <Stat k="Calls today" v={formatInt(status.callsToday)} testId="llm-calls-today" />
        <Stat
          k="Cost per approved card"
          v={usage?.perApprovedCard.costPerCard == null ? '—' : formatUsd(usage.perApprovedCard.costPerCard)}
          title={usage ? `${formatUsd(usage.perApprovedCard.costUsd)} over ${usage.perApprovedCard.approvedCards} approved card(s)` : undefined}
          testId="llm-cost-per-card"
        />
        <Stat k="Latency p50 / p95" v={usage ? `${formatLatency(usage.latency.p50)} / ${formatLatency(usage.latency.p95)}` : '—'} title="Calls that reached a model" testId="llm-latency" />
        <Stat k="Calls in report" v={usage ? formatInt(usage.totals.calls) : '—'} title={usage ? `${formatTokens(usage.totals.promptTokens)} prompt + ${formatTokens(usage.totals.completionTokens)} completion tokens, ${formatUsd(usage.totals.costUsd)}` : undefined} />
        <Stat
          k="By outcome"
          v={
            usage
              ? Object.entries(usage.byOutcome)
                  .filter(([, n]) => n > 0)
                  .map(([o, n]) => `${o.replace(/_/g, ' ')} ${n}`)
                  .join(' · ') || '—'
              : '—'
          }
        />
      </dl>
      {usage && usage.bySegment.length > 0 && (
        <table className="st-table llm-seg-table" aria-label="Usage by segment">
          <thead>
            <tr>
              <th scope="col">Segment</th>
              <th scope="col" className="num">
                Calls
              </th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Cost
              </th>
            </tr>
          </thead>
          <tbody>
            {usage.bySegment.map((s) => (
              <tr key={s.segmentId}>
                <th scope="row">{s.segmentId}</th>
                <td className="num">{formatInt(s.calls)}</td>
                <td className="num">{formatTokens(s.promptTokens + s.completionTokens)}</td>
                <td className="num">{formatUsd(s.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Stat({ k, v, title, testId }: { k: string; v: string; title?: string | undefined; testId?: string }): ReactNode {
  return (
    <div className="llm-stat" title={title}>
      <dt>{k}</dt>
      <dd className="num" data-testid={testId}>
        {v}
      </dd>
    </div>
  );
}

function ConfigForm({ status }: { status: LlmStatus }): ReactNode {
  const client = useEngine();
  const [drafts, setDrafts] = useState<LlmDrafts>({ limits: {} });
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const [forgetKey, setForgetKey] = useState(false);
  const { params, problems, changed } = useMemo(() => llmConfigurePatch(status, drafts), [status, drafts]);
  const provider = drafts.provider ?? status.provider;
  const dirty = changed > 0 || Object.keys(problems).length > 0 || forgetKey;

  const save = async (): Promise<void> => {
    const body = { ...(params ?? {}), ...(forgetKey ? { apiKey: null } : {}) };
    if (Object.keys(body).length === 0) return;
    setSaving(true);
    setOutcome(null);
    try {
      const next = await client.invoke('llm.configure', body);
      useKestrelStore.setState({ llmStatus: next });
      setDrafts({ limits: {} });
      setForgetKey(false);
      setOutcome({ ok: true, text: `Saved · provider ${next.provider}${next.provider === 'openai-compatible' ? ` · ${next.model}` : ''} · key ${apiKeyText(next.apiKey)}` });
      void loadLlm(client);
    } catch (e) {
      setOutcome({ ok: false, text: `Refused: ${errorText(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const field = (key: keyof LlmProblems): { problem: string | undefined; cls: string } => ({ problem: problems[key], cls: problems[key] ? ' st-invalid' : '' });
  return (
    <form
      className="llm-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
      data-testid="llm-form"
    >
      <fieldset className="fieldset-box llm-fieldset">
        <legend>Provider</legend>
        {(['rules', 'openai-compatible'] as const).map((p) => (
          <label key={p} className="llm-radio">
            <input type="radio" name="llm-provider" value={p} checked={provider === p} onChange={() => setDrafts((d) => ({ ...d, provider: p }))} data-testid={`llm-provider-${p}`} />
            {providerLabel(p)}
          </label>
        ))}
      </fieldset>
      <div className={`llm-endpoint ${provider === 'rules' ? 'llm-dim' : ''}`}>
        <TextField
          id="llm-base-url"
          label="Base URL"
          value={drafts.baseUrl ?? status.baseUrl ?? ''}
          placeholder="http://127.0.0.1:11434/v1"
          problem={field('baseUrl').problem}
          onChange={(v) => setDrafts((d) => ({ ...d, baseUrl: v }))}
        />
        <TextField id="llm-model" label="Model" value={drafts.model ?? status.model} problem={field('model').problem} onChange={(v) => setDrafts((d) => ({ ...d, model: v }))} />
        <div className="llm-field">
          <label htmlFor="llm-api-key">API key</label>
          <input
            id="llm-api-key"
            type="password"
            className={`st-input llm-input${field('apiKey').cls}`}
            value={drafts.apiKey ?? ''}
            placeholder={status.apiKey.set ? '•••••••• (unchanged)' : 'not set'}
            autoComplete="new-password"
            spellCheck={false}
            aria-describedby="llm-api-key-d"
            onChange={(e) => setDrafts((d) => ({ ...d, apiKey: e.target.value }))}
            data-testid="llm-api-key"
          />
          <span id="llm-api-key-d" className="st-muted" data-testid="llm-key-status">
            {apiKeyText(status.apiKey)} · {apiKeyHint(status.apiKey)}
          </span>
          {status.apiKey.set && status.apiKey.source !== 'env' && (
            <label className="llm-forget">
              <input type="checkbox" checked={forgetKey} onChange={(e) => setForgetKey(e.target.checked)} /> forget the stored key
            </label>
          )}
          {field('apiKey').problem && <span className="st-problem">{field('apiKey').problem}</span>}
        </div>
      </div>
      <table className="st-table llm-limits" aria-label="Limits">
        <tbody>
          {LLM_LIMIT_META.map((m) => {
            const id = `llm-${m.key}`;
            const problem = problems[m.key];
            return (
              <tr key={m.key} data-key={m.key}>
                <th scope="row">
                  <label htmlFor={id} title={m.description}>
                    {m.label}
                  </label>
                </th>
                <td className="st-input-cell">
                  <input
                    id={id}
                    className={`st-input num${problem ? ' st-invalid' : ''}`}
                    value={drafts.limits[m.key] ?? String(limitValue(status, m.key))}
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    aria-invalid={problem ? true : undefined}
                    onChange={(e) => setDrafts((d) => ({ ...d, limits: { ...d.limits, [m.key]: e.target.value } }))}
                    data-testid={`llm-limit-${m.key}`}
                  />
                  <span className="st-suffix">{m.suffix}</span>
                  {problem && <span className="st-problem">{problem}</span>}
                </td>
                <td className="st-desc">{m.description}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="llm-actions">
        {outcome && (
          <span className={outcome.ok ? 'st-ok' : 'st-err'} role={outcome.ok ? 'status' : 'alert'} data-testid="llm-outcome">
            {outcome.text}
          </span>
        )}
        <span className="st-spacer" />
        <button
          type="button"
          className="btn"
          disabled={!dirty || saving}
          onClick={() => {
            setDrafts({ limits: {} });
            setForgetKey(false);
            setOutcome(null);
          }}
        >
          Discard edits
        </button>
        <button type="submit" className="btn st-save" disabled={saving || (params === null && !forgetKey) || Object.keys(problems).length > 0} data-testid="llm-save">
          {saving ? 'Saving…' : `Save${changed + (forgetKey ? 1 : 0) > 0 ? ` (${changed + (forgetKey ? 1 : 0)})` : ''}`}
        </button>
      </div>
    </form>
  );
}

function TextField({ id, label, value, placeholder, problem, onChange }: { id: string; label: string; value: string; placeholder?: string; problem: string | undefined; onChange(v: string): void }): ReactNode {
  return (
    <div className="llm-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={`st-input llm-input${problem ? ' st-invalid' : ''}`}
        value={value}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        data-testid={id}
      />
      {problem && <span className="st-problem">{problem}</span>}
    </div>
  );
}

function RecentCalls(): ReactNode {
  const calls = useKestrelStore((s) => s.llmCalls);
  const now = useSimNow(1000);
  const [traceId, setTraceId] = useState<string | null>(null);
  const shown = calls.slice(0, 25);
  return (
    <div className="llm-calls" data-testid="llm-calls" data-count={calls.length}>
      <h3 className="llm-h">Recent calls</h3>
      {shown.length === 0 ? (
        <p className="st-note">No calls yet. A segment run or a research request records one (the rules analyst's answers too).</p>
      ) : (
        <table className="st-table">
          <thead>
            <tr>
              <th scope="col">Time (ET)</th>
              <th scope="col">Purpose</th>
              <th scope="col">Model</th>
              <th scope="col">Outcome</th>
              <th scope="col" className="num">
                Tokens
              </th>
              <th scope="col" className="num">
                Latency
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col">Reason</th>
              <th scope="col">
                <span className="sr-only">Trace</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} data-testid="llm-call-row" data-outcome={c.outcome}>
                <td className="num">{formatAsOf(c.t, now).replace(' ET', '')}</td>
                <td>
                  {c.purpose}
                  {c.segmentId ? ` · ${c.segmentId}` : ''}
                  {c.symbol ? ` · ${c.symbol}` : ''}
                </td>
                <td className="llm-model-cell" title={`${c.provider} · ${c.model}`}>
                  {c.model}
                </td>
                <td>
                  <span className={`llm-outcome ${llmOutcomeClass(c.outcome)}`}>{llmOutcomeLabel(c.outcome)}</span>
                  {c.attempts > 1 && <span className="st-muted"> ×{c.attempts}</span>}
                </td>
                <td className="num">{formatTokens(c.promptTokens + c.completionTokens)}</td>
                <td className="num">{formatLatency(c.latencyMs)}</td>
                <td className="num">{formatUsd(c.costUsd)}</td>
                <td className="llm-reason" title={c.reason ?? undefined}>
                  {c.reason ?? ''}
                </td>
                <td>
                  <button type="button" className="link-btn" onClick={() => setTraceId(c.id)} aria-label={`Open the trace of call ${c.id}`} data-testid="llm-call-trace">
                    Trace
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {traceId && <LlmTraceDialog callId={traceId} onClose={() => setTraceId(null)} />}
    </div>
  );
}
