/**
 * "Trace" on a trade card a segment raised: finds the card's proposal (`segments.proposals({cardId})`) and
 * opens the LLM call behind it (or the rules analyst's record). The lookup runs on click, not per card shown.
 */
import { useState, type ReactNode } from 'react';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { LlmTraceDialog } from './LlmTraceDialog';

/** The button and, once resolved, the dialog. */
export function CardTraceButton({ cardId, symbol }: { cardId: string; symbol: string }): ReactNode {
  const client = useEngine();
  const [callId, setCallId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const open = async (): Promise<void> => {
    setProblem(null);
    setBusy(true);
    try {
      const { proposals } = await client.invoke('segments.proposals', { cardId, limit: 1 });
      const id = proposals[0]?.llmCallId ?? null;
      if (id === null) setProblem(proposals.length === 0 ? 'no segment proposal behind this card' : 'no LLM call recorded for this proposal');
      else setCallId(id);
    } catch (e) {
      setProblem(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        className="link-btn aq-why"
        aria-label={`Open the LLM trace behind the ${symbol} card`}
        title="The prompt, model, tokens, cost and raw answer behind this card"
        disabled={busy}
        onMouseDown={(e) => e.stopPropagation()}
        onClick={() => void open()}
        data-testid="card-trace"
      >
        {busy ? 'Trace…' : 'Trace'}
      </button>
      {problem && (
        <span className="muted" role="status">
          Trace: {problem}
        </span>
      )}
      {callId && <LlmTraceDialog callId={callId} onClose={() => setCallId(null)} />}
    </>
  );
}
