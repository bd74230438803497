/** Human-readable text of anything thrown, for error states. */
import { EngineError } from '../../../shared/contract/rpc';

/** The message of an error, with the JSON-RPC code for engine errors. */
export function errorText(error: unknown): string {
  if (error instanceof EngineError) return `${error.message} (code ${error.code})`;
  if (error instanceof Error) return error.message;
  return String(error);
}
