/**
 * A scripted LlmGateway for the agents' tests: `ask` answers with the script's raw text (parsed against the
 * request's schema like the real gateway: invalid JSON and schema mismatches are failures, never throws), every
 * call is kept with its outcome, `markRejected` turns one into grounding_failed. Test-only.
 */
import type { LlmCall, LlmCallDetail, LlmProvider, LlmStatus } from '../../../../shared/contract';
import type { LlmAnswer, LlmGateway, LlmRequest } from '../../llm/types';

export interface FakeCall {
  id: string;
  purpose: string;
  symbol: string | null;
  jobId: string | null;
  segmentId: string | null;
  system: string;
  user: string;
  asOf: number;
  outcome: LlmCall['outcome'];
  reason: string | null;
  response: string | null;
}

export type Script = (req: LlmRequest<unknown>) => string | { fail: Exclude<LlmCall['outcome'], 'ok' | 'cached' | 'rules'>; reason: string };

export interface FakeGateway extends LlmGateway {
  calls: FakeCall[];
  setProvider(p: LlmProvider): void;
  setScript(s: Script): void;
}

export function createFakeGateway(provider: LlmProvider, script: Script = () => '{}'): FakeGateway {
  let current = provider;
  let answer = script;
  const calls: FakeCall[] = [];
  const add = (c: Omit<FakeCall, 'id'>): FakeCall => {
    const call = { id: `L-${calls.length + 1}`, ...c };
    calls.push(call);
    return call;
  };
  const base = (req: Omit<LlmRequest<unknown>, 'schema' | 'schemaName'>) => ({
    purpose: req.purpose,
    symbol: req.symbol ?? null,
    jobId: req.jobId ?? null,
    segmentId: req.segmentId ?? null,
    system: req.system,
    user: req.user,
    asOf: req.asOf,
  });
  const gateway: FakeGateway = {
    calls,
    setProvider: (p) => (current = p),
    setScript: (s) => (answer = s),
    provider: () => current,
    ask<T>(req: LlmRequest<T>): Promise<LlmAnswer<T>> {
      const out = answer(req as LlmRequest<unknown>);
      if (typeof out !== 'string') {
        const c = add({ ...base(req), outcome: out.fail, reason: out.reason, response: null });
        return Promise.resolve({ ok: false, callId: c.id, outcome: out.fail, reason: out.reason });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(out);
      } catch {
        const c = add({ ...base(req), outcome: 'invalid_json', reason: 'not JSON', response: out });
        return Promise.resolve({ ok: false, callId: c.id, outcome: 'invalid_json', reason: 'not JSON' });
      }
      const r = req.schema.safeParse(parsed);
      if (!r.success) {
        const c = add({ ...base(req), outcome: 'schema_mismatch', reason: r.error.message, response: out });
        return Promise.resolve({ ok: false, callId: c.id, outcome: 'schema_mismatch', reason: r.error.message });
      }
      const c = add({ ...base(req), outcome: 'ok', reason: null, response: out });
      return Promise.resolve({ ok: true, value: r.data, callId: c.id, outcome: 'ok', raw: out });
    },
    recordRules(req) {
      return add({ ...base(req), outcome: 'rules', reason: null, response: req.response }).id;
    },
    markRejected(callId, reason) {
      const c = calls.find((x) => x.id === callId);
      if (c) {
        c.outcome = 'grounding_failed';
        c.reason = reason;
      }
    },
    status(): LlmStatus {
      return {
        provider: current,
        model: 'fake',
        baseUrl: null,
        budget: 0,
        used: 0,
        limits: { dailyTokens: 0, perCallMaxTokens: 1, timeoutMs: 100, maxRetries: 0, inputCostPerMTok: 0, outputCostPerMTok: 0 },
        costToday: 0,
        callsToday: calls.length,
        apiKey: { set: false, source: 'none' },
        temperature: 0,
        note: null,
      };
    },
    call(id): LlmCallDetail | null {
      const c = calls.find((x) => x.id === id);
      if (!c) return null;
      return {
        id: c.id,
        t: 0,
        purpose: c.purpose as LlmCall['purpose'],
        segmentId: c.segmentId,
        symbol: c.symbol,
        jobId: c.jobId,
        provider: current,
        model: 'fake',
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
        costUsd: 0,
        outcome: c.outcome,
        reason: c.reason,
        attempts: 1,
        asOf: c.asOf,
        system: c.system,
        user: c.user,
        response: c.response,
      };
    },
    costOf: () => 0,
    recent: () => [],
  };
  return gateway;
}
