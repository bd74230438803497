/**
 * The desktop engine client: the same JSON-RPC frames over the preload's `window.engine` bridge. IPC has no
 * connection to lose, so it is open from the start.
 */
import type { EngineBridge } from '../../../shared/contract/client';
import { EngineError } from '../../../shared/contract/rpc';
import { errorText } from '../lib/error-text';
import { CLIENT_ERROR, RpcClient, type RpcClientOptions } from './rpc-client';

/** EngineClient over Electron IPC; see the file comment. */
export class IpcEngineClient extends RpcClient {
  readonly transport = 'ipc' as const;
  private readonly bridge: EngineBridge;
  private readonly unlisten: () => void;

  constructor(bridge: EngineBridge, options: RpcClientOptions = {}) {
    super(options);
    this.bridge = bridge;
    this.unlisten = bridge.on((frame) => this.handleFrame(frame));
    this.handleOpen();
  }

  protected sendFrame(frame: string, id: number): void {
    this.bridge.invoke(frame).then(
      (response) => this.handleFrame(response),
      (error: unknown) =>
        this.failRequest(id, new EngineError(CLIENT_ERROR.transport, `IPC call failed: ${errorText(error)}`)),
    );
  }

  protected closeTransport(): void {
    this.unlisten();
  }
}
