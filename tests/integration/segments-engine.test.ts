/**
 * Issue #5 end to end over the real engine and WebSocket API: both segments run side by side and propose grounded,
 * explained cards into the approval queue — with the rules analyst (no LLM) and through the loopback fake
 * OpenAI-compatible server — and a lying or broken model ends in a rejected or fallback proposal with its reason,
 * never in an order. A human approval then tags the fill, the position and the LLM cost with the segment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeMode, type FakeOpenAi } from '../fakes/fake-openai-server';
import { startHarness, type Harness, type TestClient } from './harness';

const TOPICS = ['segments.runProgress', 'segments.statusChanged', 'llm.callCompleted', 'cards.changed'];

async function runToEnd(c: TestClient, id: string): Promise<{ jobId: string; outcome: string }> {
  const r = await c.call('segments.run', { id });
  expect(r.error).toBeUndefined();
  const jobId = r.result.jobId as string;
  const done = await c.waitEvent('segments.runProgress', (d) => d.jobId === jobId && d.done === true, 20_000);
  return { jobId, outcome: done.outcome };
}

describe('segments over the engine with the rules analyst (no LLM configured)', () => {
  let h: Harness;
  let c: TestClient;
  beforeAll(async () => {
    h = await startHarness({ env: {} });
    c = await h.client();
    await c.call('events.subscribe', { topics: TOPICS });
  }, 60_000);
  afterAll(async () => h.close());

  it('lists both segments running with seed 000 risk parameters and their next scheduled runs', async () => {
    const r = await c.call('segments.list', {});
    const byId = Object.fromEntries(r.result.segments.map((s: any) => [s.id, s]));
    expect(byId.biotech).toMatchObject({ enabled: true, state: 'running', riskParameters: { maxPositionSize: 0.2, maxDrawdown: 0.15, stopLossMultiplier: 2 } });
    expect(byId.mining).toMatchObject({ enabled: true, state: 'running', riskParameters: { maxPositionSize: 0.25, maxDrawdown: 0.2, stopLossMultiplier: 2.5 } });
    for (const s of Object.values(byId) as any[]) {
      expect(s.universeSize).toBeGreaterThan(50);
      expect(s.nextRunAt).toBeGreaterThan(h.engine.clock.now());
    }
    expect((await c.call('llm.status', {})).result).toMatchObject({ provider: 'rules', apiKey: { set: false } });
  });

  it('shows each segment\'s members and indicators before its first run (a data-only preview at start)', async () => {
    let mining: any = null;
    for (let i = 0; i < 100 && !(mining?.indicators.length > 0); i++) {
      mining = (await c.call('segments.get', { id: 'mining' })).result;
      if (mining.indicators.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(mining.lastRun).toBeNull();
    const gold = mining.indicators.find((x: any) => /gold/i.test(x.label) && x.unit.startsWith('usd'));
    expect(gold).toMatchObject({ value: expect.any(Number), source: expect.any(String), asOf: expect.any(Number) });
    expect(mining.members.length).toBe(mining.universeSize);
    expect((await c.call('segments.proposals', {})).result.proposals).toEqual([]);
  });

  it('runs both segments side by side into pending cards with evidence and a trace, and places no order', async () => {
    const [bio, min] = await Promise.all([runToEnd(c, 'biotech'), runToEnd(c, 'mining')]);
    expect(bio.outcome).toBe('ok');
    expect(min.outcome).toBe('ok');
    const stages = c.events.filter((e) => e.topic === 'segments.runProgress' && e.data.jobId === bio.jobId).map((e) => e.data.stage);
    expect(stages).toContain('gather');
    expect(stages.at(-1)).toBe('done');

    const proposals = (await c.call('segments.proposals', { limit: 100 })).result.proposals as any[];
    const carded = proposals.filter((p) => p.outcome === 'carded');
    expect(new Set(carded.map((p) => p.segmentId))).toEqual(new Set(['biotech', 'mining']));
    for (const p of proposals) {
      expect(p.analyst).toBe('rules');
      expect(p.llmCallId).toEqual(expect.any(String));
    }
    const cards = (await c.call('cards.list', { origin: 'segment' })).result.cards as any[];
    expect(cards).toHaveLength(carded.length);
    for (const card of cards) {
      expect(['pending', 'blocked']).toContain(card.status);
      expect(['biotech', 'mining']).toContain(card.originId);
      expect(card.thesis.text.length).toBeGreaterThan(20);
      expect(card.thesis.evidence.length).toBeGreaterThan(0);
      for (const e of card.thesis.evidence) expect(e.source.length).toBeGreaterThan(0);
    }
    // research bullets reach the theses of the shortlisted names
    expect(cards.some((card) => card.thesis.evidence.some((e: any) => /research/i.test(e.source)))).toBe(true);
    // the trace of a proposal opens: the rules analyst's answer is recorded like a model's
    const trace = (await c.call('llm.call', { id: carded[0].llmCallId })).result;
    expect(trace).toMatchObject({ provider: 'rules', outcome: 'rules', segmentId: carded[0].segmentId });
    expect(JSON.parse(trace.response).decisions.length).toBeGreaterThan(0);
    // proposing is not trading
    expect((await c.call('orders.list', {})).result.orders).toEqual([]);
  }, 60_000);

  it('refuses a second run while one is going (4009) and disables a segment at run time', async () => {
    // both requests leave before either answer: the second finds the first still running
    const [first, second] = await Promise.all([c.call('segments.run', { id: 'mining' }), c.call('segments.run', { id: 'mining' })]);
    expect(second.error?.code).toBe(4009);
    expect(second.error?.message).toMatch(/running/);
    await c.waitEvent('segments.runProgress', (d) => d.jobId === first.result.jobId && d.done, 20_000);
    const off = await c.call('segments.setEnabled', { id: 'mining', enabled: false });
    expect(off.result).toMatchObject({ enabled: false, state: 'disabled', nextRunAt: null });
    await c.waitEvent('segments.statusChanged', (d) => d.segment.id === 'mining' && d.segment.state === 'disabled');
    const on = await c.call('segments.setEnabled', { id: 'mining', enabled: true });
    expect(on.result).toMatchObject({ enabled: true, state: 'running' });
  }, 60_000);

  it('an approved segment card fills into the segment sleeve; totals equal the account', async () => {
    const cards = (await c.call('cards.list', { origin: 'segment', status: 'pending' })).result.cards as any[];
    const card = cards.find((x) => x.originId === 'biotech') ?? cards[0];
    const approved = await c.call('cards.approve', { id: card.id });
    expect(approved.error).toBeUndefined();
    await c.waitEvent('cards.changed', (d) => d.card.id === card.id && ['filled', 'partially_filled', 'submitted'].includes(d.card.status), 20_000);
    const book = (await c.call('portfolio.bySegment', {})).result;
    const sleeve = book.segments.find((s: any) => s.segmentId === card.originId);
    const account = (await c.call('positions.list', {})).result.account;
    expect(book.total.equity).toBeCloseTo(account.equity, 0);
    expect(book.total.cash).toBeCloseTo(account.cash, 0);
    if (approved.result.card.status === 'filled' || approved.result.order.filledQuantity > 0) {
      expect(sleeve.positions.map((p: any) => p.symbol)).toContain(card.symbol);
    }
    const usage = (await c.call('llm.usage', {})).result;
    expect(usage.perApprovedCard.approvedCards).toBe(1);
  }, 60_000);

  it('compares the segments in one call: metrics, curves, both correlation windows, diversification, allocation', async () => {
    const r = (await c.call('segments.compare', {})).result;
    expect(r.segments.map((s: any) => s.segmentId).sort()).toEqual(['biotech', 'mining']);
    for (const s of r.segments) {
      expect(s.basis).toBe('universe');
      expect(s.metrics.observations).toBeGreaterThan(200);
      expect(s.metrics.sharpe).toEqual(expect.any(Number));
      expect(s.curve.length).toBeGreaterThan(200);
    }
    expect(r.correlation30.names).toEqual(r.correlation90.names);
    expect(r.correlation90.matrix[0][1]).toEqual(expect.any(Number));
    expect(r.diversification.score).toBeGreaterThanOrEqual(0);
    expect(r.allocation.map((a: any) => a.segmentId).sort()).toEqual(['biotech', 'mining']);
    // the pure calculator over the API agrees with itself on the same returns
    const perf = (await c.call('analytics.performance', { returns: [0.01, -0.02, 0.015, null, 0.003], benchmark: [0.008, -0.01, 0.01, 0.002, 0.001] })).result;
    expect(perf.observations).toBe(4);
    expect((await c.call('analytics.performance', { returns: [0.01] })).result.sharpe).toBeNull();
  });
});

describe('segments over the engine with an OpenAI-compatible model (loopback fake)', () => {
  let h: Harness;
  let c: TestClient;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await startFakeOpenAi({ apiKey: 'sk-kestrel-test' });
    h = await startHarness({ env: { KESTREL_LLM_BASE_URL: fake.baseUrl, KESTREL_LLM_MODEL: 'fake-gpt', KESTREL_LLM_API_KEY: 'sk-kestrel-test' } });
    c = await h.client();
    await c.call('events.subscribe', { topics: TOPICS });
    await c.call('llm.configure', { timeoutMs: 800, maxRetries: 0 });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await fake.close();
  });

  it('asks the model with the nested json_schema form and the key, and cards its grounded answer', async () => {
    expect((await c.call('llm.status', {})).result).toMatchObject({ provider: 'openai-compatible', model: 'fake-gpt', apiKey: { set: true, source: 'env' } });
    fake.setMode('good');
    const run = await runToEnd(c, 'biotech');
    expect(run.outcome).toBe('ok');
    const chat = fake.chatRequests();
    expect(chat.length).toBeGreaterThan(0);
    const segmentAsk = chat.map((r) => r.body as any).find((b) => b.response_format?.json_schema?.name === 'segment_decisions');
    expect(segmentAsk.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true, schema: { type: 'object' } } });
    expect(fake.sawKey('sk-kestrel-test')).toBe(true);
    const proposals = (await c.call('segments.proposals', { jobId: run.jobId })).result.proposals as any[];
    expect(proposals.some((p) => p.analyst === 'llm' && p.outcome === 'carded')).toBe(true);
    const trace = (await c.call('llm.call', { id: proposals.find((p) => p.analyst === 'llm').llmCallId })).result;
    expect(trace).toMatchObject({ provider: 'openai-compatible', model: 'fake-gpt', outcome: 'ok' });
    expect(trace.promptTokens).toBeGreaterThan(0);
    expect(trace.user).toContain('last');
  }, 60_000);

  it.each([
    ['invent_ticker', 'rejected', /invented ticker/i],
    ['wrong_price', 'rejected', /price off/i],
  ] as [FakeMode, string, RegExp][])('a model that lies (%s) gets its proposal rejected with the reason, no card', async (mode, outcome, reason) => {
    fake.setMode(mode);
    const cardsBefore = (await c.call('cards.list', { origin: 'segment' })).result.total;
    const run = await runToEnd(c, 'mining');
    const proposals = (await c.call('segments.proposals', { jobId: run.jobId })).result.proposals as any[];
    const lies = proposals.filter((p) => p.analyst === 'llm');
    expect(lies.length).toBeGreaterThan(0);
    for (const p of lies) {
      expect(p.outcome).toBe(outcome);
      expect(p.reason).toMatch(reason);
      expect(p.cardId).toBeNull();
    }
    const call = (await c.call('llm.call', { id: lies[0].llmCallId })).result;
    expect(call.outcome).toBe('grounding_failed');
    expect(call.reason).toMatch(reason);
    const cardsAfter = (await c.call('cards.list', { origin: 'segment' })).result.total;
    expect(cardsAfter).toBe(cardsBefore);
  }, 60_000);

  it.each(['invalid_json', 'truncated', 'refuse', 'timeout', 'http_500'] as FakeMode[])(
    'a broken answer (%s) falls back to the rules analyst, the run degraded with the reason logged',
    async (mode) => {
      fake.setMode(mode);
      const run = await runToEnd(c, 'mining');
      expect(run.outcome).toBe('degraded');
      const usage = (await c.call('llm.usage', { segmentId: 'mining', limit: 50 })).result;
      const failed = usage.recent.find((x: any) => x.jobId === run.jobId && x.provider === 'openai-compatible');
      expect(failed.outcome).not.toBe('ok');
      expect(failed.reason).toEqual(expect.any(String));
      const proposals = (await c.call('segments.proposals', { jobId: run.jobId })).result.proposals as any[];
      for (const p of proposals) expect(p.analyst).toBe('rules');
      const seg = (await c.call('segments.get', { id: 'mining' })).result;
      expect(['degraded', 'faulted']).toContain(seg.state);
    },
    60_000,
  );

  it('after all of it, no segment has placed an order: every card waits for a human', async () => {
    expect((await c.call('orders.list', {})).result.orders).toEqual([]);
    const cards = (await c.call('cards.list', { origin: 'segment' })).result.cards as any[];
    for (const card of cards) expect(['pending', 'blocked', 'expired']).toContain(card.status);
  });
});
