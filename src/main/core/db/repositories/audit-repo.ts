/**
 * The audit log (table audit_log): append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each row
 * holds the previous row's hash and its own: sha256 over the previous hash and the row's canonical JSON, so
 * editing, deleting or reordering any row breaks every hash after it, and verify() names the first bad row.
 *
 * append() takes part in the caller's transaction: the entry commits or rolls back with the state change it
 * records (safety rule 4).
 */
import { createHash } from 'node:crypto';
import type { AuditEntry } from '../../../../shared/contract/trading-schemas';
import type { Db } from '../open-database';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewAuditEntry {
  t: number;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  data: unknown;
}

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  firstBadRow?: number;
  reason?: string;
}

export interface AuditRepo {
  append(entry: NewAuditEntry): AuditEntry;
  /** Newest first; `beforeSeq` pages backwards. */
  list(q: { beforeSeq?: number | undefined; entity?: string | undefined; entityId?: string | undefined; limit: number }): { total: number; entries: AuditEntry[] };
  /** Walks the whole chain in order. */
  verify(): AuditVerdict;
  /** Every row, oldest first (exports). */
  iterate(): IterableIterator<AuditEntry>;
  last(): { seq: number; hash: string } | null;
}

interface AuditRow {
  seq: number;
  t: number;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  data_json: string;
  prev_hash: string;
  hash: string;
}

/** JSON with object keys sorted, so the hash does not depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function auditHash(prevHash: string, row: { seq: number; t: number; actor: string; action: string; entity: string; entityId: string; dataJson: string }): string {
  const body = canonicalJson({ seq: row.seq, t: row.t, actor: row.actor, action: row.action, entity: row.entity, entityId: row.entityId, data: row.dataJson });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    t: row.t,
    actor: row.actor,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    data: JSON.parse(row.data_json) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export function createAuditRepo(db: Db): AuditRepo {
  const lastStmt = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(
    'INSERT INTO audit_log (seq, t, actor, action, entity, entity_id, data_json, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const allStmt = db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq');

  return {
    append(entry) {
      const last = lastStmt.get();
      const seq = (last?.seq ?? 0) + 1;
      const prevHash = last?.hash ?? GENESIS_HASH;
      const dataJson = canonicalJson(entry.data ?? null);
      const hash = auditHash(prevHash, { seq, t: entry.t, actor: entry.actor, action: entry.action, entity: entry.entity, entityId: entry.entityId, dataJson });
      insertStmt.run(seq, entry.t, entry.actor, entry.action, entry.entity, entry.entityId, dataJson, prevHash, hash);
      return { seq, t: entry.t, actor: entry.actor, action: entry.action, entity: entry.entity, entityId: entry.entityId, data: JSON.parse(dataJson) as unknown, prevHash, hash };
    },
    list(q) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (q.entity !== undefined) {
        where.push('entity = ?');
        args.push(q.entity);
      }
      if (q.entityId !== undefined) {
        where.push('entity_id = ?');
        args.push(q.entityId);
      }
      const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM audit_log ${filter}`).get(...args) as { n: number }).n;
      const page = q.beforeSeq !== undefined ? `${filter ? `${filter} AND` : 'WHERE'} seq < ?` : filter;
      const rows = db
        .prepare(`SELECT * FROM audit_log ${page} ORDER BY seq DESC LIMIT ?`)
        .all(...args, ...(q.beforeSeq !== undefined ? [q.beforeSeq] : []), q.limit) as AuditRow[];
      return { total, entries: rows.map(toEntry) };
    },
    verify() {
      let prev = GENESIS_HASH;
      let expectedSeq = 1;
      let rows = 0;
      for (const row of allStmt.iterate()) {
        rows++;
        if (row.seq !== expectedSeq) return { ok: false, rows, firstBadRow: row.seq, reason: `row ${expectedSeq} is missing` };
        if (row.prev_hash !== prev) return { ok: false, rows, firstBadRow: row.seq, reason: 'prev_hash does not match the previous row' };
        const hash = auditHash(prev, { seq: row.seq, t: row.t, actor: row.actor, action: row.action, entity: row.entity, entityId: row.entity_id, dataJson: row.data_json });
        if (hash !== row.hash) return { ok: false, rows, firstBadRow: row.seq, reason: 'hash does not match the row' };
        prev = row.hash;
        expectedSeq++;
      }
      return { ok: true, rows };
    },
    *iterate() {
      for (const row of allStmt.iterate()) yield toEntry(row);
    },
    last() {
      return lastStmt.get() ?? null;
    },
  };
}
