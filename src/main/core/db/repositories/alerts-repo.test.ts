import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../index';
import { createAlertsRepo, type AlertsRepo, type NewAlert } from './alerts-repo';

let db: Db;
let repo: AlertsRepo;
beforeEach(() => {
  db = openMemoryDatabase();
  repo = createAlertsRepo(db);
});
afterEach(() => db.close());

const alert = (symbol: string, t: number, sessionDate = '2026-03-16'): NewAlert => ({
  t,
  kind: 'significant_move',
  severity: 'warn',
  symbol,
  sector: 'technology',
  message: `${symbol} up 16.0%`,
  movePct: 16,
  price: 11.6,
  prevClose: 10,
  sessionDate,
});

describe('createAlertsRepo', () => {
  it('inserts once per (kind, symbol, session date)', () => {
    const a = repo.insert(alert('AAA', 100));
    expect(a).toEqual({
      id: a!.id,
      t: 100,
      kind: 'significant_move',
      severity: 'warn',
      symbol: 'AAA',
      sector: 'technology',
      message: 'AAA up 16.0%',
      movePct: 16,
      price: 11.6,
      prevClose: 10,
      acked: false,
    });
    expect(repo.insert(alert('AAA', 200))).toBeNull();
    expect(repo.insert(alert('AAA', 300, '2026-03-17'))).not.toBeNull();
    expect(repo.symbolsAlerted('significant_move', '2026-03-16')).toEqual(['AAA']);
  });

  it('lists newest first, filters unacknowledged and acknowledges once', () => {
    const a = repo.insert(alert('AAA', 100))!;
    const b = repo.insert(alert('BBB', 300))!;
    const c = repo.insert(alert('CCC', 200))!;
    expect(repo.list(10, false).map((x) => x.symbol)).toEqual(['BBB', 'CCC', 'AAA']);
    expect(repo.list(2, false).map((x) => x.symbol)).toEqual(['BBB', 'CCC']);
    expect(repo.ack(c.id, 1000)).toEqual({ ...c, acked: true });
    repo.ack(c.id, 2000);
    expect(db.prepare('SELECT acked_at FROM alerts WHERE id = ?').get(c.id)).toEqual({ acked_at: 1000 });
    expect(repo.list(10, true).map((x) => x.id)).toEqual([b.id, a.id]);
    expect(repo.ack(9999, 1)).toBeNull();
    expect(repo.get(a.id)).toEqual(a);
    expect(repo.get(9999)).toBeNull();
  });
});
