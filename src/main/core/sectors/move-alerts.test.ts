import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../../shared/contract/sector-schemas';
import type { Quote } from '../../../shared/contract/schemas';
import { migrate, openDatabase, type Db } from '../db';
import { createAlertsRepo, type AlertsRepo } from '../db/repositories/alerts-repo';
import { createEventBus, type EventBus } from '../events/bus';
import { nyDate } from '../market/calendar';
import type { Notification } from '../ports';
import { createMoveAlerts, movePctOf, severityFor, type MoveAlerts } from './move-alerts';

const MON = Date.parse('2026-03-16T15:00:00Z'); // 11:00 New York
const TUE = Date.parse('2026-03-17T15:00:00Z');

function quote(symbol: string, last: number, prevClose: number, t: number): Quote {
  return {
    symbol,
    last,
    bid: last,
    ask: last,
    open: prevClose,
    high: Math.max(last, prevClose),
    low: Math.min(last, prevClose),
    prevClose,
    change: last - prevClose,
    changePct: (last / prevClose - 1) * 100,
    volume: 1000,
    t,
  };
}

let db: Db;
let repo: AlertsRepo;
let bus: EventBus;
let raised: Alert[];
let notes: Notification[];
let alerts: MoveAlerts;

function start(): MoveAlerts {
  return createMoveAlerts({
    bus,
    repo,
    notifier: { notify: (n) => void notes.push(n) },
    thresholdPct: () => 15,
    isMember: (s) => s !== 'OUTS',
    sectorOf: (s) => (s === 'LYRA' ? 'healthcare' : null),
    sessionDate: nyDate,
  });
}

const send = (quotes: Quote[], asOf = quotes[0]?.t ?? 0): void => bus.emit('quotes.updated', { source: 'test', asOf, quotes });

beforeEach(() => {
  db = openDatabase({ path: ':memory:' });
  migrate(db, null);
  repo = createAlertsRepo(db);
  bus = createEventBus((_topic, e) => {
    throw e;
  });
  raised = [];
  notes = [];
  bus.on('alerts.raised', (a) => void raised.push(a));
  alerts = start();
});
afterEach(() => {
  alerts.stop();
  db.close();
});

describe('createMoveAlerts', () => {
  it('raises one alert, one event and one notification when a member crosses 15 %', () => {
    send([quote('LYRA', 11.4, 10, MON), quote('CALM', 10.1, 10, MON)]);
    expect(raised).toEqual([]);
    send([quote('LYRA', 11.6, 10, MON + 1000), quote('CALM', 10.1, 10, MON + 1000)]);
    send([quote('LYRA', 12.0, 10, MON + 2000)]);
    send([quote('LYRA', 13.5, 10, MON + 3000)]); // even past 2× the threshold: once per session
    expect(raised).toHaveLength(1);
    const a = raised[0]!;
    expect(a).toMatchObject({
      kind: 'significant_move',
      severity: 'warn',
      symbol: 'LYRA',
      sector: 'healthcare',
      price: 11.6,
      prevClose: 10,
      acked: false,
      t: MON + 1000,
    });
    expect(a.movePct).toBeCloseTo(16, 6);
    expect(a.message).toContain('Healthcare');
    expect(repo.list(10, false)).toEqual([a]);
    expect(notes).toEqual([
      { title: 'LYRA +16.0%', body: a.message, severity: 'warn', view: 'sectors', params: { symbol: 'LYRA' } },
    ]);
  });

  it('raises again on the next session, critical at twice the threshold and for falls too', () => {
    send([quote('LYRA', 11.6, 10, MON)]);
    send([quote('LYRA', 6.5, 10, TUE), quote('DOWN', 8.4, 10, TUE)]);
    expect(raised.map((a) => [a.symbol, a.severity, nyDate(a.t)])).toEqual([
      ['LYRA', 'warn', '2026-03-16'],
      ['LYRA', 'critical', '2026-03-17'],
      ['DOWN', 'warn', '2026-03-17'],
    ]);
    expect(notes.map((n) => n.title)).toEqual(['LYRA +16.0%', 'LYRA −35.0%', 'DOWN −16.0%']);
  });

  it('ignores moves below the threshold, non-members and quotes without a previous close', () => {
    send([quote('CALM', 11.49, 10, MON), quote('OUTS', 20, 10, MON), quote('ZERO', 5, 0, MON)]);
    expect(raised).toEqual([]);
    expect(notes).toEqual([]);
    expect(repo.list(10, false)).toEqual([]);
  });

  it('does not alert again after a restart (seeded from the repo) and stops listening on stop()', () => {
    send([quote('LYRA', 11.6, 10, MON)]);
    alerts.stop();
    alerts = start();
    send([quote('LYRA', 12, 10, MON + 5000)]);
    expect(raised).toHaveLength(1);
    alerts.stop();
    send([quote('NEWS', 12, 10, MON + 6000)]);
    expect(raised).toHaveLength(1);
    expect(bus.listenerCount('quotes.updated')).toBe(0);
  });

  it('is cheap for a batch of 2,600 quotes', () => {
    const batch = Array.from({ length: 2600 }, (_, i) => quote(`S${i}`, 10 + (i % 7) * 0.1, 10, MON));
    send(batch);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++) send(batch);
    expect((performance.now() - t0) / 20).toBeLessThan(10);
  });
});

describe('helpers', () => {
  it('computes the move and its severity', () => {
    expect(movePctOf({ last: 11.5, prevClose: 10 })).toBeCloseTo(15, 9);
    expect(movePctOf({ last: 11.5, prevClose: 0 })).toBeNull();
    expect(severityFor(14.99, 15)).toBeNull();
    expect(severityFor(-15, 15)).toBe('warn');
    expect(severityFor(30, 15)).toBe('critical');
    expect(severityFor(30, 0)).toBeNull();
  });
});
