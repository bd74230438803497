/**
 * A segment's recent proposals (segments.proposals), newest first: time, symbol, action, order, confidence,
 * analyst, and what became of it — carded (with a link to the card in the Approvals view), rejected or hold
 * with the reason — plus "Trace" opening the LLM call behind it.
 */
import { useState, type ReactNode } from 'react';
import type { SegmentProposal } from '../../../../shared/contract/segment-schemas';
import { LlmTraceDialog } from '../../components/llm-trace/LlmTraceDialog';
import { openApprovals } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import { sideClass } from '../approvals/trade-format';
import { analystLabel, formatAsOf, formatConfidence, proposalOrderText, proposalOutcomeLabel } from './segment-model';

/** Proposals listed before "show all". */
const SHOWN = 8;

/** The table. */
export function ProposalsTable({ segmentId, now }: { segmentId: string; now: number }): ReactNode {
  const fetched = useKestrelStore((s) => s.segmentProposals[segmentId]);
  const [traceId, setTraceId] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const proposals = fetched?.data ?? [];
  const rows = all ? proposals : proposals.slice(0, SHOWN);
  return (
    <section className="sg-section" aria-label="Recent proposals" data-testid="segment-proposals" data-count={proposals.length}>
      <h3 className="sg-h">
        Recent proposals <span className="muted num">{proposals.length}</span>
        {proposals.length > SHOWN && (
          <button type="button" className="link-btn sg-h-btn" onClick={() => setAll((a) => !a)} aria-expanded={all}>
            {all ? 'show fewer' : `all ${proposals.length}`}
          </button>
        )}
      </h3>
      {fetched?.error && (
        <p className="down sg-none" role="alert">
          Could not read the proposals: {fetched.error}
        </p>
      )}
      {proposals.length === 0 ? (
        !fetched?.error && <p className="muted sg-none">{fetched?.status === 'ready' ? 'No proposals yet. Run now to ask the analyst.' : 'Loading proposals…'}</p>
      ) : (
        <table className="sg-table sg-proposals">
          <thead>
            <tr>
              <th scope="col">Time (ET)</th>
              <th scope="col">Symbol</th>
              <th scope="col">Action</th>
              <th scope="col" className="num">
                Order
              </th>
              <th scope="col" className="num">
                Conf.
              </th>
              <th scope="col">Outcome</th>
              <th scope="col">
                <span className="sr-only">Links</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <ProposalRow key={p.id} p={p} now={now} onTrace={setTraceId} />
            ))}
          </tbody>
        </table>
      )}
      {traceId && <LlmTraceDialog callId={traceId} onClose={() => setTraceId(null)} />}
    </section>
  );
}

function ProposalRow({ p, now, onTrace }: { p: SegmentProposal; now: number; onTrace(id: string): void }): ReactNode {
  const actionClass = p.action === 'hold' ? 'sg-hold' : sideClass(p.action);
  return (
    <tr data-testid="proposal-row" data-proposal-id={p.id} data-outcome={p.outcome} data-symbol={p.symbol} data-card-id={p.cardId ?? ''} title={p.thesis}>
      <td className="num">{formatAsOf(p.createdAt, now).replace(' ET', '')}</td>
      <td className="sg-sym">{p.symbol}</td>
      <td>
        <span className={`badge ${actionClass}`}>{p.action.toUpperCase()}</span>
      </td>
      <td className="num">{proposalOrderText(p)}</td>
      <td className="num" title={`Confidence · ${analystLabel(p.analyst)}`}>
        {formatConfidence(p.confidence)}
        <span className="sg-analyst">{p.analyst === 'llm' ? 'LLM' : 'rules'}</span>
      </td>
      <td className="sg-outcome-td">
        <span className="sg-outcome-cell">
          <span className={`sg-pchip sg-p-${p.outcome}`} data-testid="proposal-outcome">
            {proposalOutcomeLabel(p.outcome)}
          </span>
          {p.reason && (
            <span className="sg-reason" title={p.reason}>
              {p.reason}
            </span>
          )}
        </span>
      </td>
      <td className="sg-links">
        {p.cardId && (
          <a
            href={`?view=approvals&card=${encodeURIComponent(p.cardId)}`}
            className="sg-link"
            data-testid="proposal-card-link"
            aria-label={`Open the ${p.symbol} card in the Approvals view`}
            onClick={(e) => {
              if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return; // a new tab: the browser's
              e.preventDefault();
              openApprovals(p.cardId!);
            }}
          >
            Card
          </a>
        )}
        {p.llmCallId && (
          <button type="button" className="link-btn" data-testid="proposal-trace" aria-label={`Open the LLM trace of the ${p.symbol} proposal`} onClick={() => onTrace(p.llmCallId!)}>
            Trace
          </button>
        )}
      </td>
    </tr>
  );
}
