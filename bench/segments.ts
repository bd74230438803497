/**
 * Market-segment benchmarks (issue #5): a full run of both segments (Biotech 325 and Mining 216 members with seed
 * 42: gather → research → analyse → ground → propose into guardrailed cards) with the rules analyst, started over
 * the WebSocket API and timed to the last `segments.runProgress` done event, as the Segments view sees it; and the
 * same runs through a loopback OpenAI-compatible model (the tests' fake server speaking the real protocol), for the
 * latency the LLM path adds and the tokens a run spends against the default daily budget.
 */
import type { Harness, TestClient } from '../tests/integration/harness';
import { startHarness } from '../tests/integration/harness';
import { startFakeOpenAi } from '../tests/fakes/fake-openai-server';
import { percentile, type BenchResult } from './lib';

const ISSUE = 5;
const ROUNDS = 15;
const SEGMENTS = ['biotech', 'mining'] as const;

/** Runs both segments at once; resolves with the wall time until both report done, and their job ids. */
async function runBoth(c: TestClient): Promise<{ ms: number; jobs: string[]; outcomes: string[] }> {
  const t0 = performance.now();
  const started = await Promise.all(SEGMENTS.map((id) => c.call('segments.run', { id })));
  const jobs = started.map((r) => {
    if (r.error) throw new Error(`segments.run failed: ${r.error.message}`);
    return r.result.jobId as string;
  });
  const done = await Promise.all(jobs.map((jobId) => c.waitEvent('segments.runProgress', (d) => d.jobId === jobId && d.done === true, 30_000)));
  return { ms: performance.now() - t0, jobs, outcomes: done.map((d) => String(d.outcome)) };
}

async function settle(h: Harness): Promise<void> {
  // the start-up catch-up may have fired a scheduled run; measure from quiet
  await h.engine.segments.idle();
}

export async function benchSegments(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];

  // (i) rules analyst, no LLM configured
  {
    const h = await startHarness({ validateResults: false, logLevel: 'error', tickMs: 500, env: {} });
    try {
      const c = await h.client();
      await c.call('events.subscribe', { topics: ['segments.runProgress'] });
      await settle(h);
      const cold = await runBoth(c); // the first run fills the session's caches (bars, calendars, commodities)
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const r = await runBoth(c);
        if (r.outcomes.some((o) => o !== 'ok')) throw new Error(`a rules run did not end ok: ${r.outcomes.join(', ')}`);
        times.push(r.ms);
      }
      results.push({
        id: 'segments.rules-run',
        issue: ISSUE,
        title: 'full run of both segments (325 + 216 members), rules analyst, over WS',
        unit: 'ms',
        value: percentile(times, 50),
        stat: `median; p95 ${percentile(times, 95).toFixed(0)} ms; first (cold) run ${cold.ms.toFixed(0)} ms`,
        goal: 500,
        peer: { name: 'issue #5 target', value: 500 },
        samples: times.length,
        notes: 'segments.run × 2 sent together → both segments.runProgress done events; includes research of the shortlist, grounding and guardrailed cards (later rounds find their names already carded and record those proposals as refused)',
      });
    } finally {
      await h.close();
    }
  }

  // (ii) through an OpenAI-compatible model: the loopback fake answers at once, so this is Kestrel's own overhead
  {
    const fake = await startFakeOpenAi({ apiKey: 'sk-bench' });
    const h = await startHarness({
      validateResults: false,
      logLevel: 'error',
      tickMs: 500,
      env: { KESTREL_LLM_BASE_URL: fake.baseUrl, KESTREL_LLM_MODEL: 'fake-gpt', KESTREL_LLM_API_KEY: 'sk-bench' },
    });
    try {
      const c = await h.client();
      await c.call('events.subscribe', { topics: ['segments.runProgress'] });
      await settle(h);
      fake.setMode('good');
      const times: number[] = [];
      const tokens: number[] = [];
      const latencies: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        // a new as-of each round: every ask reaches the model (no cache hits)
        await h.engine.call('clock.set', { jumpTo: h.engine.clock.now() + 60_000 });
        const r = await runBoth(c);
        times.push(r.ms);
        const usage = await h.engine.call('llm.usage', { limit: 200 });
        const calls = usage.recent.filter((x) => x.jobId !== null && r.jobs.includes(x.jobId) && x.provider === 'openai-compatible');
        if (calls.length === 0) throw new Error('the LLM runs made no model call');
        tokens.push(calls.reduce((s, x) => s + x.promptTokens + x.completionTokens, 0));
        for (const x of calls) latencies.push(x.latencyMs);
      }
      const status = await h.engine.call('llm.status', {});
      results.push({
        id: 'segments.llm-run',
        issue: ISSUE,
        title: 'full run of both segments through an OpenAI-compatible model (loopback fake), over WS',
        unit: 'ms',
        value: percentile(times, 50),
        stat: `median; p95 ${percentile(times, 95).toFixed(0)} ms; model call p50 ${percentile(latencies, 50).toFixed(1)} ms`,
        goal: 500,
        peer: { name: 'issue #5 rules-run target', value: 500 },
        samples: times.length,
        notes: 'HTTP, structured-output parsing, grounding and cards; the fake answers at once, so a real model adds its own latency',
      });
      results.push({
        id: 'segments.llm-tokens',
        issue: ISSUE,
        title: 'tokens one run of both segments spends (prompt + completion, fake model)',
        unit: 'tokens',
        value: percentile(tokens, 50),
        stat: 'median',
        goal: Math.round(status.limits.dailyTokens / 20),
        peer: { name: 'default daily budget (× = runs it funds)', value: status.limits.dailyTokens },
        samples: tokens.length,
        notes: `goal: 20 runs a day within the default budget of ${status.limits.dailyTokens.toLocaleString('en-US')} tokens`,
      });
    } finally {
      await h.close();
      await fake.close();
    }
  }
  return results;
}
