/**
 * Runs the ten guardrail checks on one gathered input and folds them into a GuardrailResult. The playbook rules
 * run first ("enforced before sizing"); every check runs even after a block, so the explain dialog shows them
 * all. A check that throws (a bug) becomes a blocking check naming the error: the guardrails fail closed.
 */
import type { GuardrailCheck, GuardrailResult, GuardrailSeverity } from '../../../../shared/contract';
import { CHECKS } from './checks';
import { worse } from './format';
import type { GuardrailInput } from './types';

export function evaluateChecks(input: GuardrailInput): GuardrailResult {
  const checks: GuardrailCheck[] = [];
  let severity: GuardrailSeverity = 'info';
  for (const { id, run } of CHECKS) {
    let c: GuardrailCheck;
    try {
      c = run(input);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      c = { check: id, passed: false, severity: 'block', value: null, limit: null, unit: '', message: `The ${id} check failed: ${message}.`, inputs: {} };
    }
    checks.push(c);
    severity = worse(severity, c.severity);
  }
  const price = input.quote?.last ?? null;
  return {
    passed: severity !== 'block',
    severity,
    evaluatedAt: input.now,
    phase: input.phase,
    checks,
    price,
    source: input.source,
    quoteAsOf: input.quote?.t ?? null,
    notional: price === null ? null : Math.round(input.intent.quantity * price * 100) / 100,
  };
}
