/** Key/value settings stored as JSON. */
import type { Db } from '../open-database';

export interface SettingsRepo {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown, now: number): void;
}

export function createSettingsRepo(db: Db): SettingsRepo {
  const getStmt = db.prepare<[string], { value_json: string }>('SELECT value_json FROM settings WHERE key = ?');
  const setStmt = db.prepare(
    'INSERT INTO settings (key, value_json, updated_at) VALUES (?, ?, ?) ' +
      'ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json, updated_at = excluded.updated_at',
  );
  return {
    get<T>(key: string): T | undefined {
      const row = getStmt.get(key);
      return row ? (JSON.parse(row.value_json) as T) : undefined;
    },
    set(key, value, now) {
      setStmt.run(key, JSON.stringify(value), now);
    },
  };
}
