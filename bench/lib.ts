/** Small helpers for the benchmark harness: percentiles, result records, the report writer. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchResult {
  id: string;
  issue: number;
  title: string;
  unit: 'ms' | 'MB' | 'evals/s' | 'tokens';
  /** The measured figure (p99, median or total, as `stat` says). */
  value: number;
  stat: string;
  /** The issue's goal; lower is better unless `higherIsBetter`. */
  goal: number;
  /** The peer the issue names (a seed's target, a library), measured or stated. */
  peer: { name: string; value: number };
  higherIsBetter?: boolean;
  samples?: number;
  notes?: string;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** How many times better than `other` the measured value is (> 1 is better). */
export function ratio(r: BenchResult, other: number): number {
  return r.higherIsBetter ? r.value / other : other / r.value;
}

export function meetsGoal(r: BenchResult): boolean {
  return r.higherIsBetter ? r.value >= r.goal : r.value <= r.goal;
}

const fmt = (n: number, digits = 2): string =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(digits);

export function writeReport(dir: string, results: readonly BenchResult[], meta: Record<string, unknown>): string {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = { meta, results: results.map((r) => ({ ...r, goalRatio: ratio(r, r.goal), peerRatio: ratio(r, r.peer.value), meetsGoal: meetsGoal(r) })) };
  writeFileSync(join(dir, `bench-${stamp}.json`), JSON.stringify(json, null, 2));
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(json, null, 2));
  const lines = [
    `# Kestrel benchmarks`,
    '',
    `Run ${String(meta['date'])} on ${String(meta['cpus'])} × ${String(meta['cpu'])}, Node ${String(meta['node'])}.`,
    'Ratios are "times better than": above 1 beats the goal or the peer.',
    '',
    '| issue | benchmark | measured | goal | × goal | peer | × peer | |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| #${r.issue} | ${r.title} | ${fmt(r.value)} ${r.unit} (${r.stat}${r.samples ? `, n=${r.samples}` : ''}) | ${r.higherIsBetter ? '≥' : '≤'} ${fmt(r.goal)} ${r.unit} | ${fmt(ratio(r, r.goal))} | ${r.peer.name}: ${fmt(r.peer.value)} ${r.unit} | ${fmt(ratio(r, r.peer.value))} | ${meetsGoal(r) ? 'met' : '**missed**'} |`,
    ),
    '',
    ...results.filter((r) => r.notes).map((r) => `- ${r.title}: ${r.notes}`),
    '',
  ];
  const md = lines.join('\n');
  writeFileSync(join(dir, 'latest.md'), md);
  return md;
}
