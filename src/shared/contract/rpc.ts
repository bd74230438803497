/**
 * JSON-RPC 2.0 frames, exactly as docs/architecture.md gives them, and the error codes the engine answers with.
 * The same frames travel over Electron IPC and over WebSocket.
 */

export const RPC_ERROR = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  unauthorized: 4001,
  forbidden: 4003,
  notFound: 4004,
  conflict: 4009,
  guardrailBlocked: 4022,
  rateLimited: 4029,
} as const;

export type RpcErrorCode = (typeof RPC_ERROR)[keyof typeof RPC_ERROR];

export type RpcId = string | number | null;

export interface RpcRequest {
  jsonrpc: '2.0';
  id?: RpcId;
  method: string;
  params?: unknown;
}

export interface RpcErrorBody {
  code: number;
  message: string;
  data?: unknown;
}

export type RpcResponse =
  | { jsonrpc: '2.0'; id: RpcId; result: unknown }
  | { jsonrpc: '2.0'; id: RpcId; error: RpcErrorBody };

export interface RpcEventFrame {
  jsonrpc: '2.0';
  method: 'event';
  params: { topic: string; data: unknown };
}

/** A typed error a handler throws; the dispatcher turns it into a JSON-RPC error frame. */
export class EngineError extends Error {
  readonly code: number;
  readonly data: unknown;
  constructor(code: number, message: string, data?: unknown) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.data = data;
  }
}

export function isRpcEventFrame(frame: unknown): frame is RpcEventFrame {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as Record<string, unknown>;
  return f['jsonrpc'] === '2.0' && f['method'] === 'event' && !('id' in f) && typeof f['params'] === 'object';
}

export function isRpcResponse(frame: unknown): frame is RpcResponse {
  if (typeof frame !== 'object' || frame === null) return false;
  const f = frame as Record<string, unknown>;
  return f['jsonrpc'] === '2.0' && 'id' in f && ('result' in f || 'error' in f);
}
