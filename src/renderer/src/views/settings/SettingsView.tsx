/**
 * The Settings view: the guardrail limits editor (guardrails.config → guardrails.updateLimits), with each limit's
 * unit, description, default and current value, validated with the contract's schema before Save; Reset to
 * defaults writes the defaults as one patch. Below it the playbooks (read-only), the market regime the regime
 * check reads now, and the two YAML files behind it all: the shipped defaults and the user override, which can be
 * edited by hand — the engine reloads the override when it is saved (use Reload here to see the change).
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import type { GuardrailLimits, Playbook } from '../../../../shared/contract/trading-schemas';
import { LIMIT_META, formatLimitValue, parseLimitInput, toInputText, type LimitKey, type LimitMeta } from '../../components/guardrails/limit-meta';
import { formatInputValue } from '../../components/guardrails/guardrail-format';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { simNow } from '../../lib/clock-math';
import { formatNyDateTime } from '../../lib/format';
import { useKestrelStore } from '../../store/index';
import { LlmSettings } from './LlmSettings';
import { limitsPatch, refusedKeys, regimeDetails, reportedDefaults } from './settings-model';
import './settings.css';

type Info = Result<'guardrails.config'>;

/** The whole view. */
export function SettingsView(): ReactNode {
  const client = useEngine();
  const connection = useKestrelStore((s) => s.connection);
  const [info, setInfo] = useState<Info | null>(null);
  const [readAt, setReadAt] = useState<number | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const r = await client.invoke('guardrails.config', {});
      setInfo(r);
      setReadAt(engineNow());
    } catch (e) {
      setLoadError(errorText(e));
    }
  }, [client]);

  useEffect(() => {
    if (connection === 'open' && info === null) void load();
  }, [connection, info, load]);

  return (
    <div className="settings-view" data-testid="settings-view">
      <header className="st-bar">
        <h1 className="st-title">Settings</h1>
        <span className="st-sub">Guardrails, playbooks and the LLM analyst</span>
        <span className="st-spacer" />
        {info && (
          <span className="st-muted" data-testid="settings-loaded-at">
            config loaded {formatNyDateTime(info.loadedAt)} ET
          </span>
        )}
        <button type="button" className="btn" onClick={() => void load()}>
          Reload
        </button>
      </header>
      {loadError && (
        <div className="banner banner-error" role="alert">
          Could not load the guardrail configuration: {loadError}{' '}
          <button type="button" className="link-btn" onClick={() => void load()}>
            Retry
          </button>
        </div>
      )}
      <div className="st-scroll">
        {!info && !loadError && (
          <p className="st-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            Loading the guardrail configuration…
          </p>
        )}
        {info && (
          <div className="st-grid">
            <LimitsEditor
              info={info}
              onSaved={(next) => {
                setInfo(next);
                setReadAt(engineNow());
              }}
            />
            <div className="st-side">
              <RegimePanel info={info} readAt={readAt} />
              <FilesPanel info={info} />
            </div>
            <PlaybooksTable playbooks={info.config.playbooks} defaultId={info.config.defaultPlaybook} />
          </div>
        )}
        <LlmSettings />
      </div>
    </div>
  );
}

function LimitsEditor({ info, onSaved }: { info: Info; onSaved(info: Info): void }): ReactNode {
  const client = useEngine();
  const current = info.config.limits;
  const defaults = reportedDefaults(info);
  const [drafts, setDrafts] = useState<Partial<Record<LimitKey, string>>>({});
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: true; at: number; keys: LimitKey[] } | { ok: false; message: string; keys: LimitKey[] } | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);

  useEffect(() => {
    if (!confirmReset) return;
    const t = setTimeout(() => setConfirmReset(false), 5_000);
    return () => clearTimeout(t);
  }, [confirmReset]);

  const parsed = useMemo(() => {
    const out = new Map<LimitKey, ReturnType<typeof parseLimitInput>>();
    for (const m of LIMIT_META) {
      const d = drafts[m.key];
      if (d !== undefined) out.set(m.key, parseLimitInput(m, d));
    }
    return out;
  }, [drafts]);
  const patch = limitsPatch(current, parsed);
  const invalid = [...parsed.values()].some((p) => 'error' in p);
  const dirty = Object.keys(patch).length > 0;

  const write = async (p: Partial<GuardrailLimits>): Promise<void> => {
    setSaving(true);
    setOutcome(null);
    try {
      const next = await client.invoke('guardrails.updateLimits', { limits: p });
      onSaved(next);
      setDrafts({});
      setOutcome({ ok: true, at: next.loadedAt, keys: Object.keys(p) as LimitKey[] });
    } catch (e) {
      setOutcome({ ok: false, message: errorText(e), keys: refusedKeys(errorText(e), Object.keys(p) as LimitKey[]) });
    } finally {
      setSaving(false);
    }
  };

  const refused = outcome && !outcome.ok ? outcome.keys : [];
  return (
    <section className="st-panel st-limits" aria-labelledby="st-limits-h">
      <div className="st-panel-head">
        <h2 id="st-limits-h">Guardrail limits</h2>
        <span className="st-spacer" />
        <button type="button" className="btn" disabled={!dirty && !invalid} onClick={() => setDrafts({})}>
          Discard edits
        </button>
        <button
          type="button"
          className="btn"
          disabled={saving || defaults === null}
          title={defaults === null ? 'The engine does not report the shipped defaults; edit the override file to reset.' : 'Write every default as the override'}
          onClick={() => {
            if (!defaults) return;
            if (!confirmReset) {
              setConfirmReset(true);
              return;
            }
            setConfirmReset(false);
            void write(defaults);
          }}
        >
          {confirmReset ? 'Confirm reset to defaults' : 'Reset to defaults'}
        </button>
        <button type="button" className="btn st-save" disabled={!dirty || invalid || saving} onClick={() => void write(patch)}>
          {saving ? 'Saving…' : `Save${dirty ? ` (${Object.keys(patch).length})` : ''}`}
        </button>
      </div>
      {outcome && (
        <p className={outcome.ok ? 'st-ok' : 'st-err'} role={outcome.ok ? 'status' : 'alert'} data-testid="settings-outcome">
          {outcome.ok
            ? `Saved ${outcome.keys.length} ${outcome.keys.length === 1 ? 'limit' : 'limits'} to ${info.overridePath} · reloaded ${formatNyDateTime(outcome.at)} ET`
            : `Refused${outcome.keys.length > 0 ? ` (${outcome.keys.join(', ')})` : ''}: ${outcome.message}`}
        </p>
      )}
      <table className="st-table" data-testid="limits-table">
        <thead>
          <tr>
            <th scope="col">Limit</th>
            <th scope="col">New value</th>
            <th scope="col" className="num">
              Current
            </th>
            <th scope="col" className="num">
              Default
            </th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {LIMIT_META.map((m) => (
            <LimitRow
              key={m.key}
              meta={m}
              current={current[m.key]}
              defaultValue={defaults?.[m.key]}
              draft={drafts[m.key]}
              problem={(() => {
                const p = parsed.get(m.key);
                return p && 'error' in p ? p.error : undefined;
              })()}
              refused={refused.includes(m.key)}
              onDraft={(text) =>
                setDrafts((d) => {
                  const next = { ...d };
                  if (text === null) delete next[m.key];
                  else next[m.key] = text;
                  return next;
                })
              }
            />
          ))}
        </tbody>
      </table>
      {defaults === null && <p className="st-note">Defaults: the engine reports only the merged values; the shipped defaults are in the defaults file listed under Configuration files.</p>}
    </section>
  );
}

function LimitRow(props: {
  meta: LimitMeta;
  current: number | boolean;
  defaultValue: number | boolean | undefined;
  draft: string | undefined;
  problem: string | undefined;
  refused: boolean;
  onDraft(text: string | null): void;
}): ReactNode {
  const { meta, current, defaultValue, draft, problem, refused, onDraft } = props;
  const inputId = `limit-${meta.key}`;
  const text = draft ?? toInputText(meta, current);
  const edited = draft !== undefined && draft !== toInputText(meta, current);
  const differsFromDefault = defaultValue !== undefined && defaultValue !== current;
  return (
    <tr className={`${edited ? 'st-edited' : ''}${refused ? ' st-refused' : ''}`} data-key={meta.key}>
      <th scope="row">
        <label htmlFor={inputId} className="st-limit-label">
          {meta.label}
        </label>
        <span className="st-key">{meta.key}</span>
      </th>
      <td className="st-input-cell">
        {meta.unit === 'bool' ? (
          <select id={inputId} className="st-input" value={text} onChange={(e) => onDraft(e.target.value === toInputText(meta, current) ? null : e.target.value)} aria-describedby={`${inputId}-d`}>
            <option value="true">on</option>
            <option value="false">off</option>
          </select>
        ) : (
          <input
            id={inputId}
            className={`st-input num${problem ? ' st-invalid' : ''}`}
            value={text}
            inputMode="decimal"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => onDraft(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${inputId}-d`}
          />
        )}
        <span className="st-suffix">{meta.suffix}</span>
        {problem && <span className="st-problem">{problem}</span>}
      </td>
      <td className="num">{formatLimitValue(meta, current)}</td>
      <td className={`num${differsFromDefault ? ' st-differs' : ''}`} title={differsFromDefault ? 'The current value differs from the default' : undefined}>
        {formatLimitValue(meta, defaultValue)}
      </td>
      <td id={`${inputId}-d`} className="st-desc">
        {meta.description}
      </td>
    </tr>
  );
}

function PlaybooksTable({ playbooks, defaultId }: { playbooks: Playbook[]; defaultId: string }): ReactNode {
  return (
    <section className="st-panel st-playbooks" aria-labelledby="st-pb-h">
      <div className="st-panel-head">
        <h2 id="st-pb-h">Playbooks</h2>
        <span className="st-muted">read-only here; edit them in the override file</span>
      </div>
      <table className="st-table" data-testid="playbooks-table">
        <thead>
          <tr>
            <th scope="col">Playbook</th>
            <th scope="col">Allowed regimes</th>
            <th scope="col" className="num">
              Card TTL
            </th>
            <th scope="col" className="num">
              Stale after
            </th>
            <th scope="col" className="num">
              Max gap chase
            </th>
            <th scope="col" className="num">
              Execution window
            </th>
            <th scope="col" className="num">
              Tranches
            </th>
          </tr>
        </thead>
        <tbody>
          {playbooks.map((p) => (
            <tr key={p.id} data-playbook={p.id}>
              <th scope="row" title={p.description}>
                <span className="st-pb-name">{p.name}</span>
                {p.id === defaultId && <span className="badge st-default">DEFAULT</span>}
                <span className="st-key">{p.id}</span>
                <span className="st-pb-desc">{p.description}</span>
              </th>
              <td>
                {p.allowedRegimes.map((r) => (
                  <span key={r} className="st-regime-chip">
                    {r.replaceAll('_', ' ')}
                  </span>
                ))}
              </td>
              <td className="num">{p.ttlMinutes} min</td>
              <td className="num">{p.staleMinutes} min</td>
              <td className="num">{p.gapChaseMaxPercent.toFixed(2)}%</td>
              <td className="num">{p.executionWindowHours} h</td>
              <td className="num">
                {p.tranches.count === 1 ? '1 (all at once)' : `${p.tranches.count} × ${p.tranches.intervalMinutes} min apart`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The engine's clock now (the regime is read when guardrails.config answers), or null before the clock is known. */
function engineNow(): number | null {
  const s = useKestrelStore.getState();
  return s.clock ? simNow(s.clock, s.clockReceivedAt, Date.now()) : null;
}

function RegimePanel({ info, readAt }: { info: Info; readAt: number | null }): ReactNode {
  const details = regimeDetails(info);
  const allowedBy = info.config.playbooks.filter((p) => p.allowedRegimes.includes(info.regime)).map((p) => p.name);
  return (
    <section className="st-panel st-regime" aria-labelledby="st-regime-h">
      <div className="st-panel-head">
        <h2 id="st-regime-h">Market regime</h2>
      </div>
      <div className="st-regime-now">
        <span className={`st-regime-label st-regime-${info.regime}`} data-testid="settings-regime">
          {info.regime.replaceAll('_', ' ')}
        </span>
        <span className="st-muted">
          from {details?.benchmark ?? "the benchmark's"} completed daily bars
          {details?.asOf ? ` to ${formatNyDateTime(details.asOf)} ET` : ''}
          {readAt !== null && ` · read ${formatNyDateTime(readAt)} ET`}
        </span>
      </div>
      <p className="st-note">Playbooks that trade in it: {allowedBy.length > 0 ? allowedBy.join(', ') : 'none — every card is blocked by the regime check'}.</p>
      {details && Object.keys(details.inputs).length > 0 ? (
        <table className="st-table st-kv" data-testid="regime-inputs">
          <tbody>
            {Object.entries(details.inputs).map(([k, v]) => (
              <tr key={k}>
                <th scope="row" className="st-key">
                  {k}
                </th>
                <td className="num">{formatInputValue(k, v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="st-note">The numbers behind the label appear in each card&apos;s guardrail explanation (Regime check inputs).</p>
      )}
    </section>
  );
}

function FilesPanel({ info }: { info: Info }): ReactNode {
  return (
    <section className="st-panel st-files" aria-labelledby="st-files-h">
      <div className="st-panel-head">
        <h2 id="st-files-h">Configuration files</h2>
      </div>
      <dl className="st-paths">
        <dt>Defaults (shipped, read-only)</dt>
        <dd>
          <code data-testid="defaults-path">{info.defaultsPath}</code>
        </dd>
        <dt>Override (yours)</dt>
        <dd>
          <code data-testid="override-path">{info.overridePath}</code>
        </dd>
      </dl>
      <p className="st-note">
        The override YAML is merged over the defaults (limits by key, playbooks by id) and can be edited by hand: the engine reloads it when the file is saved; Reload shows
        the result here. Save above writes the same file.
      </p>
    </section>
  );
}
