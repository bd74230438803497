/** The engine's Prometheus registry: process metrics plus RPC, connection, quote and ingest figures. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface EngineMetrics {
  registry: Registry;
  rpcCalls: Counter<'method' | 'code'>;
  rpcDuration: Histogram<'method'>;
  connections: Gauge<'transport'>;
  quoteBatch: Histogram;
  tickErrors: Counter;
}

export function createMetrics(): EngineMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kestrel_' });
  return {
    registry,
    rpcCalls: new Counter({
      name: 'kestrel_rpc_calls_total',
      help: 'JSON-RPC calls by method and result code (0 = success)',
      labelNames: ['method', 'code'],
      registers: [registry],
    }),
    rpcDuration: new Histogram({
      name: 'kestrel_rpc_duration_seconds',
      help: 'JSON-RPC handler time',
      labelNames: ['method'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1],
      registers: [registry],
    }),
    connections: new Gauge({
      name: 'kestrel_connections',
      help: 'Open client connections by transport',
      labelNames: ['transport'],
      registers: [registry],
    }),
    quoteBatch: new Histogram({
      name: 'kestrel_quote_batch_size',
      help: 'Quotes per quotes.updated batch',
      buckets: [1, 10, 100, 500, 1000, 2000, 5000],
      registers: [registry],
    }),
    tickErrors: new Counter({ name: 'kestrel_market_tick_errors_total', help: 'Failed live-loop ticks', registers: [registry] }),
  };
}
