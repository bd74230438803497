/** Read-only reports over the desk's records: the audit export and the pipeline funnel. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIPELINE_STAGES, type PipelineStage } from '../../../shared/contract';
import type { AuditRepo } from '../db/repositories/audit-repo';
import type { StoredCard } from '../db/repositories/trading-repo';

/** Writes the whole audit log, oldest first, as JSON lines or CSV; the last hash lets a reader check the copy. */
export function exportAuditFile(audit: AuditRepo, dir: string, now: number, format: 'jsonl' | 'csv'): { path: string; rows: number; lastHash: string; format: 'jsonl' | 'csv' } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `audit-${new Date(now).toISOString().replace(/[:.]/g, '-')}.${format}`);
  const lines: string[] = [];
  if (format === 'csv') lines.push('seq,t,actor,action,entity,entity_id,data_json,prev_hash,hash');
  const csv = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  let rows = 0;
  let lastHash = '';
  for (const e of audit.iterate()) {
    rows++;
    lastHash = e.hash;
    if (format === 'jsonl') lines.push(JSON.stringify(e));
    else lines.push([String(e.seq), String(e.t), csv(e.actor), csv(e.action), csv(e.entity), csv(e.entityId), csv(JSON.stringify(e.data)), e.prevHash, e.hash].join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, rows, lastHash, format };
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Cards per pipeline stage and the median time from each card's previous recorded stage (a manual card has no
 * ingest/feature/signal, so its guardrails stage follows its card stage), plus the count per status.
 */
export function pipelineFunnel(cards: readonly StoredCard[], from: number, to: number) {
  const stages = PIPELINE_STAGES.map((stage: PipelineStage, i) => {
    const reached = cards.filter((c) => c.stages[stage] !== null);
    const deltas: number[] = [];
    for (const c of reached) {
      for (let j = i - 1; j >= 0; j--) {
        const prev = c.stages[PIPELINE_STAGES[j]!];
        if (prev !== null) {
          deltas.push(c.stages[stage]! - prev);
          break;
        }
      }
    }
    deltas.sort((a, b) => a - b);
    return { stage, cards: reached.length, medianMs: median(deltas) };
  });
  const byStatus: Record<string, number> = {};
  for (const c of cards) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  return { from, to, stages, byStatus };
}
