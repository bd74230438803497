/**
 * A segment's configuration editor (its segment_config row): risk parameters (fractions edited as
 * percentages), the prompt template and the cron schedule (New York time). Validated with the contract's schema
 * before Save; an engine refusal is placed on the field it names (or on the editor). Collapsed by default.
 */
import { useMemo, useState, type ReactNode } from 'react';
import type { SegmentSummary } from '../../../../shared/contract/segment-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { configureSegment } from './segment-commands';
import { RISK_PARAM_META, configurePatch, refusalProblems, riskInputText, type ConfigDrafts, type ConfigProblems } from './segment-model';

/** The editor. */
export function SegmentConfigEditor({ summary }: { summary: SegmentSummary }): ReactNode {
  const client = useEngine();
  const [open, setOpen] = useState(false);
  const [drafts, setDrafts] = useState<ConfigDrafts>({ risk: {} });
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string; problems: ConfigProblems } | null>(null);
  const { params, problems, changed } = useMemo(() => configurePatch(summary, drafts), [summary, drafts]);
  const shown: ConfigProblems = { ...(outcome?.ok === false ? outcome.problems : {}), ...problems };
  const id = summary.id;

  const save = async (): Promise<void> => {
    if (!params) return;
    setSaving(true);
    setOutcome(null);
    try {
      await configureSegment(client, params);
      setDrafts({ risk: {} });
      setOutcome({ ok: true, text: `Saved ${changed} change${changed === 1 ? '' : 's'} to segment_config.`, problems: {} });
    } catch (e) {
      setOutcome({ ok: false, text: `Refused: ${errorText(e)}`, problems: refusalProblems(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <details className="sg-config" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="segment-config">
      <summary className="sg-config-summary">Configure: risk parameters, prompt template, schedule</summary>
      {open && (
        <form
          className="sg-config-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
          noValidate
        >
          <fieldset className="fieldset-box sg-fieldset">
            <legend>Risk parameters</legend>
            <div className="sg-params">
              {RISK_PARAM_META.map((m) => {
                const inputId = `sg-${id}-${m.key}`;
                const text = drafts.risk[m.key] ?? riskInputText(m, summary.riskParameters[m.key]);
                const problem = shown[m.key];
                return (
                  <div key={m.key} className="sg-param">
                    <label htmlFor={inputId} title={m.description}>
                      {m.label}
                    </label>
                    <span className="sg-input-row">
                      <input
                        id={inputId}
                        className={`sg-input num ${problem ? 'sg-invalid' : ''}`}
                        value={text}
                        inputMode="decimal"
                        autoComplete="off"
                        spellCheck={false}
                        aria-invalid={problem ? true : undefined}
                        aria-describedby={problem ? `${inputId}-p` : undefined}
                        data-testid={`config-${m.key}`}
                        onChange={(e) => setDrafts((d) => ({ ...d, risk: { ...d.risk, [m.key]: e.target.value } }))}
                      />
                      <span className="sg-suffix">{m.suffix}</span>
                    </span>
                    {problem && (
                      <span id={`${inputId}-p`} className="sg-problem" role="alert">
                        {problem}
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          </fieldset>
          <div className="sg-param sg-param-wide">
            <label htmlFor={`sg-${id}-schedule`}>Schedule (cron, New York time, exchange days)</label>
            <input
              id={`sg-${id}-schedule`}
              className={`sg-input sg-mono ${shown.schedule ? 'sg-invalid' : ''}`}
              value={drafts.schedule ?? summary.schedule}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={shown.schedule ? true : undefined}
              data-testid="config-schedule"
              onChange={(e) => setDrafts((d) => ({ ...d, schedule: e.target.value }))}
            />
            {shown.schedule && (
              <span className="sg-problem" role="alert">
                {shown.schedule}
              </span>
            )}
          </div>
          <div className="sg-param sg-param-wide">
            <label htmlFor={`sg-${id}-prompt`}>Prompt template (market data is added as quoted blocks; instructions inside news are ignored)</label>
            <textarea
              id={`sg-${id}-prompt`}
              className={`sg-textarea sg-mono ${shown.promptTemplate ? 'sg-invalid' : ''}`}
              value={drafts.promptTemplate ?? summary.promptTemplate}
              rows={6}
              spellCheck={false}
              aria-invalid={shown.promptTemplate ? true : undefined}
              data-testid="config-prompt"
              onChange={(e) => setDrafts((d) => ({ ...d, promptTemplate: e.target.value }))}
            />
            {shown.promptTemplate && (
              <span className="sg-problem" role="alert">
                {shown.promptTemplate}
              </span>
            )}
          </div>
          <div className="sg-config-actions">
            {outcome && (
              <span className={outcome.ok ? 'sg-ok-text' : 'down'} role={outcome.ok ? 'status' : 'alert'} data-testid="config-outcome">
                {outcome.text}
              </span>
            )}
            <span className="sg-spacer" />
            <button
              type="button"
              className="btn"
              disabled={saving || (Object.keys(drafts.risk).length === 0 && drafts.schedule === undefined && drafts.promptTemplate === undefined)}
              onClick={() => {
                setDrafts({ risk: {} });
                setOutcome(null);
              }}
            >
              Discard edits
            </button>
            <button type="submit" className="btn btn-primary" disabled={saving || params === null} data-testid="config-save">
              {saving ? 'Saving…' : `Save${changed > 0 ? ` (${changed})` : ''}`}
            </button>
          </div>
        </form>
      )}
    </details>
  );
}
