export * from './open-database';
export * from './migrate';
export { MIGRATIONS, type Migration } from './migrations';
export * from './repositories';

import { migrate as migrateDb } from './migrate';
import { openDatabase as openDb, type Db as DbType } from './open-database';

/** A migrated in-memory database: unit tests and benchmarks of repositories. */
export function openMemoryDatabase(): DbType {
  const db = openDb({ path: ':memory:' });
  migrateDb(db, null);
  return db;
}
