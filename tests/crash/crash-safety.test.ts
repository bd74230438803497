/**
 * Crash safety of the trading desk: a real engine runs in a child process (tsx over src, no build needed) on one
 * temp data directory, creating and approving cards while the paper broker fills them; the test SIGKILLs it at
 * seeded random moments (mostly 50–800 ms into trading, a few while it is still starting and reconciling),
 * checks the database it left (read-only, before anything touches it again), and restarts it on the same files.
 *
 * After every kill: (a) no acknowledged or audited approval is lost, (b) no duplicate order on either side of the
 * wire and never more filled than ordered, (c) the audit hash chain is intact, (d) PRAGMA integrity_check is ok,
 * (e) positions and cash equal what the recorded fills say. After a final clean run: (f) every due order went to
 * the broker and every broker fill is recorded. Then the kill switch: halt, SIGKILL, restart later → still
 * halted, approvals answer 4003, due tranches wait; resume → they go out.
 *
 * CRASH_SEED=<n> reproduces a run's kill moments and choices.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RPC_ERROR } from '../../src/shared/contract';
import type { ChildConfig } from './engine-child';
import { auditChain, everywhere, openReadOnly, progress, rng, settled, snapshot, type Snapshot } from './invariants';

const ROOT = join(__dirname, '..', '..');
const CHILD = join(__dirname, 'engine-child.ts');
/** Friday 2026-11-20 10:00 New York: a regular session. */
const START = Date.parse('2026-11-20T10:00:00-05:00');
const SPEED = 10;
const OPENING_CENTS = 100_000 * 100;
const SEED = Number(process.env['CRASH_SEED'] ?? 20_261_120);
const KILLS = 12;
/** Trials (1-based) whose kill lands while the engine is still starting: migrating, ingesting, reconciling. */
const STARTUP_KILLS = new Set([3, 6, 9, 12]);

type Msg = { ev: string; [k: string]: any };

class Child {
  readonly messages: Msg[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly proc: ChildProcessByStdio<Writable, Readable, Readable>;
  private waiters: { pred: (m: Msg) => boolean; resolve: (m: Msg) => void }[] = [];
  private gone = false;

  constructor(cfg: ChildConfig) {
    // stdin stays open for the child's life: when this process dies, the pipe closes and the child exits too.
    this.proc = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(cfg)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      let m: Msg;
      try {
        m = JSON.parse(line) as Msg;
      } catch {
        return; // not ours (a library printing)
      }
      this.messages.push(m);
      for (const w of [...this.waiters]) {
        if (w.pred(m)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    });
    this.proc.stderr.on('data', (b: Buffer) => this.stderr.push(b.toString()));
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        this.gone = true;
        resolve({ code, signal });
      }),
    );
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** The first message (already received or to come) that matches; fails on timeout, on exit, or on 'fatal'. */
  waitFor(ev: string, timeoutMs: number): Promise<Msg> {
    const seen = this.messages.find((m) => m.ev === ev);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => reject(new Error(`${why} waiting for '${ev}'; stderr: ${this.stderr.join('').slice(-2000)}; fatal: ${this.messages.find((m) => m.ev === 'fatal')?.['message'] ?? '-'}`));
      const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      void this.exited.then(() => setTimeout(() => fail('the child exited'), 50));
      this.waiters.push({
        pred: (m) => m.ev === ev || m.ev === 'fatal',
        resolve: (m) => {
          clearTimeout(timer);
          if (m.ev === 'fatal') fail('the child failed');
          else resolve(m);
        },
      });
    });
  }

  async kill(): Promise<void> {
    if (!this.gone) this.proc.kill('SIGKILL');
    const { signal, code } = await this.exited;
    if (signal !== 'SIGKILL') throw new Error(`the child ended by itself before the kill (code ${code}): ${this.stderr.join('').slice(-2000)}`);
  }

  async finish(timeoutMs: number): Promise<void> {
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), timeoutMs);
    const { code } = await this.exited;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`the child exited with ${code}: ${this.stderr.join('').slice(-2000)} ${JSON.stringify(this.messages.find((m) => m.ev === 'fatal') ?? null)}`);
  }
}

/** What the restarts' reconciliations found, from the engine's log: live orders, fills recovered, orders to resubmit. */
function reconciles(dataDir: string): { runs: number; orders: number; fills: number; resubmitted: number } {
  const log = join(dataDir, 'logs', 'kestrel.log');
  const sum = { runs: 0, orders: 0, fills: 0, resubmitted: 0 };
  if (!existsSync(log)) return sum;
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.includes('reconciled open orders')) continue;
    const r = JSON.parse(line) as { orders: number; fills: number; resubmitted: number };
    sum.runs++;
    sum.orders += r.orders;
    sum.fills += r.fills;
    sum.resubmitted += r.resubmitted;
  }
  return sum;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
const live: Child[] = [];

afterAll(async () => {
  for (const c of live) await c.kill().catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('crash safety (SIGKILL at random moments, restart on the same data)', () => {
  it(`loses no approval, duplicates no order, keeps the audit chain and the books (seed ${SEED})`, { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kestrel-crash-'));
    dirs.push(dataDir);
    const dbPath = join(dataDir, 'kestrel.db');
    const random = rng(SEED);
    const acknowledged = new Set<string>();
    const config = (mode: ChildConfig['mode'], start: number, symbols: string[], extra: Partial<ChildConfig> = {}): ChildConfig => ({
      mode,
      dataDir,
      resourcesDir: join(ROOT, 'resources'),
      start,
      speed: SPEED,
      seed: SEED,
      symbols,
      ...extra,
    });
    const run = (cfg: ChildConfig): Child => {
      const c = new Child(cfg);
      live.push(c);
      return c;
    };
    let seen: Snapshot | null = null;
    /** Checks the file as it is now, and against what the previous inspection saw. */
    const inspect = (label: string, extra?: (db: ReturnType<typeof openReadOnly>) => void): void => {
      const db = openReadOnly(dbPath);
      try {
        expect(everywhere(db, acknowledged, OPENING_CENTS), label).toEqual([]);
        const now = snapshot(db);
        if (seen) expect(progress(seen, now), label).toEqual([]);
        seen = now;
        extra?.(db);
      } finally {
        db.close();
      }
    };

    let symbols: string[] = [];
    let start = START;
    let lastStartMs = 1_500;
    const stats = { kills: 0, startupKills: 0, approved: 0, refused: 0, created: 0 };
    const t0 = performance.now();
    for (let trial = 1; trial <= KILLS; trial++) {
      const duringStartup = STARTUP_KILLS.has(trial);
      const child = run(config('drive', start, symbols, { seed: SEED + trial }));
      const spawned = performance.now();
      let readyNow: number | null = null;
      let readyAt = spawned;
      if (duringStartup) {
        // Land somewhere in the first 90 % of a warm start (as long as the previous one took).
        await sleep((0.1 + 0.8 * random()) * lastStartMs);
        const ready = child.messages.find((m) => m.ev === 'ready');
        if (ready) [readyNow, readyAt] = [ready['now'] as number, performance.now()];
      } else {
        const ready = await child.waitFor('ready', 60_000);
        readyNow = ready['now'] as number;
        readyAt = performance.now();
        if (trial > 1) lastStartMs = readyAt - spawned;
        symbols = ready['symbols'] as string[];
        expect(ready['audit'], `audit.verify after restart ${trial}`).toMatchObject({ ok: true });
        expect(ready['status'].halted).toBe(false);
        await sleep(50 + random() * 750);
      }
      await child.kill();
      stats.kills++;
      if (child.messages.every((m) => m.ev !== 'ready')) stats.startupKills++;
      for (const m of child.messages) {
        if (m.ev === 'approved') acknowledged.add(m['id'] as string);
        if (m.ev === 'approved') stats.approved++;
        if (m.ev === 'refused') stats.refused++;
        if (m.ev === 'created') stats.created++;
        if (m.ev === 'error') throw new Error(`trial ${trial}: ${JSON.stringify(m)}`);
      }
      inspect(`after kill ${trial} (pid ${child.pid}, ${duringStartup ? 'during startup' : 'while trading'})`);
      // The next run starts where this one's simulated clock stopped.
      start = (readyNow ?? start) + Math.round((performance.now() - readyAt) * SPEED) + 1_000;
    }
    expect(symbols.length).toBeGreaterThan(5);
    // The trials did trade: approvals were acknowledged and filled before kills.
    expect(stats.approved).toBeGreaterThan(KILLS);
    expect(stats.startupKills).toBeGreaterThanOrEqual(1);

    // (f) A clean run reconciles with the broker and drains every due order.
    const settle = run(config('settle', start, symbols));
    const done = await settle.waitFor('settled', 60_000);
    await settle.finish(20_000);
    expect(done['due']).toBe(0);
    expect(done['audit']).toMatchObject({ ok: true });
    inspect('after the clean settle run', (db) => {
      expect(settled(db, done['now'] as number, false)).toEqual([]);
      const filled = db.prepare("SELECT COUNT(*) AS n FROM cards WHERE status IN ('filled', 'partially_filled')").get() as { n: number };
      expect(filled.n).toBeGreaterThan(0);
      expect(auditChain(db).rows).toBe((done['audit'] as { rows: number }).rows);
    });
    console.log(`crash trials: ${JSON.stringify(stats)}, ${acknowledged.size} approvals checked; reconciles ${JSON.stringify(reconciles(dataDir))}; ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // The kill switch survives a SIGKILL: halt with a multi-tranche card half-way, kill, restart later.
    const halter = run(config('halt', (done['now'] as number) + 1_000, symbols));
    const halted = await halter.waitFor('halted', 60_000);
    await sleep(50 + random() * 250);
    await halter.kill();
    for (const m of halter.messages) if (m.ev === 'approved') acknowledged.add(m['id'] as string);
    expect(halter.messages.filter((m) => m.ev === 'approved-while-halted')).toEqual([]);
    const refusedWhileHalted = halter.messages.filter((m) => m.ev === 'refused');
    expect(refusedWhileHalted.length).toBeGreaterThan(0);
    expect(refusedWhileHalted.every((m) => m['code'] === RPC_ERROR.forbidden)).toBe(true);
    inspect('after the kill while halted');
    const card = halted['card'] as string;

    // 16 simulated minutes later: tranche 2 (due +15 min) is due, tranche 3 (+30 min) not yet. Still halted, the
    // restarted engine must hold tranche 2 back; resumed, it sends it, once, and tranche 3 keeps waiting.
    const later = (halted['status'].since as number) + 16 * 60_000;
    const probe = run(config('probe', later, symbols, { resume: true, watchCard: card }));
    const probed = await probe.waitFor('probe', 60_000);
    const resumed = await probe.waitFor('resumed', 30_000);
    await probe.finish(20_000);
    expect(probed['status']).toMatchObject({ halted: true, reason: 'crash trial: halt before the kill' });
    expect(probed['approveCode']).toBe(RPC_ERROR.forbidden);
    const ids = [`${card}-t1`, `${card}-t2`, `${card}-t3`];
    expect(probed['watched'].orders.map((o: { clientOrderId: string }) => o.clientOrderId)).toEqual(ids);
    expect(probed['watched'].orders[1].dueAt).toBeLessThanOrEqual(probed['now'] as number);
    expect(probed['watched'].orders.slice(1).map((o: { status: string }) => o.status)).toEqual(['pending_submit', 'pending_submit']);
    expect(probed['watched'].atBroker).toEqual([ids[0]]);

    expect(resumed['status'].halted).toBe(false);
    expect(resumed['due']).toBe(0);
    expect(resumed['audit']).toMatchObject({ ok: true });
    expect(resumed['watched'].orders[1].status).not.toBe('pending_submit');
    expect(resumed['watched'].orders[2].status).toBe('pending_submit');
    expect(resumed['watched'].atBroker).toEqual(ids.slice(0, 2));
    inspect('after the resume', (db) => expect(settled(db, resumed['now'] as number, false)).toEqual([]));
  });
});
