import { describe, expect, it } from 'vitest';
import type { SegmentRunProgress } from '../../../shared/contract';
import { createProgressThrottle, RunAbort, runBounded, StepTimeout, SYNC_SLICE_MS, withLimit } from './context';

const update = (i: number, message = `step ${i}`): SegmentRunProgress => ({ jobId: 'j', segmentId: 's', stage: 'gather', progress: 0, message, done: false, outcome: null });

describe('createProgressThrottle', () => {
  it('lets at most 9 updates plus the final event through in any second, the latest update winning', async () => {
    let wall = 0;
    const sent: { t: number; p: SegmentRunProgress }[] = [];
    const throttle = createProgressThrottle({ emit: (p) => sent.push({ t: wall, p }), wall: () => wall });
    for (let i = 0; i < 1_000; i++) throttle.push(update(i, `${i} ${'x'.repeat(500)}`));
    expect(sent).toHaveLength(9);
    expect(sent.every((s) => s.p.message.length <= 160)).toBe(true);
    throttle.push({ ...update(1_000), stage: 'done', done: true, outcome: 'ok' }, true);
    expect(sent).toHaveLength(10);
    expect(sent.at(-1)!.p).toMatchObject({ done: true, outcome: 'ok' });
    // After the final event nothing more goes out, and no queued update surfaces later.
    throttle.push(update(2_000));
    wall = 5_000;
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toHaveLength(10);
  });

  it('sends the latest queued update once the window allows', async () => {
    let wall = 0;
    const sent: string[] = [];
    const throttle = createProgressThrottle({ emit: (p) => sent.push(p.message), wall: () => wall, windowMs: 50 });
    for (let i = 0; i < 20; i++) throttle.push(update(i));
    expect(sent).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4', 'step 5', 'step 6', 'step 7', 'step 8']);
    wall = 60;
    await new Promise((r) => setTimeout(r, 80));
    expect(sent.at(-1)).toBe('step 19');
    expect(sent).toHaveLength(10);
    throttle.close();
  });
});

describe('withLimit', () => {
  it('abandons a promise that never settles after the limit', async () => {
    const t0 = performance.now();
    let seen: AbortSignal | null = null;
    await expect(
      withLimit('hang', 30, new AbortController().signal, (signal) => {
        seen = signal;
        return new Promise<never>(() => undefined);
      }),
    ).rejects.toBeInstanceOf(StepTimeout);
    expect(performance.now() - t0).toBeLessThan(500);
    expect(seen!.aborted).toBe(true);
  });

  it('rejects with the parent abort reason, turns a synchronous throw into a rejection, and passes results through', async () => {
    const parent = new AbortController();
    const p = withLimit('wait', 10_000, parent.signal, () => new Promise<never>(() => undefined));
    parent.abort(new RunAbort('cancelled', 'disabled'));
    await expect(p).rejects.toMatchObject({ kind: 'cancelled', message: 'disabled' });
    await expect(
      withLimit('boom', 1_000, new AbortController().signal, () => {
        throw new Error('sync boom');
      }),
    ).rejects.toThrow('sync boom');
    await expect(withLimit('ok', 1_000, new AbortController().signal, () => 42)).resolves.toBe(42);
    await expect(withLimit('late', 1_000, parent.signal, () => 1)).rejects.toBeInstanceOf(RunAbort);
  });
});

describe('runBounded (the watchdog on synchronous segment code)', () => {
  const spin = (): never => {
    for (;;) {
      // a runaway loop: only the watchdog ends it
    }
  };
  it('returns what the call returns and lets its own errors through unchanged', () => {
    expect(runBounded('x', 100, () => 41 + 1)).toBe(42);
    class Mine extends Error {}
    expect(() => runBounded('x', 100, () => {
      throw new Mine('boom');
    })).toThrow(Mine);
  });
  it('cuts a synchronous loop at its limit with StepTimeout, and at most SYNC_SLICE_MS', () => {
    const t0 = performance.now();
    expect(() => runBounded('rules analyst', 60, spin)).toThrow(StepTimeout);
    expect(performance.now() - t0).toBeLessThan(60 + 1_500);
    try {
      runBounded('rules analyst', 60, spin);
    } catch (error) {
      expect((error as StepTimeout).message).toBe('rules analyst took longer than 60 ms');
    }
    // a limit above the slice is capped (checked without spinning for 2 s: the error reports the limit used)
    expect(SYNC_SLICE_MS).toBe(2_000);
  });
  it('nests: an inner spin is cut and caught while the outer call completes', () => {
    const out = runBounded('outer', 1_000, () => {
      try {
        runBounded('inner', 40, spin);
      } catch (error) {
        return (error as Error).message;
      }
      return 'not cut';
    });
    expect(out).toBe('inner took longer than 40 ms');
  });
  it('withLimit rejects (never throws) when the synchronous part of a step spins', async () => {
    const p = withLimit('gather', 50, new AbortController().signal, spin);
    await expect(p).rejects.toBeInstanceOf(StepTimeout);
  });
});
