/** The options repository on a migrated in-memory database: snapshots replace whole, history upserts, reads are ordered. */
import { describe, expect, it } from 'vitest';
import type { OptionChain, OptionQuote } from '../../../../shared/contract';
import { openMemoryDatabase } from '../index';
import { createOptionsRepo } from './options-repo';

const quote = (type: 'call' | 'put', strike: number, over: Partial<OptionQuote> = {}): OptionQuote => ({
  symbol: `ACME261218${type === 'call' ? 'C' : 'P'}${String(strike * 1000).padStart(8, '0')}`,
  underlying: 'ACME',
  expiry: '2026-12-18',
  strike,
  type,
  bid: 1,
  ask: 1.1,
  last: 1.05,
  mark: 1.05,
  iv: 0.6,
  delta: type === 'call' ? 0.5 : -0.5,
  gamma: 0.1,
  theta: -0.02,
  vega: 0.03,
  rho: 0.01,
  volume: 12,
  openInterest: 340,
  inTheMoney: type === 'call' ? strike < 11 : strike > 11,
  ...over,
});
const chain = (strikes: number[], asOf: number, spot = 11): OptionChain => ({
  underlying: 'ACME',
  spot,
  expiry: '2026-12-18',
  daysToExpiry: 27.3,
  rate: 0.045,
  dividendYield: 0,
  multiplier: 100,
  atmStrike: 11,
  rows: strikes.map((k) => ({ strike: k, call: quote('call', k), put: quote('put', k) })),
  source: 'simulator',
  asOf,
});

describe('options repo', () => {
  it('writes a snapshot and reads it back as the same chain', () => {
    const repo = createOptionsRepo(openMemoryDatabase());
    expect(repo.snapshotInfo('ACME', '2026-12-18')).toBeNull();
    expect(repo.readSnapshot('ACME', '2026-12-18')).toBeNull();
    const c = chain([12, 10, 11], 1_000);
    repo.writeSnapshot(c, '2026-11-18');
    expect(repo.snapshotInfo('ACME', '2026-12-18')).toEqual({ asOf: 1_000, spot: 11, sessionDate: '2026-11-18', source: 'simulator' });
    const back = repo.readSnapshot('ACME', '2026-12-18')!;
    expect(back.rows.map((r) => r.strike)).toEqual([10, 11, 12]);
    expect(back).toEqual({ ...c, rows: [...c.rows].sort((a, b) => a.strike - b.strike), sessionDate: '2026-11-18' });
  });
  it('a new snapshot replaces the old one whole (strikes that left the ladder go)', () => {
    const repo = createOptionsRepo(openMemoryDatabase());
    repo.writeSnapshot(chain([10, 11, 12], 1_000), '2026-11-18');
    repo.writeSnapshot(chain([11, 12], 2_000, 11.5), '2026-11-18');
    const back = repo.readSnapshot('ACME', '2026-12-18')!;
    expect(back.rows.map((r) => r.strike)).toEqual([11, 12]);
    expect(back.asOf).toBe(2_000);
    expect(back.spot).toBe(11.5);
  });
  it('IV history: upserts by date per source, reads a range in date order', () => {
    const repo = createOptionsRepo(openMemoryDatabase());
    repo.putIvHistory('ACME', 'simulator:1', [
      { date: '2026-11-17', iv: 0.5 },
      { date: '2026-11-16', iv: 0.4 },
    ]);
    repo.putIvHistory('ACME', 'simulator:1', [{ date: '2026-11-17', iv: 0.55 }]);
    repo.putIvHistory('ACME', 'simulator:2', [{ date: '2026-11-17', iv: 0.9 }]);
    expect(repo.ivHistory('ACME', 'simulator:1', '2026-01-01', '2026-12-31')).toEqual([
      { date: '2026-11-16', iv: 0.4 },
      { date: '2026-11-17', iv: 0.55 },
    ]);
    expect(repo.ivHistory('ACME', 'simulator:1', '2026-11-17', '2026-11-17')).toHaveLength(1);
  });
});
