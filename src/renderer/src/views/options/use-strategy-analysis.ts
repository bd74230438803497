/**
 * Keeps a strategy's analysis in step with its legs and the what-if sliders: options.strategy.analyze is
 * called at most once per `delayMs` of quiet (debounced) and only the newest answer is kept, so dragging a
 * slider never floods the engine nor shows an older curve after a newer one.
 */
import { useEffect, useRef, useState } from 'react';
import type { Strategy, StrategyAnalysis, WhatIf } from '../../../../shared/contract/options-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';

export const ANALYZE_DEBOUNCE_MS = 250;

/** The latest analysis of `strategy` under `whatIf`. */
export function useStrategyAnalysis(strategy: Strategy | null, whatIf: WhatIf, delayMs = ANALYZE_DEBOUNCE_MS): { analysis: StrategyAnalysis | null; error: string | null; pending: boolean } {
  const client = useEngine();
  const [state, setState] = useState<{ analysis: StrategyAnalysis | null; error: string | null; pending: boolean }>({ analysis: null, error: null, pending: false });
  const seq = useRef(0);
  const whatIfKey = JSON.stringify(whatIf);
  useEffect(() => {
    const id = ++seq.current;
    if (!strategy) {
      setState({ analysis: null, error: null, pending: false });
      return;
    }
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      const w = JSON.parse(whatIfKey) as WhatIf;
      client.invoke('options.strategy.analyze', Object.keys(w).length > 0 ? { strategy, whatIf: w } : { strategy }).then(
        (analysis) => {
          if (id === seq.current) setState({ analysis, error: null, pending: false });
        },
        (e: unknown) => {
          if (id === seq.current) setState((s) => ({ analysis: s.analysis, error: errorText(e), pending: false }));
        },
      );
    }, delayMs);
    return () => clearTimeout(timer);
  }, [client, strategy, whatIfKey, delayMs]);
  return state;
}
