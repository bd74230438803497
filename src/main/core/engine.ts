/**
 * The composition root of the engine: wires the clock, the database, the market-data source, the event bus and
 * the dispatcher. Nothing starts at import time; everything starts in start() and is released in stop().
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { ClockState, EventTopic, Health, HealthSchema, Instrument, MethodName, ParamsIn, Result, SystemInfo } from '../../shared/contract';
import type { z } from 'zod';
import { SimulatedClock, type Clock, type WallTime } from './clock';
import { closeDatabase, migrate, openDatabase, type Db } from './db';
import {
  createBarsRepo,
  createIngestRunsRepo,
  createInstrumentsRepo,
  createQuotesRepo,
  createSettingsRepo,
} from './db/repositories';
import { createEventBus, type EventBus } from './events/bus';
import { eventHandlers } from './handlers/events';
import { marketHandlers } from './handlers/market';
import { systemHandlers } from './handlers/system';
import { createLogger, type Logger } from './log';
import { latestSessionStart, sessionPhaseAt, EXCHANGE_TZ } from './market/calendar';
import { createIngestor, type Ingestor } from './market/ingest';
import { createMarketService, type HistoryProgress, type MarketService } from './market/market-service';
import { createSimulatorAdapter } from './market/simulator-adapter';
import { createMetrics, type EngineMetrics } from './metrics/metrics';
import type { Notifier } from './ports';
import { createConnectionRegistry, type ClientInfo, type Connection, type ConnectionRegistry } from './rpc/connections';
import { createDispatcher, type CallContext, type Dispatcher, type Handlers } from './rpc/dispatch';
import { VERSION } from './version';
import { runHistoryWorker } from './market/run-history-worker';
import { createSectorRuntime, findResourcesDir, type SectorRuntime } from './sectors/runtime';
import { tradingHandlers } from './handlers/trading';
import { linkHandlers } from './handlers/links';
import { createGuardrails, type Guardrails } from './trading/guardrails';
import { createPaperBroker, type PaperBroker } from './trading/broker';
import { createTradingService, type TradingService } from './trading/trading-service';
import { createOptionsChainService, type OptionsChainService } from './options/chain/service';
import { createOptionsDesk } from './options/desk';
import { optionsChainHandlers } from './handlers/options-chain';
import { optionsPricingHandlers } from './handlers/options-pricing';
import { createStrategyTools, optionsStrategyHandlers } from './handlers/options-strategy';
import { expiryClose } from './market/simulator/options-chain';
import { createLlmGateway } from './llm/gateway';
import { createEnvSecretStore } from './llm/secret-store';
import type { SecretStore } from './llm/types';
import { llmHandlers } from './handlers/llm';
import { createNewsFeed, createResearchAgent, simulatorCatalysts, simulatorCloseBefore } from './agents';
import { agentHandlers } from './handlers/agents';
import { createSegmentManager, SEGMENTS, type SegmentManager } from './segments';
import { createSegmentMarketView } from './segments/market-view';
import { segmentHandlers } from './handlers/segments';
import { createSegmentBooks, createSegmentCompare, createSegmentReport, createSegmentSnapshots, type SegmentCatalog, type SegmentSnapshots } from './portfolio';
import { analyticsHandlers } from './handlers/analytics';
import { portfolioSegmentHandlers } from './handlers/portfolio-segments';

export interface EngineConfig {
  /** Where the database, logs and settings live. */
  dataDir: string;
  host: 'electron' | 'server' | 'test';
  /** Simulator seed; the same seed gives the same market. Default 42. */
  seed?: number;
  /** Simulated seconds per wall second. Default 1. */
  speed?: number;
  /** Start instant (epoch ms). Default: now, or the start of the latest session when now is outside one. */
  start?: number;
  paused?: boolean;
  notifier?: Notifier;
  logLevel?: string;
  /** Live-loop interval in wall ms. Default 500. */
  tickMs?: number;
  /** Check every result against the contract (tests). */
  validateResults?: boolean;
  /** Wall-clock source (tests). */
  wall?: WallTime;
  /**
   * Path of the built history worker (out/main/history-worker.js). Hosts set it so a cold start builds two years
   * of daily bars off the main thread; tests leave it unset and build in-process.
   */
  historyWorkerScript?: string;
  /** Folder of shipped resources (sectors.yaml…). Default: found by walking up from the engine's code. */
  resourcesDir?: string;
  /** Paper account's opening deposit in dollars (first start of a data directory). Default 100,000. */
  startingCash?: number;
  /**
   * Where the LLM API key lives: Electron safeStorage on the desktop; default the environment
   * (KESTREL_LLM_API_KEY, OPENAI_API_KEY), with keys set at run time kept in memory only.
   */
  secrets?: SecretStore;
  /** Environment read for the LLM defaults (KESTREL_LLM_BASE_URL, KESTREL_LLM_MODEL…). Default process.env. */
  env?: Record<string, string | undefined>;
  /** Wall-clock time limit of a segment run (tests). Default 20 s. */
  segmentRunTimeoutMs?: number;
  /** Startup progress (history ingest), for splash screens and the CLI. */
  onProgress?(stage: string, progress: HistoryProgress): void;
}

export interface Engine {
  start(): Promise<void>;
  stop(): Promise<void>;
  connect(client: ClientInfo): Connection;
  /** In-process typed call through the same dispatch path as IPC and WebSocket; throws EngineError. */
  call<M extends MethodName>(method: M, params?: ParamsIn<M>): Promise<Result<M>>;
  readonly version: string;
  /** True between a successful start() and stop(). */
  readonly running: boolean;
  readonly metrics: EngineMetrics;
  readonly bus: EventBus;
  /** Available after start(). */
  readonly clock: Clock;
  readonly dbPath: string;
  readonly log: Logger;
  readonly connections: ConnectionRegistry;
  /** The trading desk (cards, approvals, broker); available after start(). */
  readonly trading: TradingService;
  /** The market segments (seed 000); available after start(). */
  readonly segments: SegmentManager;
}

export const DEFAULT_SEED = 42;

/** Resolves the default start instant: now when inside an extended session, else the latest session's 04:00. */
export function defaultStart(now: number): number {
  return latestSessionStart(now);
}

export function createEngine(config: EngineConfig): Engine {
  mkdirSync(config.dataDir, { recursive: true });
  const dbPath = join(config.dataDir, 'kestrel.db');
  const wall = config.wall ?? Date.now;
  const seed = config.seed ?? DEFAULT_SEED;
  const logging = createLogger(config.dataDir, config.logLevel ?? 'info');
  const log = logging.log;
  const metrics = createMetrics();
  const bus = createEventBus((topic, error) => log.error({ err: error, topic }, 'event listener failed'));
  const startedWall = wall();

  let db: Db | null = null;
  let clock: Clock | null = null;
  let market: MarketService | null = null;
  let ingest: Ingestor | null = null;
  let dispatcher: Dispatcher | null = null;
  let connections: ConnectionRegistry | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let sectorRuntime: SectorRuntime | null = null;
  let trading: TradingService | null = null;
  let guardrails: Guardrails | null = null;
  let broker: PaperBroker | null = null;
  let optionChains: OptionsChainService | null = null;
  let segments: SegmentManager | null = null;
  let snapshots: SegmentSnapshots | null = null;
  let lastStatus: Health['status'] = 'ok';
  let state: 'idle' | 'starting' | 'running' | 'stopped' = 'idle';
  const cleanups: (() => void)[] = [];
  let schemaVersion = 0;

  function need<T>(value: T | null, what: string): T {
    if (value === null) throw new Error(`engine not started: ${what} unavailable`);
    return value;
  }

  function clockState(): ClockState {
    const c = need(clock, 'clock');
    const now = c.now();
    return { mode: c.mode, now, speed: c.speed, paused: c.paused, timeZone: EXCHANGE_TZ, session: sessionPhaseAt(now) };
  }

  function dbOk(): boolean {
    try {
      return db !== null && db.open && db.prepare('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  function health(): z.output<typeof HealthSchema> {
    const c = need(clock, 'clock');
    const m = need(market, 'market');
    const ok = dbOk();
    const lastTick = m.lastTickWall();
    const stalled = lastTick === null || wall() - lastTick > Math.max(5_000, (config.tickMs ?? 500) * 10);
    return {
      status: !ok ? 'down' : stalled ? 'degraded' : 'ok',
      version: VERSION,
      uptimeMs: wall() - startedWall,
      db: { ok },
      source: { name: m.sourceName, asOf: m.asOf() },
      clock: { mode: c.mode, now: c.now(), speed: c.speed, paused: c.paused },
    };
  }

  function info(): SystemInfo {
    return {
      name: 'Kestrel',
      version: VERSION,
      host: config.host,
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
      pid: process.pid,
      startedAt: startedWall,
      dataDir: config.dataDir,
      dbPath,
      schemaVersion,
      seed,
      source: need(market, 'market').sourceName,
      instruments: need(market, 'market').instruments().length,
    };
  }

  const internalCtx: CallContext = {
    connectionId: 0,
    transport: 'internal',
    label: 'engine',
    subscribe: () => [],
    unsubscribe: () => [],
  };

  function checkStatus(): void {
    const h = health();
    if (h.status === lastStatus) return;
    const message =
      h.status === 'ok' ? 'engine healthy' : h.status === 'down' ? 'database unavailable' : 'market data loop stalled';
    log.warn({ from: lastStatus, to: h.status }, 'engine status changed');
    lastStatus = h.status;
    bus.emit('system.status', { status: h.status, message, source: h.source });
    if (h.status !== 'ok') {
      config.notifier?.notify({ title: `Kestrel ${h.status}`, body: message, severity: h.status === 'down' ? 'critical' : 'warn' });
    }
  }

  const engine: Engine = {
    version: VERSION,
    metrics,
    bus,
    dbPath,
    log,
    get running() {
      return state === 'running';
    },
    get clock() {
      return need(clock, 'clock');
    },
    get connections() {
      return need(connections, 'connections');
    },
    get trading() {
      return need(trading, 'trading');
    },
    get segments() {
      return need(segments, 'segments');
    },
    async start() {
      if (state !== 'idle') throw new Error(`engine cannot start from state ${state}`);
      state = 'starting';
      log.info({ dataDir: config.dataDir, host: config.host, seed, version: VERSION }, 'engine starting');
      db = openDatabase({ path: dbPath });
      const migration = migrate(db, dbPath, wall);
      schemaVersion = migration.to;
      if (migration.applied.length > 0) log.info(migration, 'database migrated');

      const start = config.start ?? defaultStart(wall());
      const sim = new SimulatedClock({ start, speed: config.speed ?? 1, paused: config.paused ?? false, wall });
      clock = sim;

      const settings = createSettingsRepo(db);
      const barsRepo = createBarsRepo(db);
      const instrumentsRepo = createInstrumentsRepo(db);
      ingest = createIngestor({ db, bars: barsRepo, instruments: instrumentsRepo, runs: createIngestRunsRepo(db), now: () => sim.now() });
      const adapter = createSimulatorAdapter(seed);
      market = createMarketService({
        adapter,
        clock: sim,
        bus,
        log,
        ingest,
        instrumentsRepo,
        barsRepo,
        quotesRepo: createQuotesRepo(db),
        settings,
        datasetKey: `simulator:${seed}`,
        tickMs: config.tickMs ?? 500,
        onTickError(error) {
          metrics.tickErrors.inc();
          log.error({ err: error }, 'market tick failed');
        },
        onQuoteBatch: (n) => metrics.quoteBatch.observe(n),
        ...(config.historyWorkerScript
          ? { runHistory: (job) => runHistoryWorker(config.historyWorkerScript!, { dbPath, adapter: { kind: 'simulator', seed }, from: job.from, to: job.to }, job.onProgress) }
          : {}),
      });

      sectorRuntime = createSectorRuntime({
        db,
        clock: sim,
        bus,
        log,
        market,
        barsRepo,
        adapter,
        dataDir: config.dataDir,
        ...(config.resourcesDir ? { resourcesDir: config.resourcesDir } : {}),
        ...(config.notifier ? { notifier: config.notifier } : {}),
      });
      const resourcesDir = config.resourcesDir ?? findResourcesDir();
      let instrumentMap: Map<string, Instrument> | null = null;
      const instrumentIndex = (): Map<string, Instrument> => (instrumentMap ??= new Map(market!.instruments().map((i) => [i.symbol, i])));
      const marketSvc = market;
      const chains: OptionsChainService = createOptionsChainService({ market: marketSvc, clock: sim, db, seed, log });
      optionChains = chains;
      const strategyDeps = { chains, now: () => sim.now(), expiryTime: expiryClose };
      const optionsDesk = createOptionsDesk({ chains, tools: createStrategyTools(strategyDeps) });
      const desk = createTradingService({
        db,
        clock: sim,
        bus,
        log,
        market: marketSvc,
        settings,
        guardrails: () => need(guardrails, 'guardrails'),
        broker: () => need(broker, 'broker'),
        options: () => optionsDesk,
        segmentOf: (symbol) => segments?.segmentOf(symbol) ?? null,
        dataDir: config.dataDir,
        ...(config.notifier ? { notifier: config.notifier } : {}),
        ...(config.startingCash !== undefined ? { startingCash: config.startingCash } : {}),
      });
      trading = desk;
      guardrails = createGuardrails({
        clock: sim,
        market: marketSvc,
        bars: barsRepo,
        seed,
        resourcesDir,
        dataDir: config.dataDir,
        log,
        positions: () => desk.positionSnapshots(),
        equity: () => desk.equity(),
        onConfigChanged: (next, prev, origin) => {
          if (origin === 'file') desk.auditSettingsChange(next, prev, 'file');
        },
      });
      broker = createPaperBroker({
        db,
        clock: sim,
        bus,
        log,
        quote: (symbol) => {
          try {
            return marketSvc.quote(symbol);
          } catch {
            return null;
          }
        },
        instrument: (symbol) => instrumentIndex().get(symbol),
        adv: (symbol) => marketSvc.avgVolume(symbol),
        account: desk.accountView,
        legQuote: (symbol) => chains.contract(symbol),
      });
      // LLM layer, research agent and market segments: they read data and propose cards; none holds the broker.
      const env = config.env ?? process.env;
      const llm = createLlmGateway({ db, clock: sim, bus, log, settings, secrets: config.secrets ?? createEnvSecretStore(env), env });
      const news = createNewsFeed({
        seed,
        clock: sim,
        instruments: () => marketSvc.instruments(),
        catalysts: simulatorCatalysts(adapter.simulator),
        closeBefore: simulatorCloseBefore(adapter.simulator),
      });
      const research = createResearchAgent({ db, clock: sim, log, llm, news, market: { quote: (s) => marketSvc.quote(s) }, instruments: () => marketSvc.instruments() });
      const catalog: SegmentCatalog = { list: () => need(segments, 'segments').catalog() };
      const books = createSegmentBooks({
        db,
        market: {
          quote: (symbol) => {
            try {
              return marketSvc.quote(symbol);
            } catch {
              return null;
            }
          },
        },
        catalog,
        now: () => sim.now(),
        optionMark: (symbol) => chains.contract(symbol)?.mark ?? null,
      });
      const segmentCompare = createSegmentCompare({ db, books, catalog, bars: barsRepo, now: () => sim.now() });
      snapshots = createSegmentSnapshots({ db, clock: sim, log, books, catalog, bars: barsRepo, compare: segmentCompare, quote: (s) => marketSvc.quote(s) });
      const report = createSegmentReport({ books, compare: segmentCompare, now: () => sim.now() });
      segments = createSegmentManager({
        db,
        clock: sim,
        bus,
        log,
        segments: SEGMENTS,
        market: createSegmentMarketView({ market: marketSvc, bars: barsRepo, seed, clock: sim, news: (s, since, limit) => news.news(s, since, limit), simulator: adapter.simulator }),
        llm,
        research: (symbol, opts) => research.research(symbol, opts),
        books: { book: (id) => books.book(id) },
        proposals: { propose: (input, actor) => desk.createCard(input, actor) },
        preview: true,
        ...(config.segmentRunTimeoutMs !== undefined ? { limits: { runTimeoutMs: config.segmentRunTimeoutMs } } : {}),
      });
      const segmentManager = segments;

      const handlers = {
        ...systemHandlers({ clock: sim, health, info, clockState }),
        ...marketHandlers(market),
        ...eventHandlers(),
        ...sectorRuntime.handlers,
        ...tradingHandlers({ trading: desk, guardrails: () => need(guardrails, 'guardrails'), now: () => sim.now(), wall }),
        ...optionsPricingHandlers(),
        ...optionsChainHandlers(chains),
        ...optionsStrategyHandlers(strategyDeps),
        ...linkHandlers({ bus, now: () => sim.now(), symbolExists: (symbol) => instrumentIndex().has(symbol) }),
        ...llmHandlers(llm),
        ...agentHandlers(research),
        ...segmentHandlers(segmentManager),
        ...analyticsHandlers(),
        ...portfolioSegmentHandlers({ books, compare: segmentCompare, report, dataDir: config.dataDir }),
      } satisfies Handlers;
      dispatcher = createDispatcher(handlers, {
        validateResults: config.validateResults ?? false,
        onCall(method, code, ms) {
          metrics.rpcCalls.inc({ method, code: String(code) });
          metrics.rpcDuration.observe({ method }, ms / 1000);
        },
        onInternalError(method, error) {
          log.error({ err: error, method }, 'handler failed');
        },
      });
      const registry = createConnectionRegistry(bus, dispatcher);
      connections = registry;

      cleanups.push(
        sim.onChange(() => {
          bus.emit('clock.changed', clockState());
          market?.tick().catch((error: unknown) => log.error({ err: error }, 'tick after clock change failed'));
        }),
      );
      await market.start((p) => config.onProgress?.('history', p));
      await sectorRuntime.start();
      guardrails.start();
      await desk.start();
      await segmentManager.start();
      await snapshots.start();
      watchdog = setInterval(checkStatus, 2_000);
      watchdog.unref?.();
      state = 'running';
      log.info({ instruments: market.instruments().length, start: new Date(start).toISOString() }, 'engine started');
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      if (watchdog) clearInterval(watchdog);
      connections?.closeAll();
      for (const c of cleanups.splice(0)) c();
      await snapshots?.stop();
      await segments?.stop();
      await trading?.stop();
      guardrails?.stop();
      // Chain snapshots are written a moment after they are served; write the pending ones before the DB closes.
      optionChains?.flushSnapshots();
      await sectorRuntime?.stop();
      market?.stop();
      if (db) closeDatabase(db);
      log.info('engine stopped');
      logging.close();
    },
    connect(client) {
      const conn = need(connections, 'connections').connect(client);
      metrics.connections.inc({ transport: client.transport });
      let closed = false;
      return {
        id: conn.id,
        request: (raw) => conn.request(raw),
        close() {
          if (closed) return;
          closed = true;
          metrics.connections.dec({ transport: client.transport });
          conn.close();
        },
      };
    },
    async call(method, params) {
      return need(dispatcher, 'dispatcher').call(method, params, internalCtx);
    },
  };
  return engine;
}

export type { ClientInfo, Connection, EventTopic };
