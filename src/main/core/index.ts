/** The engine's public surface for the hosts (Electron and the browser-mode server). */
export { createEngine, defaultStart, DEFAULT_SEED, type Engine, type EngineConfig } from './engine';
export type { ClientInfo, Connection } from './rpc/connections';
export type { Notification, Notifier } from './ports';
export { SimulatedClock, SystemClock, type Clock } from './clock';
export { DatabaseFromFutureError } from './db/migrate';
