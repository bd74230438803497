/**
 * The LLM trace of one call (`llm.call`): provider, model, tokens, latency, cost, attempts, outcome with its
 * reason, the data's as-of time, and the system prompt, the user prompt and the raw response in scrollable
 * monospace blocks. Opened from a segment proposal, an approval card raised by a segment, or the LLM usage
 * table. Esc or the close button closes; keys stay inside the dialog.
 */
import type { ReactNode } from 'react';
import type { LlmCallDetail } from '../../../../shared/contract/llm-schemas';
import { useEngine } from '../../engine/engine-context';
import { formatNyDateTime } from '../../lib/format';
import { formatLatency, formatUsd, llmOutcomeClass, llmOutcomeLabel } from '../../views/settings/llm-model';
import { FetchDialog } from '../ui/FetchDialog';
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
  return (
    <FetchDialog
      title="LLM trace"
      className="dialog-trace"
      testId="llm-trace"
      onClose={onClose}
      read={() => client.invoke('llm.call', { id: callId })}
      readKey={callId}
      what="the trace"
      loading={`Loading call ${callId}…`}
      notFound={`Call ${callId} was not found`}
    >
      {(call: LlmCallDetail) => <TraceContent call={call} />}
    </FetchDialog>
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
