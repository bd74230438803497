/** Daily universe snapshots, who entered and left, and manual sector overrides. */
import type { UniverseVerdict } from '../../../../shared/contract';
import type { SectorId } from '../../../../shared/sectors';
import type { Db } from '../open-database';

export interface UniverseRow extends UniverseVerdict {
  sector: SectorId | null;
}

export interface UniverseRepo {
  /** Replaces the snapshot of a session date and records entries and exits against the previous snapshot. */
  saveSnapshot(sessionDate: string, rows: readonly UniverseRow[]): { entered: string[]; left: string[] };
  latestDate(): string | null;
  snapshot(sessionDate: string): UniverseRow[];
  changes(sessionDate: string): { entered: string[]; left: string[] };
  overrides(): Map<string, SectorId>;
  setOverride(symbol: string, sector: SectorId | null, now: number): void;
}

export function createUniverseRepo(db: Db): UniverseRepo {
  const del = db.prepare('DELETE FROM universe_members WHERE session_date = ?');
  const ins = db.prepare(
    'INSERT INTO universe_members (session_date, symbol, included, tier, sector, reasons_json) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const prevDate = db.prepare<[string], { d: string | null }>(
    'SELECT MAX(session_date) AS d FROM universe_members WHERE session_date < ?',
  );
  const members = db.prepare<[string], { symbol: string }>(
    'SELECT symbol FROM universe_members WHERE session_date = ? AND included = 1',
  );
  const delChanges = db.prepare('DELETE FROM universe_changes WHERE session_date = ?');
  const insChange = db.prepare('INSERT INTO universe_changes (session_date, symbol, change) VALUES (?, ?, ?)');
  const latest = db.prepare<[], { d: string | null }>('SELECT MAX(session_date) AS d FROM universe_members');
  const snap = db.prepare<[string], { symbol: string; included: number; tier: 'micro' | 'small' | null; sector: SectorId | null; reasons_json: string }>(
    'SELECT symbol, included, tier, sector, reasons_json FROM universe_members WHERE session_date = ? ORDER BY symbol',
  );
  const changeRows = db.prepare<[string], { symbol: string; change: 'entered' | 'left' }>(
    'SELECT symbol, change FROM universe_changes WHERE session_date = ? ORDER BY symbol',
  );
  const overridesAll = db.prepare<[], { symbol: string; sector: SectorId }>('SELECT symbol, sector FROM classification_overrides');
  const overrideSet = db.prepare(
    'INSERT INTO classification_overrides (symbol, sector, updated_at) VALUES (?, ?, ?) ON CONFLICT(symbol) DO UPDATE SET sector = excluded.sector, updated_at = excluded.updated_at',
  );
  const overrideDel = db.prepare('DELETE FROM classification_overrides WHERE symbol = ?');
  const keepDays = db.prepare('DELETE FROM universe_members WHERE session_date < ?');

  const save = db.transaction((sessionDate: string, rows: readonly UniverseRow[]) => {
    const prev = prevDate.get(sessionDate)?.d ?? null;
    const before = new Set(prev ? members.all(prev).map((r) => r.symbol) : []);
    del.run(sessionDate);
    for (const r of rows) ins.run(sessionDate, r.symbol, r.included ? 1 : 0, r.tier, r.sector, JSON.stringify(r.reasons));
    const now = new Set(rows.filter((r) => r.included).map((r) => r.symbol));
    const entered = prev ? [...now].filter((s) => !before.has(s)).sort() : [];
    const left = prev ? [...before].filter((s) => !now.has(s)).sort() : [];
    delChanges.run(sessionDate);
    for (const s of entered) insChange.run(sessionDate, s, 'entered');
    for (const s of left) insChange.run(sessionDate, s, 'left');
    // Snapshots are a day's worth of rows each; keep about three months of them.
    const cutoff = new Date(Date.parse(`${sessionDate}T00:00:00Z`) - 92 * 86_400_000).toISOString().slice(0, 10);
    keepDays.run(cutoff);
    return { entered, left };
  });

  return {
    saveSnapshot: (d, rows) => save(d, rows),
    latestDate: () => latest.get()?.d ?? null,
    snapshot: (d) =>
      snap.all(d).map((r) => ({ symbol: r.symbol, included: r.included === 1, tier: r.tier, sector: r.sector, reasons: JSON.parse(r.reasons_json) as string[] })),
    changes(d) {
      const rows = changeRows.all(d);
      return { entered: rows.filter((r) => r.change === 'entered').map((r) => r.symbol), left: rows.filter((r) => r.change === 'left').map((r) => r.symbol) };
    },
    overrides: () => new Map(overridesAll.all().map((r) => [r.symbol, r.sector])),
    setOverride(symbol, sector, now) {
      if (sector === null) overrideDel.run(symbol);
      else overrideSet.run(symbol, sector, now);
    },
  };
}
