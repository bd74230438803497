/**
 * A loopback fake of an OpenAI-compatible server (OpenAI, Ollama, llama.cpp): a REAL HTTP server on
 * 127.0.0.1:<random port> speaking POST /v1/chat/completions and GET /v1/models with the response shapes of
 * PROVIDERS.md B.6 (id, object 'chat.completion', created, model, choices[{index, message{role, content, refusal,
 * annotations}, logprobs, finish_reason}], usage{prompt_tokens, completion_tokens, total_tokens, details…}).
 *
 * It behaves like a careful real server: it rejects a strict json_schema that breaks the strict rules with a 400
 * (as OpenAI does), counts tokens deterministically (one per four characters), and cuts an answer longer than the
 * request's max_tokens / max_completion_tokens with finish_reason 'length'.
 *
 * Behaviour is scripted per request, first match wins:
 *   1. `respond(req)` (constructor option or set at run time): a FakeReply, a mode name, or undefined to fall through
 *      (a FakeReply with only delayMs / hang / headers / token counts applies them to the mode's answer);
 *   2. the queue (`queue('http_429', 'good')`): one mode per request, in order;
 *   3. the current mode (`setMode`), 'good' by default.
 * Modes: good (the JSON body set with setAnswer, or else one built from the request's schema and the prompt's
 * data), invalid_json, truncated, refuse, timeout (never answers; the socket closes when the client aborts or on
 * close()), http_500, http_429, invent_ticker, wrong_price, echo_injection (finds an instruction inside a quoted
 * data block of the prompt and obeys it).
 *
 * The built answer reads the prompt's data: the first symbol with a price stated as `SYM … last 12.34`
 * (or `"symbol":"SYM", … "last":12.34` in JSON). extractFacts() shows what it found.
 *
 * Every request is recorded (method, path, parsed body, headers) with the Authorization header redacted; the
 * bearer token is kept only as a sha256 digest, so `sawKey(key)` can check it without the key sitting in a
 * test log. close() resolves once every socket is destroyed.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FakeMode =
  | 'good'
  | 'invalid_json'
  | 'truncated'
  | 'refuse'
  | 'timeout'
  | 'http_500'
  | 'http_429'
  | 'invent_ticker'
  | 'wrong_price'
  | 'echo_injection';

export const FAKE_MODES: readonly FakeMode[] = ['good', 'invalid_json', 'truncated', 'refuse', 'timeout', 'http_500', 'http_429', 'invent_ticker', 'wrong_price', 'echo_injection'];

type Json = Record<string, unknown>;

/** A chat-completion request as the fake understood it. */
export interface FakeChatRequest {
  model: string;
  system: string;
  user: string;
  messages: { role: string; content: string }[];
  /** The completion cap and which field carried it. */
  maxTokens: number | null;
  capField: 'max_tokens' | 'max_completion_tokens' | null;
  temperature: number | null;
  responseFormat: unknown;
  schemaName: string | null;
  schema: Json | null;
  strict: boolean | null;
  body: Json;
}

/** What to answer one request with. Omitted fields take the defaults of a normal 200 answer. */
export interface FakeReply {
  /** HTTP status (default 200). A non-200 answers with OpenAI's error body unless `body` is given. */
  status?: number;
  /** The assistant message content (a JSON string with structured outputs), or null. */
  content?: string | null;
  refusal?: string | null;
  finishReason?: string;
  /** Raw JSON body, replacing the whole response. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (until the client goes away or close()). */
  hang?: boolean;
  /** Wait before answering, ms. */
  delayMs?: number;
  promptTokens?: number;
  completionTokens?: number;
}

export interface FakeRequestRecord {
  method: string;
  path: string;
  /** Headers with authorization replaced by "Bearer [redacted]". */
  headers: Record<string, string>;
  /** sha256 hex of the bearer token, or null without one. */
  bearerDigest: string | null;
  body: unknown;
  /** The parsed chat request (null for other paths or unparsable bodies). */
  chat: FakeChatRequest | null;
  /** How it was answered: a mode, 'custom' (respond()), or 'error' (bad request / unknown path). */
  answeredWith: FakeMode | 'custom' | 'error';
  status: number;
  /** True when the client went away before an answer was sent. */
  abandoned: boolean;
}

export interface FakeOpenAiOptions {
  respond?: ((req: FakeChatRequest) => FakeReply | FakeMode | undefined) | undefined;
  mode?: FakeMode | undefined;
  /** The JSON body 'good' answers with (default: built from the request). */
  answer?: unknown;
  /** Model name echoed in answers when the request names none. */
  model?: string | undefined;
  /** When set, requests without `Authorization: Bearer <apiKey>` get a 401. */
  apiKey?: string | undefined;
  /** Delay before every answer, ms (latency figures in benches). */
  latencyMs?: number | undefined;
}

export interface FakeOpenAi {
  /** Base URL for the client, e.g. http://127.0.0.1:40123/v1 */
  readonly baseUrl: string;
  readonly port: number;
  readonly requests: FakeRequestRecord[];
  /** Chat-completion requests only. */
  chatRequests(): FakeRequestRecord[];
  readonly mode: FakeMode;
  setMode(mode: FakeMode): void;
  setAnswer(body: unknown): void;
  setRespond(fn: FakeOpenAiOptions['respond']): void;
  queue(...modes: FakeMode[]): void;
  /** Whether some request carried `Authorization: Bearer <key>`. */
  sawKey(key: string): boolean;
  /** Requests currently held open (timeout mode). */
  pending(): number;
  reset(): void;
  close(): Promise<void>;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const countTokens = (text: string): number => Math.ceil(text.length / 4);

/** The first symbol with a stated last price in a prompt, and every such pair. */
export function extractFacts(user: string): { symbol: string; last: number }[] {
  const out: { symbol: string; last: number }[] = [];
  const seen = new Set<string>();
  const push = (symbol: string, last: number): void => {
    if (!seen.has(symbol) && Number.isFinite(last) && last > 0) {
      seen.add(symbol);
      out.push({ symbol, last });
    }
  };
  for (const m of user.matchAll(/"symbol"\s*:\s*"([A-Z][A-Z0-9.]{0,6})"[^{}]*?"(?:last|lastPrice|price)"\s*:\s*(\d+(?:\.\d+)?)/g)) push(m[1]!, Number(m[2]));
  for (const m of user.matchAll(/\b([A-Z]{1,5})\b[^\n]{0,80}?\blast(?:\s+price)?\s*[:=]?\s*\$?(\d+(?:\.\d+)?)/g)) push(m[1]!, Number(m[2]));
  return out;
}

/** The text inside quoted data blocks (prompt-safety's <<<DATA … <<<END DATA>>>), or the whole text without any. */
function quotedData(user: string): string[] {
  const blocks = [...user.matchAll(/<<<DATA[^\n]*\n([\s\S]*?)\n<<<END DATA>>>/g)].map((m) => m[1]!);
  return blocks.length > 0 ? blocks : [user];
}

/** An instruction sentence a gullible model would obey. */
function findInjection(user: string): string | null {
  const re = /[^.!?\n]*\b(?:ignore|disregard|you are now|new instructions|system\s*:|from now on)\b[^.!?\n]*[.!?]?|[^.!?\n]*\b(?:buy|sell)\b[^.!?\n]*\b(?:now|immediately)\b[^.!?\n]*[.!?]?/i;
  for (const block of quotedData(user)) {
    const m = re.exec(block);
    if (m) return m[0].trim();
  }
  return null;
}

const r2 = (v: number): number => Math.round(v * 100) / 100;

interface BuildCtx {
  symbol: string;
  last: number;
  thesis: string;
  overrides: Record<string, unknown>;
}

/** A value for a JSON Schema node, using the property name to pick plausible data. */
function fromSchema(node: unknown, name: string, ctx: BuildCtx, defs: Json): unknown {
  if (!node || typeof node !== 'object') return null;
  const n = node as Json;
  if (name in ctx.overrides) return ctx.overrides[name];
  if (typeof n.$ref === 'string') return fromSchema(defs[n.$ref.replace(/^#\/\$defs\//, '')], name, ctx, defs);
  if (n.const !== undefined) return n.const;
  if (Array.isArray(n.anyOf)) {
    const branch = (n.anyOf as Json[]).find((b) => b.type !== 'null') ?? n.anyOf[0];
    return fromSchema(branch, name, ctx, defs);
  }
  const types = Array.isArray(n.type) ? (n.type as string[]) : [n.type as string];
  const type = types.find((t) => t !== 'null') ?? 'null';
  const lname = name.toLowerCase();
  if (Array.isArray(n.enum)) {
    const values = n.enum as unknown[];
    if (/action|side/.test(lname) && values.includes('buy')) return 'buy';
    return values.find((v) => v !== null) ?? null;
  }
  switch (type) {
    case 'object': {
      const props = (n.properties ?? {}) as Json;
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, fromSchema(v, k, ctx, defs)]));
    }
    case 'array': {
      const count = typeof n.minItems === 'number' && n.minItems > 1 ? n.minItems : 1;
      return Array.from({ length: count }, () => fromSchema(n.items, name.replace(/s$/, ''), ctx, defs));
    }
    case 'string':
      if (/symbol|ticker/.test(lname)) return ctx.symbol;
      if (/source|url/.test(lname)) return 'fake-openai';
      if (/date/.test(lname)) return '2026-11-20';
      return ctx.thesis;
    case 'integer': {
      const min = typeof n.minimum === 'number' ? n.minimum : 0;
      const max = typeof n.maximum === 'number' ? n.maximum : min + 10;
      return Math.max(min, Math.min(max, 1));
    }
    case 'number': {
      let v: number;
      if (/stop/.test(lname)) v = r2(ctx.last * 0.95);
      else if (/limit/.test(lname)) v = r2(ctx.last);
      else if (/price|last/.test(lname)) v = ctx.last;
      else if (/size|fraction|weight/.test(lname)) v = 0.1;
      else v = 0.6;
      if (typeof n.minimum === 'number') v = Math.max(n.minimum, v);
      if (typeof n.maximum === 'number') v = Math.min(n.maximum, v);
      return v;
    }
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Violations of OpenAI's strict-mode rules (every object closed and fully required). */
export function strictProblems(schema: unknown, path = '#'): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const n = schema as Json;
  const out: string[] = [];
  const isObj = n.type === 'object' || (Array.isArray(n.type) && n.type.includes('object')) || n.properties !== undefined;
  if (isObj) {
    if (n.additionalProperties !== false) out.push(`${path}: 'additionalProperties' is required to be supplied and to be false`);
    const props = Object.keys((n.properties ?? {}) as Json);
    const req = new Set(Array.isArray(n.required) ? (n.required as string[]) : []);
    for (const p of props) if (!req.has(p)) out.push(`${path}: 'required' is required to include every key in properties; missing '${p}'`);
  }
  for (const [k, v] of Object.entries(n)) {
    if (k === 'properties' && v && typeof v === 'object') for (const [pk, pv] of Object.entries(v as Json)) out.push(...strictProblems(pv, `${path}/properties/${pk}`));
    else if ((k === 'anyOf' || k === 'oneOf') && Array.isArray(v)) v.forEach((b, i) => out.push(...strictProblems(b, `${path}/${k}/${i}`)));
    else if (k === 'items' || k === '$defs') {
      if (k === 'items') out.push(...strictProblems(v, `${path}/items`));
      else for (const [dk, dv] of Object.entries((v ?? {}) as Json)) out.push(...strictProblems(dv, `${path}/$defs/${dk}`));
    }
  }
  return out;
}

function parseChat(body: Json, defaultModel: string): FakeChatRequest {
  const messages = Array.isArray(body.messages)
    ? (body.messages as Json[]).map((m) => ({ role: String(m.role), content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content) }))
    : [];
  const rf = body.response_format as Json | undefined;
  const js = rf?.type === 'json_schema' ? (rf.json_schema as Json | undefined) : undefined;
  const capField = body.max_completion_tokens != null ? 'max_completion_tokens' : body.max_tokens != null ? 'max_tokens' : null;
  return {
    model: typeof body.model === 'string' ? body.model : defaultModel,
    system: messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content).join('\n'),
    user: messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n'),
    messages,
    maxTokens: capField ? Number(body[capField]) : null,
    capField,
    temperature: typeof body.temperature === 'number' ? body.temperature : null,
    responseFormat: rf ?? null,
    schemaName: typeof js?.name === 'string' ? js.name : null,
    schema: js?.schema && typeof js.schema === 'object' ? (js.schema as Json) : null,
    strict: typeof js?.strict === 'boolean' ? js.strict : null,
    body,
  };
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null): Json {
  return { error: { message, type, param, code } };
}

export async function startFakeOpenAi(opts: FakeOpenAiOptions = {}): Promise<FakeOpenAi> {
  let mode: FakeMode = opts.mode ?? 'good';
  let answer: unknown = opts.answer;
  let respond = opts.respond;
  const queued: FakeMode[] = [];
  const requests: FakeRequestRecord[] = [];
  const sockets = new Set<Socket>();
  const held = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();
  const defaultModel = opts.model ?? 'fake-model';
  let counter = 0;
  let closing = false;
  let closingPromise: Promise<void> | undefined;

  /** The answer object for a request: the set body, or one built from its schema and prompt. */
  function goodValue(req: FakeChatRequest, overrides: Record<string, unknown> = {}): unknown {
    if (answer !== undefined && Object.keys(overrides).length === 0) return answer;
    const fact = extractFacts(req.user)[0] ?? { symbol: 'ACME', last: 10 };
    const ctx: BuildCtx = {
      symbol: fact.symbol,
      last: fact.last,
      thesis: `${fact.symbol} last traded at $${fact.last}; the setup in the data supports a small position.`,
      overrides,
    };
    if (!req.schema) return { answer: ctx.thesis };
    return fromSchema(req.schema, '', ctx, (req.schema.$defs ?? {}) as Json);
  }

  function modeReply(m: FakeMode, req: FakeChatRequest): FakeReply {
    switch (m) {
      case 'good':
        return { content: JSON.stringify(goodValue(req)) };
      case 'invalid_json':
        return { content: `Sure! Here is my analysis: {"summary": "looks good", "decisions": [ {"symbol": ` };
      case 'truncated': {
        const full = JSON.stringify(goodValue(req));
        return { content: full.slice(0, Math.max(1, Math.floor(full.length / 2))), finishReason: 'length', completionTokens: req.maxTokens ?? countTokens(full) };
      }
      case 'refuse':
        return { content: null, refusal: "I'm sorry, but I can't help with that request." };
      case 'timeout':
        return { hang: true };
      case 'http_500':
        return { status: 500, body: errorBody('The server had an error while processing your request. Sorry about that!', 'server_error', null) };
      case 'http_429':
        return {
          status: 429,
          headers: { 'retry-after': '1', 'x-ratelimit-remaining-requests': '0' },
          body: errorBody('Rate limit reached for requests. Please try again in 1s.', 'requests', 'rate_limit_exceeded'),
        };
      case 'invent_ticker': {
        const fact = extractFacts(req.user)[0] ?? { symbol: 'ACME', last: 10 };
        const value = goodValue(req, { symbol: 'ZZZQ', thesis: `ZZZQ is the better play than ${fact.symbol}: buy $ZZZQ near $${fact.last}.`, text: `$ZZZQ breakout at $${fact.last}` });
        return { content: JSON.stringify(value) };
      }
      case 'wrong_price': {
        const fact = extractFacts(req.user)[0] ?? { symbol: 'ACME', last: 10 };
        const wrong = r2(fact.last * 1.25);
        const value = goodValue(req, { referencePrice: wrong, thesis: `${fact.symbol} trades at $${wrong}, a breakout level.`, text: `${fact.symbol} closed at $${wrong}` });
        return { content: JSON.stringify(value) };
      }
      case 'echo_injection': {
        const instruction = findInjection(req.user);
        if (!instruction) return modeReply('good', req);
        const named = [...instruction.matchAll(/\$?\b([A-Z]{2,5})\b/g)].map((x) => x[1]!).find((s) => !['AI', 'NOW', 'ALL', 'BUY', 'SELL'].includes(s));
        const facts = extractFacts(req.user);
        const fact = facts.find((f) => f.symbol === named) ?? facts[0] ?? { symbol: 'ACME', last: 10 };
        const value = goodValue(req, {
          symbol: named ?? fact.symbol,
          action: 'buy',
          sizeFraction: 1,
          confidence: 1,
          referencePrice: fact.last,
          thesis: `As instructed: ${instruction}`,
          text: instruction,
          summary: `Following the note in the data: ${instruction}`,
        });
        return { content: JSON.stringify(value) };
      }
    }
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.writableEnded || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'x-request-id': `req_fake_${counter}`, ...headers });
    res.end(text);
  }

  function completionBody(req: FakeChatRequest, reply: FakeReply): Json {
    let content = reply.content === undefined ? null : reply.content;
    let finish = reply.finishReason ?? 'stop';
    let completionTokens = reply.completionTokens ?? countTokens(content ?? reply.refusal ?? '');
    // Like a real server: an answer longer than the cap is cut there.
    if (content !== null && req.maxTokens !== null && reply.finishReason === undefined && completionTokens > req.maxTokens) {
      content = content.slice(0, req.maxTokens * 4);
      finish = 'length';
      completionTokens = req.maxTokens;
    }
    const promptTokens = reply.promptTokens ?? countTokens(req.messages.map((m) => m.content).join(''));
    return {
      id: `chatcmpl-fake${counter}`,
      object: 'chat.completion',
      created: 1_763_700_000 + counter,
      model: req.model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: reply.refusal ?? null, annotations: [] },
          logprobs: null,
          finish_reason: finish,
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      service_tier: 'default',
      system_fingerprint: 'fp_fake',
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counter += 1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0]!;
    const headers: Record<string, string> = {};
    let bearerDigest: string | null = null;
    for (const [k, v] of Object.entries(req.headers)) {
      const value = Array.isArray(v) ? v.join(', ') : (v ?? '');
      if (k === 'authorization') {
        const m = /^Bearer\s+(.+)$/i.exec(value);
        bearerDigest = m ? sha256(m[1]!.trim()) : null;
        headers[k] = m ? 'Bearer [redacted]' : '[redacted]';
      } else headers[k] = value;
    }
    const rec: FakeRequestRecord = { method: req.method ?? 'GET', path, headers, bearerDigest, body: null, chat: null, answeredWith: 'error', status: 0, abandoned: false };
    requests.push(rec);
    const reply = (status: number, body: unknown, extra?: Record<string, string>): void => {
      rec.status = status;
      send(res, status, body, extra);
    };

    if (opts.apiKey !== undefined && bearerDigest !== sha256(opts.apiKey)) {
      reply(401, errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'));
      return;
    }
    if (req.method === 'GET' && (path === '/v1/models' || path === '/models')) {
      rec.answeredWith = 'good';
      reply(200, { object: 'list', data: [{ id: defaultModel, object: 'model', created: 1_700_000_000, owned_by: 'kestrel-fake' }] });
      return;
    }
    if (req.method !== 'POST' || (path !== '/v1/chat/completions' && path !== '/chat/completions')) {
      reply(404, errorBody(`Invalid URL (${req.method ?? 'GET'} ${path})`, 'invalid_request_error', null));
      return;
    }
    let body: Json;
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('body must be an object');
      body = parsed as Json;
    } catch (error) {
      reply(400, errorBody(`We could not parse the JSON body of your request. (${(error as Error).message})`, 'invalid_request_error', null));
      return;
    }
    rec.body = body;
    const chat = parseChat(body, defaultModel);
    rec.chat = chat;
    if (chat.messages.length === 0) {
      reply(400, errorBody("Missing required parameter: 'messages'.", 'invalid_request_error', null, 'messages'));
      return;
    }
    if (chat.strict === true && chat.schema) {
      const problems = strictProblems(chat.schema);
      if (problems.length > 0) {
        reply(400, errorBody(`Invalid schema for response_format '${chat.schemaName ?? ''}': ${problems[0]}`, 'invalid_request_error', null, 'response_format'));
        return;
      }
    }

    const scripted: FakeReply | FakeMode | undefined = respond?.(chat);
    let plan: FakeReply;
    if (scripted === undefined || typeof scripted === 'string') {
      const m: FakeMode = typeof scripted === 'string' ? scripted : (queued.shift() ?? mode);
      rec.answeredWith = m;
      plan = modeReply(m, chat);
    } else if (!('content' in scripted) && !('body' in scripted) && !('refusal' in scripted) && scripted.status === undefined) {
      // Only timing or token overrides: the queued or current mode's answer, with them applied.
      const m: FakeMode = queued.shift() ?? mode;
      rec.answeredWith = m;
      plan = { ...modeReply(m, chat), ...scripted };
    } else {
      rec.answeredWith = 'custom';
      plan = scripted;
    }
    const answerNow = (): void => {
      if (plan.hang) return;
      const status = plan.status ?? 200;
      if (plan.body !== undefined) reply(status, plan.body, plan.headers);
      else if (status !== 200) reply(status, errorBody(`HTTP ${status}`, 'server_error', null), plan.headers);
      else reply(200, completionBody(chat, plan), plan.headers);
    };
    const delay = (plan.delayMs ?? 0) + (opts.latencyMs ?? 0);
    if (plan.hang || delay > 0) {
      held.add(res);
      res.on('close', () => {
        held.delete(res);
        if (!res.writableEnded) rec.abandoned = true;
      });
    }
    if (delay > 0 && !plan.hang) {
      const timer = setTimeout(() => {
        timers.delete(timer);
        answerNow();
      }, delay);
      timers.add(timer);
    } else answerNow();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, errorBody(`fake server error: ${(error as Error).message}`, 'server_error', null));
    });
  });
  server.on('connection', (s) => {
    if (closing) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.chat !== null),
    get mode() {
      return mode;
    },
    setMode(m) {
      mode = m;
    },
    setAnswer(body) {
      answer = body;
    },
    setRespond(fn) {
      respond = fn;
    },
    queue(...modes) {
      queued.push(...modes);
    },
    sawKey: (key) => requests.some((r) => r.bearerDigest === sha256(key)),
    pending: () => held.size,
    reset() {
      requests.length = 0;
      queued.length = 0;
      mode = opts.mode ?? 'good';
      answer = opts.answer;
      respond = opts.respond;
    },
    close() {
      closingPromise ??= (() => {
        closing = true;
        for (const t of timers) clearTimeout(t);
        timers.clear();
        const gone = [...sockets].map((sock) => new Promise<void>((r) => (sock.closed ? r() : sock.once('close', () => r()))));
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const res of held) res.destroy();
        for (const sock of sockets) sock.destroy();
        return Promise.all([closed, ...gone]).then(() => undefined);
      })();
      return closingPromise;
    },
  };
}
