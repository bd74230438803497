/**
 * Significant-move alerts (seed 004: a member of the universe moving ≥ 15 % from its previous close). Watches
 * every quote batch on the bus; raises one alert per symbol per session, stores it, emits 'alerts.raised' and
 * notifies the user. Runs on every batch (~2,600 quotes every 500 ms), so the per-quote path is arithmetic and
 * a Set lookup: the database is read once per session (to learn what was already alerted) and written only
 * when an alert is raised.
 */
import type { Alert } from '../../../shared/contract/sector-schemas';
import type { Quote } from '../../../shared/contract/schemas';
import { sectorInfo, type SectorId } from '../../../shared/sectors';
import type { AlertsRepo } from '../db/repositories/alerts-repo';
import type { EventBus } from '../events/bus';
import type { Notifier } from '../ports';

export const SIGNIFICANT_MOVE = 'significant_move' as const;
/** Sessions whose alerted symbols are kept in memory (older ones are dropped; quotes of them no longer arrive). */
const SESSIONS_KEPT = 4;

export interface MoveAlertsOptions {
  bus: EventBus;
  repo: AlertsRepo;
  notifier?: Notifier;
  /** The threshold in percent (15 by default in settings); read once per batch. ≤ 0 disables the alerts. */
  thresholdPct: () => number;
  /** True for members of the current universe. */
  isMember(symbol: string): boolean;
  sectorOf(symbol: string): SectorId | null;
  /** The session date (YYYY-MM-DD) a quote's instant belongs to. */
  sessionDate(t: number): string;
  /** Failures to store an alert (the batch carries on). Default: ignored. */
  onError?(error: unknown, quote: Quote): void;
}

export interface MoveAlerts {
  stop(): void;
}

/** The move of a quote from its previous close, percent, or null when there is no usable previous close. */
export function movePctOf(quote: Pick<Quote, 'last' | 'prevClose'>): number | null {
  if (!(quote.prevClose > 0) || !Number.isFinite(quote.last)) return null;
  return (quote.last / quote.prevClose - 1) * 100;
}

export function severityFor(movePct: number, thresholdPct: number): Alert['severity'] | null {
  const size = Math.abs(movePct);
  if (!(thresholdPct > 0) || size < thresholdPct) return null;
  return size >= 2 * thresholdPct ? 'critical' : 'warn';
}

const signed = (pct: number): string => `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(1)}%`;

export function createMoveAlerts(options: MoveAlertsOptions): MoveAlerts {
  const { bus, repo, notifier, thresholdPct, isMember, sectorOf, sessionDate } = options;
  const onError = options.onError ?? (() => undefined);
  /** session date → symbols already alerted on it (seeded from the repo the first time a session is seen). */
  const alerted = new Map<string, Set<string>>();

  function alertedOn(session: string): Set<string> {
    let set = alerted.get(session);
    if (!set) {
      set = new Set(repo.symbolsAlerted(SIGNIFICANT_MOVE, session));
      alerted.set(session, set);
      if (alerted.size > SESSIONS_KEPT) {
        const oldest = [...alerted.keys()].sort()[0]!;
        alerted.delete(oldest);
      }
    }
    return set;
  }

  function raise(quote: Quote, movePct: number, severity: Alert['severity'], session: string, seen: Set<string>): void {
    seen.add(quote.symbol);
    const sector = sectorOf(quote.symbol);
    const where = sector ? ` (${sectorInfo(sector).name})` : '';
    const message =
      `${quote.symbol} ${movePct >= 0 ? 'up' : 'down'} ${Math.abs(movePct).toFixed(1)}% from the previous close` +
      `${where}: ${quote.prevClose} → ${quote.last}`;
    let alert: Alert | null;
    try {
      alert = repo.insert({
        t: quote.t,
        kind: SIGNIFICANT_MOVE,
        severity,
        symbol: quote.symbol,
        sector,
        message,
        movePct: Math.round(movePct * 10_000) / 10_000,
        price: quote.last,
        prevClose: quote.prevClose,
        sessionDate: session,
      });
    } catch (error) {
      seen.delete(quote.symbol); // try again on a later batch
      onError(error, quote);
      return;
    }
    if (!alert) return; // already stored (by an earlier run of the engine)
    bus.emit('alerts.raised', alert);
    notifier?.notify({
      title: `${quote.symbol} ${signed(movePct)}`,
      body: message,
      severity,
      view: 'sectors',
      params: { symbol: quote.symbol },
    });
  }

  const off = bus.on('quotes.updated', (batch) => {
    const threshold = thresholdPct();
    if (!(threshold > 0) || !Number.isFinite(threshold)) return;
    for (const q of batch.quotes) {
      const move = movePctOf(q);
      if (move === null) continue;
      const severity = severityFor(move, threshold);
      if (severity === null || !isMember(q.symbol)) continue;
      const session = sessionDate(q.t);
      const seen = alertedOn(session);
      if (seen.has(q.symbol)) continue;
      raise(q, move, severity, session, seen);
    }
  });

  return {
    stop() {
      off();
      alerted.clear();
    },
  };
}
