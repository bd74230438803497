/**
 * One chip per guardrail check of a result, coloured by outcome (pass green-grey, warning amber, blocked red),
 * each a button whose accessible name is "<Label>: <passed|warning|blocked> — <message>" and whose tooltip is
 * the message; clicking (or Enter/Space) calls onOpen(check), usually to open the ExplainDialog at that check.
 * Compact mode shows only the warning and blocked chips plus a "+N ok" chip for the rest.
 */
import type { ReactNode } from 'react';
import type { GuardrailCheck, GuardrailCheckId, GuardrailResult } from '../../../../shared/contract/trading-schemas';
import { CHECK_LABELS, checkStatus, chipAriaLabel } from './guardrail-format';
import './guardrails.css';

/** Props of GuardrailChips (fixed: mounted by the approvals and portfolio views). */
export interface GuardrailChipsProps {
  result: GuardrailResult;
  onOpen?(check: GuardrailCheckId): void;
  compact?: boolean;
}

/** The chip row of a guardrail result. */
export function GuardrailChips(props: GuardrailChipsProps): ReactNode {
  const { result, onOpen, compact } = props;
  const flagged = result.checks.filter((c) => checkStatus(c) !== 'passed');
  const ok = result.checks.filter((c) => checkStatus(c) === 'passed');
  const shown = compact ? flagged : result.checks;
  return (
    <span className={`gr-chips${compact ? ' gr-chips-compact' : ''}`} role="group" aria-label="Guardrail checks" data-testid="guardrail-chips" data-severity={result.severity}>
      {shown.map((c) => (
        <Chip key={c.check} check={c} onOpen={onOpen} />
      ))}
      {compact && ok.length > 0 && (
        <button
          type="button"
          className="gr-chip gr-chip-ok-count"
          data-testid="guardrail-chip-ok"
          title={ok.map((c) => `${CHECK_LABELS[c.check]}: ${c.message}`).join('\n')}
          aria-label={`${ok.length} ${ok.length === 1 ? 'check' : 'checks'} passed: ${ok.map((c) => CHECK_LABELS[c.check]).join(', ')}`}
          onClick={onOpen ? () => onOpen(ok[0]!.check) : undefined}
        >
          +{ok.length} ok
        </button>
      )}
      {result.checks.length === 0 && <span className="gr-chips-empty">no checks</span>}
    </span>
  );
}

function Chip({ check, onOpen }: { check: GuardrailCheck; onOpen: ((check: GuardrailCheckId) => void) | undefined }): ReactNode {
  const status = checkStatus(check);
  return (
    <button
      type="button"
      className={`gr-chip gr-${status}`}
      data-testid="guardrail-chip"
      data-check={check.check}
      data-status={status}
      title={check.message}
      aria-label={chipAriaLabel(check)}
      onClick={onOpen ? () => onOpen(check.check) : undefined}
    >
      <span className="gr-dot" aria-hidden="true" />
      {CHECK_LABELS[check.check] ?? check.check}
    </button>
  );
}
