import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../src/main/core/db/open-database';
import { DatabaseFromFutureError, latestVersion, migrate } from '../../src/main/core/db/migrate';
import { MIGRATIONS, type Migration } from '../../src/main/core/db/migrations';

const dirs: string[] = [];
function tempDb() {
  const dir = mkdtempSync(join(tmpdir(), 'kestrel-mig-'));
  dirs.push(dir);
  return { dir, path: join(dir, 'kestrel.db') };
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('migrations', () => {
  it('have unique, strictly increasing versions starting at 1', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    versions.forEach((v, i) => i > 0 && expect(v).toBeGreaterThan(versions[i - 1]!));
  });

  it('take an empty file from 0 to head, with WAL, foreign keys and synchronous=FULL', () => {
    const { path } = tempDb();
    const db = openDatabase({ path });
    const result = migrate(db, path);
    expect(result).toMatchObject({ from: 0, to: latestVersion(), backupPath: null });
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['daily_bars', 'instruments', 'intraday_bars', 'intraday_coverage', 'ingest_runs', 'quotes', 'settings']),
    );
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    closeDatabase(db);
  });

  it('is a no-op at head and backs the file up before migrating an older one', () => {
    const { dir, path } = tempDb();
    const db = openDatabase({ path });
    migrate(db, path);
    expect(migrate(db, path).applied).toEqual([]);
    db.prepare("INSERT INTO settings (key, value_json, updated_at) VALUES ('k', '1', 0)").run();
    const next: Migration = { version: latestVersion() + 1, name: 'test-column', up: (d) => d.exec('ALTER TABLE settings ADD COLUMN note TEXT') };
    const result = migrate(db, path, () => 123, [...MIGRATIONS, next]);
    expect(result.applied).toEqual([`${next.version}-test-column`]);
    expect(result.backupPath).toBe(`${path}.v${latestVersion()}.123.bak`);
    expect(readdirSync(dir)).toContain(`kestrel.db.v${latestVersion()}.123.bak`);
    const backup = openDatabase({ path: result.backupPath!, readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(backup.prepare('SELECT COUNT(*) AS n FROM settings').get()).toEqual({ n: 1 });
    backup.close();
    closeDatabase(db);
  });

  it('rolls back every pending migration when one fails', () => {
    const { path } = tempDb();
    const db = openDatabase({ path });
    const broken: Migration = { version: latestVersion() + 1, name: 'broken', up: (d) => d.exec('CREATE TABLE nope (; nonsense') };
    expect(() => migrate(db, path, Date.now, [...MIGRATIONS, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'instruments'").get()).toEqual({ n: 0 });
    closeDatabase(db);
  });

  it('refuses a database newer than the code with a clear message', () => {
    const { path } = tempDb();
    const db = openDatabase({ path });
    db.pragma(`user_version = ${latestVersion() + 5}`);
    expect(() => migrate(db, path)).toThrow(DatabaseFromFutureError);
    expect(() => migrate(db, path)).toThrow(/newer Kestrel/);
    closeDatabase(db);
  });
});
