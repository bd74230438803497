import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabaseFromFutureError, defaultStart } from '../../src/main/core';
import { openDatabase, closeDatabase } from '../../src/main/core/db/open-database';
import { latestVersion } from '../../src/main/core/db/migrate';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kestrel-eng-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const START = Date.parse('2026-11-20T11:00:00-05:00');

describe('engine lifecycle', () => {
  it('restarts on the same data directory without re-ingesting history, and serves the same data', async () => {
    const dataDir = tempDir();
    const first = createEngine({ host: 'test', dataDir, start: START, logLevel: 'warn' });
    await first.start();
    const bars1 = await first.call('market.bars', { symbol: 'XLK', timeframe: '1d' });
    const count1 = (await first.call('market.universe', { limit: 1 })).total;
    await first.stop();

    const second = createEngine({ host: 'test', dataDir, start: START, logLevel: 'warn' });
    const t0 = performance.now();
    await second.start();
    const restartMs = performance.now() - t0;
    const bars2 = await second.call('market.bars', { symbol: 'XLK', timeframe: '1d' });
    expect((await second.call('market.universe', { limit: 1 })).total).toBe(count1);
    expect(bars2.bars.slice(0, -1)).toEqual(bars1.bars.slice(0, -1));
    const db = openDatabase({ path: second.dbPath, readonly: true });
    const runs = db.prepare("SELECT inserted, updated, unchanged FROM ingest_runs WHERE kind = 'instruments' ORDER BY id").all();
    db.close();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({ inserted: 0, updated: 0 });
    await second.stop();
    expect(restartMs).toBeLessThan(20_000);
  });

  it('catches up daily history when started later on the same data', async () => {
    const dataDir = tempDir();
    const a = createEngine({ host: 'test', dataDir, start: START, logLevel: 'warn' });
    await a.start();
    await a.stop();
    const later = Date.parse('2026-11-24T10:00:00-05:00');
    const b = createEngine({ host: 'test', dataDir, start: later, logLevel: 'warn' });
    await b.start();
    const bars = (await b.call('market.bars', { symbol: 'IWM', timeframe: '1d', from: Date.parse('2026-11-19T00:00:00-05:00') })).bars;
    expect(bars.map((x) => new Date(x.t).toISOString().slice(0, 10))).toEqual(['2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24']);
    await b.stop();
  });

  it('builds history in-process when the history worker cannot run', async () => {
    const dataDir = tempDir();
    const engine = createEngine({ host: 'test', dataDir, start: START, logLevel: 'warn', historyWorkerScript: join(dataDir, 'missing-worker.js') });
    await engine.start();
    const bars = await engine.call('market.bars', { symbol: 'IWM', timeframe: '1d' });
    expect(bars.bars.length).toBeGreaterThanOrEqual(500);
    await engine.stop();
  });

  it('refuses a database written by a newer Kestrel and leaves it untouched', async () => {
    const dataDir = tempDir();
    const db = openDatabase({ path: join(dataDir, 'kestrel.db') });
    db.pragma(`user_version = ${latestVersion() + 1}`);
    closeDatabase(db);
    const engine = createEngine({ host: 'test', dataDir, start: START, logLevel: 'warn' });
    await expect(engine.start()).rejects.toBeInstanceOf(DatabaseFromFutureError);
    await engine.stop();
    const after = openDatabase({ path: join(dataDir, 'kestrel.db'), readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(latestVersion() + 1);
    after.close();
  });

  it('starts at now inside a session, else at the latest session start', () => {
    const inSession = Date.parse('2026-11-20T14:00:00-05:00');
    expect(defaultStart(inSession)).toBe(inSession);
    expect(defaultStart(Date.parse('2026-11-21T12:00:00-05:00'))).toBe(Date.parse('2026-11-20T04:00:00-05:00'));
    expect(defaultStart(Date.parse('2026-11-26T12:00:00-05:00'))).toBe(Date.parse('2026-11-25T04:00:00-05:00'));
  });
});
