import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../index';
import { GENESIS_HASH, canonicalJson, createAuditRepo } from './audit-repo';

function fresh() {
  const db = openMemoryDatabase();
  return { db, audit: createAuditRepo(db) };
}

function fill(audit: ReturnType<typeof createAuditRepo>, n: number): void {
  for (let i = 1; i <= n; i++) audit.append({ t: 1_000 + i, actor: 'ws#1 approvals', action: 'card.approved', entity: 'card', entityId: `C-${i}`, data: { i, b: 2, a: 1 } });
}

describe('audit log', () => {
  it('chains each row to the previous one from the genesis hash', () => {
    const { audit } = fresh();
    fill(audit, 3);
    const rows = [...audit.iterate()];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    expect(rows[1]!.prevHash).toBe(rows[0]!.hash);
    expect(rows[2]!.prevHash).toBe(rows[1]!.hash);
    expect(audit.verify()).toEqual({ ok: true, rows: 3 });
  });

  it('is append-only: UPDATE and DELETE are refused by the database', () => {
    const { db, audit } = fresh();
    fill(audit, 2);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
  });

  it('names the first bad row when a row is edited or removed behind its back', () => {
    const { db, audit } = fresh();
    fill(audit, 5);
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    db.prepare('UPDATE audit_log SET data_json = ? WHERE seq = 3').run(canonicalJson({ i: 99 }));
    expect(audit.verify()).toMatchObject({ ok: false, firstBadRow: 3 });

    const second = fresh();
    fill(second.audit, 5);
    second.db.exec('DROP TRIGGER audit_log_no_delete;');
    second.db.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(second.audit.verify()).toMatchObject({ ok: false, firstBadRow: 5 });
  });

  it('hashes canonical JSON, so key order does not matter but values do', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
  });

  it('pages backwards and filters by entity', () => {
    const { audit } = fresh();
    fill(audit, 10);
    audit.append({ t: 2_000, actor: 'engine', action: 'trading.halted', entity: 'trading', entityId: 'desk', data: { reason: 'x' } });
    const page = audit.list({ limit: 4 });
    expect(page.total).toBe(11);
    expect(page.entries.map((e) => e.seq)).toEqual([11, 10, 9, 8]);
    expect(audit.list({ limit: 4, beforeSeq: 8 }).entries.map((e) => e.seq)).toEqual([7, 6, 5, 4]);
    expect(audit.list({ limit: 10, entity: 'trading' }).entries.map((e) => e.action)).toEqual(['trading.halted']);
  });
});
