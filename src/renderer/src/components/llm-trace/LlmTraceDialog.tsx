/**
 * The LLM trace of one call (`llm.call`): provider, model, tokens, latency, cost, attempts, outcome with its
 * reason, the data's as-of time, and the system prompt, the user prompt and the raw response in scrollable
 * monospace blocks. Opened from a segment proposal, an approval card raised by a segment, or the LLM usage
 * table. Esc or the close button closes; keys stay inside the dialog.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { LlmCallDetail } from '../../../../shared/contract/llm-schemas';
import { EngineError } from '../../../../shared/contract/rpc';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatNyDateTime } from '../../lib/format';
import { formatLatency, formatUsd, llmOutcomeClass, llmOutcomeLabel } from '../../views/settings/llm-model';
import { useDialogKeys, useEscape } from '../guardrails/use-escape';
import { Dialog } from '../ui/Dialog';
import { prettyResponse, tokensText, usableOutcome } from './trace-format';
import './llm-trace.css';

/** Props of LlmTraceDialog. */
export interface LlmTraceDialogProps {
  callId: string;
  onClose(): void;
}

/** The trace dialog. */
export function LlmTraceDialog({ callId, onClose }: LlmTraceDialogProps): ReactNode {
  const client = useEngine();
  const [call, setCall] = useState<LlmCallDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  useEscape(onClose);
  useDialogKeys(bodyRef);

  useEffect(() => {
    let alive = true;
    setError(null);
    client.invoke('llm.call', { id: callId }).then(
      (r) => {
        if (alive) setCall(r);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(e instanceof EngineError && e.code === 4004 ? `Call ${callId} was not found (code 4004).` : errorText(e));
      },
    );
    return () => {
      alive = false;
    };
  }, [client, callId, attempt]);

  return (
    <Dialog title="LLM trace" onClose={onClose} className="dialog-trace" testId="llm-trace">
      <div className="lt-body" ref={bodyRef}>
        {error && (
          <div className="banner banner-error lt-banner" role="alert">
            Could not load the trace: {error}{' '}
            <button type="button" className="link-btn" onClick={() => setAttempt((a) => a + 1)}>
              Retry
            </button>
          </div>
        )}
        {!call && !error && (
          <p className="lt-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            Loading call {callId}…
          </p>
        )}
        {call && <TraceContent call={call} />}
      </div>
    </Dialog>
  );
}

function TraceContent({ call }: { call: LlmCallDetail }): ReactNode {
  const response = prettyResponse(call.response);
  return (
    <>
      <dl className="lt-facts" data-testid="llm-trace-facts" data-outcome={call.outcome} data-provider={call.provider}>
        <Fact k="Outcome">
          <span className={`lt-outcome ${llmOutcomeClass(call.outcome)}`} data-testid="llm-trace-outcome">
            {llmOutcomeLabel(call.outcome)}
          </span>
          {!usableOutcome(call.outcome) && <span className="lt-note"> · no card from this answer</span>}
        </Fact>
        <Fact k="Provider">{call.provider === 'rules' ? 'rules analyst' : 'OpenAI-compatible'}</Fact>
        <Fact k="Model">
          <code>{call.model}</code>
        </Fact>
        <Fact k="Purpose">
          {call.purpose}
          {call.segmentId ? ` · ${call.segmentId}` : ''}
          {call.symbol ? ` · ${call.symbol}` : ''}
        </Fact>
        <Fact k="Tokens">
          <span className="num">{tokensText(call)}</span>
        </Fact>
        <Fact k="Latency">
          <span className="num">{formatLatency(call.latencyMs)}</span>
          {call.attempts > 1 ? ` · ${call.attempts} attempts` : ''}
        </Fact>
        <Fact k="Cost">
          <span className="num">{formatUsd(call.costUsd)}</span>
        </Fact>
        <Fact k="Called">{formatNyDateTime(call.t)} ET</Fact>
        <Fact k="Data as of">{formatNyDateTime(call.asOf)} ET</Fact>
        <Fact k="Call" wide>
          <code>{call.id}</code>
          {call.jobId ? (
            <>
              {' '}
              · run <code>{call.jobId}</code>
            </>
          ) : null}
        </Fact>
      </dl>
      {call.reason && (
        <p className={`lt-reason ${llmOutcomeClass(call.outcome)}`} data-testid="llm-trace-reason">
          <strong>Reason:</strong> {call.reason}
        </p>
      )}
      <Block title="System prompt" text={call.system} testId="llm-trace-system" />
      <Block title="User prompt" text={call.user} testId="llm-trace-user" note="News and filings are quoted as data; instructions inside them are ignored." />
      <Block
        title={response.json ? 'Raw response (JSON, indented)' : 'Raw response'}
        text={response.text}
        testId="llm-trace-response"
        empty="Nothing came back (timeout, HTTP error or budget refusal)."
      />
    </>
  );
}

function Fact({ k, children, wide }: { k: string; children: ReactNode; wide?: boolean }): ReactNode {
  return (
    <div className={`lt-fact${wide ? ' lt-fact-wide' : ''}`}>
      <dt>{k}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Block({ title, text, testId, note, empty }: { title: string; text: string | null; testId: string; note?: string; empty?: string }): ReactNode {
  return (
    <section className="lt-block" aria-label={title}>
      <h3 className="lt-h">
        {title}
        {text !== null && <span className="lt-len num"> · {text.length.toLocaleString('en-US')} chars</span>}
        {note && <span className="lt-note"> · {note}</span>}
      </h3>
      {text === null ? (
        <p className="lt-empty" data-testid={testId}>
          {empty ?? 'Not recorded.'}
        </p>
      ) : (
        <pre className="lt-pre" data-testid={testId} tabIndex={0}>
          {text}
        </pre>
      )}
    </section>
  );
}
