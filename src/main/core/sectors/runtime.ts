/**
 * Composition of the sector capability: configuration (YAML, reloaded on change), the catalyst stream, the
 * sector service, the scheduler that runs it at 20:00, 04:00, 08:00 and every 30 minutes of the extended session,
 * significant-move alerts, and the handlers. Built by the engine at start, released at stop.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Clock } from '../clock';
import type { Db } from '../db/open-database';
import type { BarsRepo } from '../db/repositories';
import { createAlertsRepo } from '../db/repositories/alerts-repo';
import { createCatalystsRepo } from '../db/repositories/catalysts-repo';
import { createSchedulerRepo } from '../db/repositories/scheduler-repo';
import { createSectorRepo, createUniverseRepo } from '../db/repositories';
import type { EventBus } from '../events/bus';
import { sectorHandlers } from '../handlers/sectors';
import type { Logger } from '../log';
import { sessionPhaseAt } from '../market/calendar';
import type { MarketService } from '../market/market-service';
import type { MarketDataAdapter } from '../market/ports';
import { catalystEvents } from '../market/simulator/catalyst-events';
import type { SimulatorAdapter } from '../market/simulator-adapter';
import type { Notifier } from '../ports';
import { createScheduler, SECTOR_JOBS } from '../scheduler/scheduler';
import { loadSectorConfig, watchSectorConfig, type SectorConfig } from './config';
import { createMoveAlerts } from './move-alerts';
import { createSectorService } from './sector-service';

export interface SectorRuntimeDeps {
  db: Db;
  clock: Clock;
  bus: EventBus;
  log: Logger;
  market: MarketService;
  barsRepo: BarsRepo;
  adapter: MarketDataAdapter;
  dataDir: string;
  resourcesDir?: string;
  notifier?: Notifier;
  /** Wall-clock interval of the scheduler's poll. */
  pollMs?: number;
}

/** Finds the shipped resources folder by walking up from this module (bundled or not). */
export function findResourcesDir(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'resources', 'sectors.yaml'))) return join(dir, 'resources');
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error(`cannot find resources/sectors.yaml above ${start}; set resourcesDir`);
}

function isSimulator(adapter: MarketDataAdapter): adapter is SimulatorAdapter {
  return 'simulator' in adapter;
}

export function createSectorRuntime(deps: SectorRuntimeDeps) {
  const { db, clock, bus, log, market } = deps;
  const defaultsPath = join(deps.resourcesDir ?? findResourcesDir(), 'sectors.yaml');
  const overridePath = join(deps.dataDir, 'sectors.yaml');
  let config: SectorConfig = loadSectorConfig(defaultsPath, overridePath).config;
  const alertsRepo = createAlertsRepo(db);
  const catalysts = createCatalystsRepo(db);

  const service = createSectorService({
    clock,
    bus,
    log,
    market,
    bars: deps.barsRepo,
    universe: createUniverseRepo(db),
    runs: createSectorRepo(db),
    config: () => config,
    catalystCounts: (fromT, toT) => catalysts.counts(undefined, fromT, toT),
    ingestCatalysts(fromDate, toDate, now) {
      if (!isSimulator(deps.adapter)) return;
      // Only what has happened by now: a later run stores the rest as the clock passes it.
      const events = catalystEvents(deps.adapter.simulator, market.instruments(), fromDate, toDate).filter((e) => e.t <= now);
      catalysts.insertMany(events, deps.adapter.name);
    },
  });

  const scheduler = createScheduler({
    clock,
    ledger: createSchedulerRepo(db),
    jobs: SECTOR_JOBS,
    async onDue(job) {
      if (job.id === 'sectors.evening') service.compact();
      await service.analyze(`schedule:${job.id}`).promise;
    },
    onError: (error: unknown) => log.error({ err: error }, 'scheduled job failed'),
  });

  let stopWatch: (() => void) | null = null;
  let stopAlerts: (() => void) | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling: Promise<void> = Promise.resolve();

  return {
    service,
    handlers: sectorHandlers({ sectors: service, market, alerts: alertsRepo, config: () => config, now: () => clock.now() }),
    async start(): Promise<void> {
      service.load();
      service.universe();
      stopAlerts = createMoveAlerts({
        bus,
        repo: alertsRepo,
        ...(deps.notifier ? { notifier: deps.notifier } : {}),
        thresholdPct: () => config.alerts.significantMovePct,
        isMember: (s) => service.isMember(s),
        sectorOf: (s) => service.sectorOf(s),
        sessionDate: (t) => sessionPhaseAt(t).date,
      }).stop;
      stopWatch = watchSectorConfig(
        defaultsPath,
        overridePath,
        (next) => {
          config = next;
          log.info('sector configuration reloaded');
        },
        (error) => log.warn({ err: error }, 'sector configuration rejected; keeping the previous one'),
      );
      // A slot missed while the app was closed runs once now; with no analysis at all, run one at once.
      await scheduler.catchUp();
      if (service.latestAsOf() === null) service.analyze('start');
      timer = setInterval(() => {
        polling = scheduler.poll().catch((error: unknown) => log.error({ err: error }, 'scheduler poll failed'));
      }, deps.pollMs ?? 1_000);
      timer.unref?.();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      stopWatch?.();
      stopAlerts?.();
      await polling;
      await service.idle();
    },
  };
}

export type SectorRuntime = ReturnType<typeof createSectorRuntime>;
