/**
 * Schema migrations tracked by PRAGMA user_version: ordered TypeScript modules, the file backed up before the
 * first pending one, all pending ones in one transaction, and a clear refusal of a database newer than the code.
 */
import { copyFileSync, existsSync } from 'node:fs';
import type { Db } from './open-database';
import { MIGRATIONS, type Migration } from './migrations';

export class DatabaseFromFutureError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This database has schema version ${found}, but this build of Kestrel only knows versions up to ${supported}. ` +
        'It was written by a newer Kestrel: update Kestrel, or point it at another data directory.',
    );
    this.name = 'DatabaseFromFutureError';
  }
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
  backupPath: string | null;
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
}

/** Brings the database to the newest schema; `filePath` (null for :memory:) is where the backup is taken from. */
export function migrate(
  db: Db,
  filePath: string | null,
  now: () => number = Date.now,
  migrations: readonly Migration[] = MIGRATIONS,
): MigrateResult {
  const from = db.pragma('user_version', { simple: true }) as number;
  const head = latestVersion(migrations);
  if (from > head) throw new DatabaseFromFutureError(from, head);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [], backupPath: null };

  let backupPath: string | null = null;
  if (filePath && from > 0 && existsSync(filePath)) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    backupPath = `${filePath}.v${from}.${now()}.bak`;
    copyFileSync(filePath, backupPath);
  }
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${head}`);
  })();
  return { from, to: head, applied: pending.map((m) => `${m.version}-${m.name}`), backupPath };
}
