import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CatalystEventRecord } from '../../sectors/catalyst-kinds';
import { openMemoryDatabase, type Db } from '../index';
import { createCatalystsRepo, type CatalystsRepo } from './catalysts-repo';

let db: Db;
let repo: CatalystsRepo;
beforeEach(() => {
  db = openMemoryDatabase();
  repo = createCatalystsRepo(db);
});
afterEach(() => db.close());

const ev = (symbol: string, t: number, movePct: number, kind: CatalystEventRecord['kind'] = 'earnings'): CatalystEventRecord => ({
  symbol,
  t,
  kind,
  direction: movePct > 0 ? 1 : movePct < 0 ? -1 : 0,
  movePct,
  headline: `${symbol} news`,
});

describe('createCatalystsRepo', () => {
  it('inserts in one go, ignoring duplicates', () => {
    expect(repo.insertMany([ev('AAA', 100, 20), ev('AAA', 200, -10), ev('BBB', 150, 5)], 'simulator')).toBe(3);
    expect(repo.insertMany([ev('AAA', 100, 20), ev('AAA', 100, 20, 'offering')], 'simulator')).toBe(1);
    expect(repo.insertMany([], 'simulator')).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM catalysts').get()).toEqual({ n: 4 });
  });

  it('counts positive and negative catalysts per symbol in [fromT, toT)', () => {
    repo.insertMany([ev('AAA', 100, 20), ev('AAA', 200, -10), ev('AAA', 300, 30), ev('BBB', 150, 0), ev('CCC', 120, -8)], 's');
    expect(repo.counts(null, 100, 300)).toEqual(
      new Map([
        ['AAA', { positive: 1, negative: 1 }],
        ['CCC', { positive: 0, negative: 1 }],
      ]),
    );
    expect(repo.counts(['AAA'], 0, 1000)).toEqual(new Map([['AAA', { positive: 2, negative: 1 }]]));
    expect(repo.counts([], 0, 1000).size).toBe(0);
  });

  it('lists one symbol oldest first', () => {
    const events = [ev('AAA', 300, 30, 'contract_win'), ev('AAA', 100, 20), ev('BBB', 150, 5)];
    repo.insertMany(events, 's');
    expect(repo.list('AAA', 0, 1000)).toEqual([events[1], events[0]]);
    expect(repo.list('AAA', 101, 300)).toEqual([]);
  });
});
