/** sectors.*, universe.* and alerts.* handlers. */
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import type { AlertsRepo } from '../db/repositories/alerts-repo';
import type { MarketService } from '../market/market-service';
import type { Handlers } from '../rpc/dispatch';
import type { SectorConfig } from '../sectors/config';
import type { SectorService } from '../sectors/sector-service';
import { classifyScore } from '../sectors/scoring';
import { evaluateCandidate } from '../sectors/universe-rules';

export interface SectorHandlerDeps {
  sectors: SectorService;
  market: MarketService;
  alerts: AlertsRepo;
  config: () => SectorConfig;
  now: () => number;
}

const DAY = 86_400_000;

export function sectorHandlers(deps: SectorHandlerDeps) {
  const { sectors } = deps;
  return {
    'universe.current': (p) => {
      const u = sectors.universe();
      const rows = u.members.filter(
        (m) => (p.sector === undefined || m.sector === p.sector) && (p.tier === undefined || m.tier === p.tier) && (p.included === undefined || m.included === p.included),
      );
      return {
        date: u.date,
        total: rows.length,
        members: u.members.filter((m) => m.included).length,
        items: rows.slice(p.offset, p.offset + p.limit),
        changes: u.changes,
      };
    },
    'universe.evaluate': (p) => ({ results: p.candidates.map((c) => evaluateCandidate(c, deps.config().universe)) }),
    'sectors.grid': () => sectors.grid(),
    'sectors.detail': (p) => {
      const summary = sectors.summary(p.sector);
      const members = sectors.members(p.sector).map(({ input, member }) => ({
        symbol: input.symbol,
        name: input.name,
        tier: member.tier,
        price: input.price,
        changePct: input.prevClose > 0 ? (input.price / input.prevClose - 1) * 100 : 0,
        gapPct: input.open !== null && input.prevClose > 0 ? (input.open / input.prevClose - 1) * 100 : 0,
        volumeRatio: input.avgVolume20 > 0 ? input.volume / input.avgVolume20 : 0,
        marketCap: member.marketCap,
        float: input.float,
        performance: input.returns,
      }));
      return { summary, members };
    },
    'sectors.history': (p) => {
      const to = p.to ?? deps.now();
      const from = p.from ?? to - 90 * DAY;
      return { sector: p.sector, points: sectors.history(p.sector, from, to) };
    },
    'sectors.classify': (p) => classifyScore(p.score),
    'sectors.analyze': () => ({ jobId: sectors.analyze('manual').jobId }),
    'sectors.cancelAnalysis': (p) => ({ cancelled: sectors.cancel(p.jobId) }),
    'sectors.overrideClassification': (p) => {
      const inst = deps.market.instruments().find((i) => i.symbol === p.symbol);
      if (!inst) throw new EngineError(RPC_ERROR.notFound, `unknown symbol ${p.symbol}`);
      return { symbol: p.symbol, ...sectors.override(inst, p.sector) };
    },
    'alerts.list': (p) => ({ alerts: deps.alerts.list(p.limit, p.unackedOnly) }),
    'alerts.ack': (p) => {
      const alert = deps.alerts.ack(p.id, deps.now());
      if (!alert) throw new EngineError(RPC_ERROR.notFound, `no alert ${p.id}`);
      return alert;
    },
  } satisfies Partial<Handlers>;
}
