/**
 * `npm run bench`: every benchmark, in one run on this machine, written to bench/results/ as JSON and Markdown.
 * Targets are ratios against named peers measured or stated in the same report, never timed unit tests.
 * `npm run bench -- ingest fanout` runs only the named ones.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { benchBarsOverWs, benchFanout, benchIngest, benchRss } from './foundation';
import { writeReport, type BenchResult } from './lib';
import { benchOptions, benchOptionsChainOverWs } from './options';
import { benchSectors } from './sectors';
import { benchTrading } from './trading';
import { benchSegments } from './segments';

const root = join(__dirname, '..');
const suites: Record<string, () => Promise<BenchResult | BenchResult[]>> = {
  ingest: benchIngest,
  bars: benchBarsOverWs,
  fanout: benchFanout,
  rss: () => benchRss(root),
  sectors: benchSectors,
  trading: benchTrading,
  options: benchOptions,
  'options-chain': benchOptionsChainOverWs,
  segments: benchSegments,
};

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const results: BenchResult[] = [];
  for (const [name, run] of Object.entries(suites)) {
    if (only.length > 0 && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    results.push(...[await run()].flat());
  }
  const md = writeReport(join(root, 'bench', 'results'), results, {
    date: new Date().toISOString(),
    node: process.versions.node,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
  });
  console.log(md);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
