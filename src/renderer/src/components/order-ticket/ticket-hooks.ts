/**
 * The order ticket's engine hooks: the live quote (market.quote polled every second while open), the account's
 * equity and the playbooks (fetched once), and the guardrail preview — guardrails.evaluate called after the
 * trader stops typing, paced by ticket-model's debounce and token bucket, paused and retried after a 4029.
 */
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import { EngineError } from '../../../../shared/contract/rpc';
import type { Quote } from '../../../../shared/contract/schemas';
import type { GuardrailResult } from '../../../../shared/contract/trading-schemas';
import type { RendererEngineClient } from '../../engine/rpc-client';
import { errorText } from '../../lib/error-text';
import { PREVIEW_DEBOUNCE_MS, TokenBucket, intentKey, previewDelay, retryAfterMs, type EvaluateParams } from './ticket-model';

/** Poll period of the ticket's quote. */
export const QUOTE_POLL_MS = 1_000;

/** The latest quote of a symbol, polled while the symbol is set; error text when the engine refuses it. */
export function useLiveQuote(client: RendererEngineClient, symbol: string): { quote: Quote | null; error: string | null } {
  const [state, setState] = useState<{ symbol: string; quote: Quote | null; error: string | null }>({ symbol: '', quote: null, error: null });
  useEffect(() => {
    if (symbol === '') return;
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = (): void => {
      client.invoke('market.quote', { symbol }).then(
        (quote) => {
          if (!alive) return;
          setState({ symbol, quote, error: null });
          timer = setTimeout(poll, QUOTE_POLL_MS);
        },
        (e: unknown) => {
          if (!alive) return;
          const notFound = e instanceof EngineError && e.code === 4004;
          setState((s) => ({ symbol, quote: s.symbol === symbol ? s.quote : null, error: notFound ? `no quote for ${symbol}` : errorText(e) }));
          // A symbol the engine does not know is not retried every second; other failures are.
          if (!notFound) timer = setTimeout(poll, QUOTE_POLL_MS * 3);
        },
      );
    };
    poll();
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [client, symbol]);
  if (state.symbol !== symbol || symbol === '') return { quote: null, error: null };
  return { quote: state.quote, error: state.error };
}

type ConfigResult = Result<'guardrails.config'>;

/** The guardrail configuration (playbooks, default playbook, regime) and the account's equity, once per open. */
export function useTicketContext(client: RendererEngineClient): { config: ConfigResult | null; configError: string | null; equity: number | null } {
  const [config, setConfig] = useState<ConfigResult | null>(null);
  const [configError, setConfigError] = useState<string | null>(null);
  const [equity, setEquity] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    client.invoke('guardrails.config', {}).then(
      (r) => alive && setConfig(r),
      (e: unknown) => alive && setConfigError(errorText(e)),
    );
    // Equity is optional: the summary shows "% of equity" only when the account answers.
    client.invoke('account.get', {}).then(
      (a) => alive && setEquity(a.equity),
      () => undefined,
    );
    return () => {
      alive = false;
    };
  }, [client]);
  return { config, configError, equity };
}

/** What the preview shows. */
export interface PreviewState {
  result: GuardrailResult | null;
  /** The result is for an earlier version of the form. */
  stale: boolean;
  status: 'idle' | 'waiting' | 'evaluating' | 'paused' | 'error';
  /** Whole seconds until a rate-limit pause ends. */
  pausedSeconds: number;
  error: string | null;
}

/** The live guardrail preview of an intent (null: the form is not a valid order yet). */
export function useGuardrailPreview(client: RendererEngineClient, intent: EvaluateParams | null): PreviewState {
  const key = intent ? intentKey(intent) : null;
  const [state, setState] = useState<PreviewState>({ result: null, stale: false, status: 'idle', pausedSeconds: 0, error: null });
  const pacing = useRef<{ bucket: TokenBucket; pausedUntil: number; lastEditAt: number; doneKey: string | null; seq: number } | null>(null);
  pacing.current ??= { bucket: new TokenBucket(4, 20, Date.now()), pausedUntil: 0, lastEditAt: 0, doneKey: null, seq: 0 };
  const latest = useRef<{ key: string | null; intent: EvaluateParams | null }>({ key, intent });
  latest.current = { key, intent };

  useEffect(() => {
    const p = pacing.current!;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let countdown: ReturnType<typeof setInterval> | undefined;
    if (key === null) {
      setState((s) => ({ ...s, stale: s.result !== null, status: 'idle', error: null }));
      return;
    }
    if (key === p.doneKey) {
      setState((s) => ({ ...s, stale: false, status: 'idle' }));
      return;
    }
    p.lastEditAt = Date.now();
    setState((s) => ({ ...s, stale: s.result !== null, status: p.pausedUntil > Date.now() ? 'paused' : 'waiting', error: null }));

    const schedule = (): void => {
      const now = Date.now();
      const delay = previewDelay({ now, lastEditAt: p.lastEditAt, debounceMs: PREVIEW_DEBOUNCE_MS, bucketWaitMs: p.bucket.waitMs(now), pausedUntil: p.pausedUntil });
      timer = setTimeout(fire, delay);
    };
    const startCountdown = (): void => {
      clearInterval(countdown);
      const tick = (): void => {
        const left = Math.max(0, Math.ceil((p.pausedUntil - Date.now()) / 1000));
        setState((s) => ({ ...s, pausedSeconds: left }));
        if (left === 0) clearInterval(countdown);
      };
      tick();
      countdown = setInterval(tick, 1000);
    };
    const fire = (): void => {
      const now = Date.now();
      const req = latest.current;
      if (req.key !== key || req.intent === null) return;
      if (now < p.pausedUntil || !p.bucket.take(now)) {
        schedule();
        return;
      }
      const seq = ++p.seq;
      setState((s) => ({ ...s, status: 'evaluating' }));
      client.invoke('guardrails.evaluate', req.intent).then(
        (result) => {
          if (seq !== p.seq) return;
          p.doneKey = key;
          const current = latest.current.key === key;
          setState({ result, stale: !current, status: current ? 'idle' : 'waiting', pausedSeconds: 0, error: null });
        },
        (e: unknown) => {
          if (seq !== p.seq) return;
          if (e instanceof EngineError && e.code === 4029) {
            p.pausedUntil = Date.now() + retryAfterMs(e.data);
            setState((s) => ({ ...s, status: 'paused' }));
            startCountdown();
            schedule();
            return;
          }
          setState((s) => ({ ...s, status: 'error', error: errorText(e) }));
        },
      );
    };
    if (p.pausedUntil > Date.now()) startCountdown();
    schedule();
    return () => {
      clearTimeout(timer);
      clearInterval(countdown);
      // An answer to this version of the form is still welcome if it arrives: seq is only bumped by new calls.
    };
  }, [client, key]);
  return state;
}
