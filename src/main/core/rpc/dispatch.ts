/**
 * The one dispatch path. Electron IPC and WebSocket both hand it raw frames: it parses, validates the envelope
 * and the params against the contract, calls the handler, and always answers with a JSON-RPC frame. Nothing
 * thrown by a handler crosses the boundary.
 */
import { type z } from 'zod';
import {
  EngineError,
  RPC_ERROR,
  isMethodName,
  methods,
  type MethodName,
  type Params,
  type Result,
  type RpcErrorBody,
  type RpcId,
  type RpcResponse,
} from '../../../shared/contract';

/** Who is calling: used by handlers that act on the caller (subscriptions) and by audit and metrics. */
export interface CallContext {
  connectionId: number;
  transport: 'ipc' | 'ws' | 'internal';
  label: string;
  subscribe(topics: readonly string[]): string[];
  unsubscribe(topics: readonly string[]): string[];
}

export type Handler<M extends MethodName> = (params: Params<M>, ctx: CallContext) => Result<M> | Promise<Result<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export const MAX_FRAME_BYTES = 1024 * 1024;
export const MAX_BATCH = 100;

export interface DispatchHooks {
  /** Called for every completed call (metrics). */
  onCall?(method: string, code: number, durationMs: number): void;
  /** Called for internal errors (logs). */
  onInternalError?(method: string, error: unknown): void;
  /** Validate results against the contract too (tests and development). */
  validateResults?: boolean;
}

export interface Dispatcher {
  /** Handles one raw frame (a request, a notification or a batch); resolves with the reply frame or null. */
  handleFrame(raw: string | Buffer, ctx: CallContext): Promise<string | null>;
  /** In-process typed call through the same validation; throws EngineError. */
  call<M extends MethodName>(method: M, params: unknown, ctx: CallContext): Promise<Result<M>>;
}

function errorFrame(id: RpcId, code: number, message: string, data?: unknown): RpcResponse {
  const error: RpcErrorBody = data === undefined ? { code, message } : { code, message, data };
  return { jsonrpc: '2.0', id, error };
}

function isValidId(id: unknown): id is RpcId {
  return id === null || typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id));
}

export function createDispatcher(handlers: Handlers, hooks: DispatchHooks = {}): Dispatcher {
  async function invoke(method: MethodName, rawParams: unknown, ctx: CallContext): Promise<unknown> {
    const spec = methods[method];
    const parsed = (spec.params as z.ZodType).safeParse(rawParams);
    if (!parsed.success) {
      throw new EngineError(RPC_ERROR.invalidParams, `invalid params for ${method}: ${summarise(parsed.error)}`, parsed.error.issues);
    }
    const result = await (handlers[method] as (p: unknown, c: CallContext) => unknown)(parsed.data, ctx);
    if (hooks.validateResults) {
      const check = (spec.result as z.ZodType).safeParse(result);
      if (!check.success) throw new Error(`result of ${method} breaks the contract: ${summarise(check.error)}`);
    }
    return result;
  }

  async function handleOne(frame: unknown, ctx: CallContext): Promise<RpcResponse | null> {
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
      return errorFrame(null, RPC_ERROR.invalidRequest, 'invalid request: a JSON-RPC 2.0 request object was expected');
    }
    const req = frame as Record<string, unknown>;
    const hasId = Object.prototype.hasOwnProperty.call(req, 'id');
    const id = hasId && isValidId(req['id']) ? (req['id'] as RpcId) : null;
    if (req['jsonrpc'] !== '2.0') return errorFrame(id, RPC_ERROR.invalidRequest, 'invalid request: "jsonrpc" must be "2.0"');
    if (hasId && !isValidId(req['id'])) return errorFrame(null, RPC_ERROR.invalidRequest, 'invalid request: "id" must be a string, a number or null');
    if (typeof req['method'] !== 'string') return errorFrame(id, RPC_ERROR.invalidRequest, 'invalid request: "method" must be a string');
    const params = req['params'];
    if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
      return errorFrame(id, RPC_ERROR.invalidParams, 'invalid params: "params" must be an object');
    }
    const method = req['method'];
    const started = performance.now();
    let response: RpcResponse;
    if (!isMethodName(method)) {
      response = errorFrame(id, RPC_ERROR.methodNotFound, `method not found: ${method}`);
    } else {
      try {
        const result = await invoke(method, params, ctx);
        response = { jsonrpc: '2.0', id, result };
      } catch (error) {
        if (error instanceof EngineError) {
          response = errorFrame(id, error.code, error.message, error.data);
        } else {
          hooks.onInternalError?.(method, error);
          response = errorFrame(id, RPC_ERROR.internal, `internal error in ${method}: ${messageOf(error)}`);
        }
      }
    }
    hooks.onCall?.(method, 'error' in response ? response.error.code : 0, performance.now() - started);
    return hasId ? response : null;
  }

  return {
    async handleFrame(raw, ctx) {
      const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
      if (size > MAX_FRAME_BYTES) {
        return JSON.stringify(errorFrame(null, RPC_ERROR.invalidRequest, `invalid request: frame of ${size} bytes exceeds the ${MAX_FRAME_BYTES}-byte limit`));
      }
      let frame: unknown;
      try {
        frame = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
      } catch (error) {
        return JSON.stringify(errorFrame(null, RPC_ERROR.parseError, `parse error: ${messageOf(error)}`));
      }
      if (Array.isArray(frame)) {
        if (frame.length === 0) return JSON.stringify(errorFrame(null, RPC_ERROR.invalidRequest, 'invalid request: empty batch'));
        if (frame.length > MAX_BATCH) return JSON.stringify(errorFrame(null, RPC_ERROR.invalidRequest, `invalid request: a batch holds at most ${MAX_BATCH} calls`));
        const replies = (await Promise.all(frame.map((f) => handleOne(f, ctx)))).filter((r): r is RpcResponse => r !== null);
        return replies.length === 0 ? null : JSON.stringify(replies);
      }
      const reply = await handleOne(frame, ctx);
      return reply === null ? null : JSON.stringify(reply);
    },
    async call(method, params, ctx) {
      return (await invoke(method, params ?? undefined, ctx)) as Result<typeof method>;
    },
  };
}

function summarise(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
