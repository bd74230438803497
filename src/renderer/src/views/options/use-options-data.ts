/**
 * The options desk's engine reads, per window (local state, not the store: two chain windows may show two
 * symbols): expiries once per symbol, the chain polled every ~2 s and the analytics every ~10 s while the view
 * is mounted, and the OPTIONS_TRADING_ENABLED status every ~15 s. A poll never overlaps the previous one, and an answer
 * for a symbol or expiry the window has since left is dropped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import type { ChainAnalytics, OptionChain } from '../../../../shared/contract/options-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';

/** A fetched value with its error. */
export interface Fetched<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
}

export const CHAIN_POLL_MS = 2_000;
export const ANALYTICS_POLL_MS = 10_000;
export const STATUS_POLL_MS = 15_000;

/**
 * Calls `load` now and then every `intervalMs` (0 = once) while `key` stays the same; a new key clears the
 * data and starts over. Returns the latest answer and a `reload`.
 */
function usePolled<T>(key: string | null, load: () => Promise<T>, intervalMs: number): Fetched<T> & { reload(): void } {
  const [state, setState] = useState<Fetched<T> & { key: string | null }>({ data: null, error: null, loading: key !== null, key });
  const loadRef = useRef(load);
  loadRef.current = load;
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false, key });
      return;
    }
    let alive = true;
    let inFlight = false;
    setState((s) => (s.key === key ? { ...s, loading: true } : { data: null, error: null, loading: true, key }));
    const run = (): void => {
      if (inFlight) return;
      inFlight = true;
      loadRef.current().then(
        (data) => {
          inFlight = false;
          if (alive) setState({ data, error: null, loading: false, key });
        },
        (e: unknown) => {
          inFlight = false;
          // Keep the last good data on a failed poll; say what failed.
          if (alive) setState((s) => ({ data: s.key === key ? s.data : null, error: errorText(e), loading: false, key }));
        },
      );
    };
    run();
    const timer = intervalMs > 0 ? setInterval(run, intervalMs) : null;
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [key, intervalMs, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === key ? state : { data: null, error: null, loading: key !== null };
  return { data: current.data, error: current.error, loading: current.loading, reload };
}

/** The listed expiries of an underlying (and whether it is optionable at all). */
export function useExpiries(symbol: string | null): Fetched<Result<'options.expiries'>> {
  const client = useEngine();
  return usePolled(symbol, () => client.invoke('options.expiries', { underlying: symbol! }), 0);
}

/** The chain of one expiry, polled. */
export function useChain(symbol: string | null, expiry: string | null): Fetched<OptionChain> {
  const client = useEngine();
  const key = symbol && expiry ? `${symbol}|${expiry}` : null;
  return usePolled(key, () => client.invoke('options.chain', { underlying: symbol!, expiry: expiry! }), CHAIN_POLL_MS);
}

/** The chain analytics of one expiry, polled slowly (IV history and pain curve move little). */
export function useAnalytics(symbol: string | null, expiry: string | null): Fetched<ChainAnalytics> {
  const client = useEngine();
  const key = symbol && expiry ? `${symbol}|${expiry}` : null;
  return usePolled(key, () => client.invoke('options.analytics', { underlying: symbol!, expiry: expiry! }), ANALYTICS_POLL_MS);
}

/** OPTIONS_TRADING_ENABLED, re-read every 15 s (another window may turn it on); `set` changes it and re-reads. */
export function useOptionsStatus(): Fetched<Result<'options.status'>> & { set(enabled: boolean): Promise<void>; reload(): void } {
  const client = useEngine();
  const polled = usePolled('status', () => client.invoke('options.status', {}), STATUS_POLL_MS);
  const { reload } = polled;
  const set = useCallback(
    async (enabled: boolean) => {
      await client.invoke('options.setTradingEnabled', { enabled });
      reload();
    },
    [client, reload],
  );
  return { ...polled, set };
}
