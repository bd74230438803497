/**
 * cards.*, guardrails.*, orders.*, fills.*, positions.*, account.*, trading.* and audit.* handlers. The caller
 * (transport, connection and window label) is the actor written on decisions and in the audit log.
 */
import { EngineError, RPC_ERROR, type GuardrailLimits } from '../../../shared/contract';
import type { CallContext, Handlers } from '../rpc/dispatch';
import { loadGuardrailConfig } from '../trading/guardrails/config';
import type { GuardrailsPort, TradingService } from '../trading/trading-service';

type TradingMethod =
  | 'cards.list'
  | 'cards.get'
  | 'cards.create'
  | 'cards.approve'
  | 'cards.approveAll'
  | 'cards.reject'
  | 'cards.modify'
  | 'cards.cancel'
  | 'cards.funnel'
  | 'guardrails.evaluate'
  | 'guardrails.explain'
  | 'guardrails.config'
  | 'guardrails.updateLimits'
  | 'orders.list'
  | 'fills.list'
  | 'positions.list'
  | 'account.get'
  | 'trading.halt'
  | 'trading.resume'
  | 'trading.status'
  | 'audit.list'
  | 'audit.verify'
  | 'audit.export'
  | 'cards.createStrategy'
  | 'options.status'
  | 'options.setTradingEnabled';

export interface TradingHandlerDeps {
  trading: TradingService;
  guardrails: () => GuardrailsPort;
  now: () => number;
  /** Wall clock for the rate limiter (it protects the engine, not the simulation). */
  wall: () => number;
  /** guardrails.evaluate calls allowed per client per minute. Default 30. */
  evaluationsPerMinute?: number;
}

/** Who acted, as written in the audit log: 'ws#3 approvals', 'ipc#2 approvals#7', 'internal#0 engine'. */
export function actorOf(ctx: CallContext): string {
  return `${ctx.transport}#${ctx.connectionId} ${ctx.label}`;
}

/** A sliding one-minute window per connection. In-process calls (ctx.transport 'internal') are not limited. */
export function createRateLimiter(limit: number, windowMs: number, wall: () => number) {
  const calls = new Map<number, number[]>();
  return {
    take(ctx: CallContext): void {
      if (ctx.transport === 'internal') return;
      const t = wall();
      const recent = (calls.get(ctx.connectionId) ?? []).filter((x) => t - x < windowMs);
      if (recent.length >= limit) {
        const retryAfterMs = windowMs - (t - recent[0]!);
        calls.set(ctx.connectionId, recent);
        throw new EngineError(RPC_ERROR.rateLimited, `at most ${limit} guardrail evaluations a minute; retry in ${Math.ceil(retryAfterMs / 1000)} s`, { retryAfterMs });
      }
      recent.push(t);
      calls.set(ctx.connectionId, recent);
      if (calls.size > 1_000) for (const [id, ts] of calls) if (ts.every((x) => t - x >= windowMs)) calls.delete(id);
    },
  };
}

const DAY = 86_400_000;

export function tradingHandlers(deps: TradingHandlerDeps): Pick<Handlers, TradingMethod> {
  const { trading } = deps;
  const limiter = createRateLimiter(deps.evaluationsPerMinute ?? 30, 60_000, deps.wall);
  let shippedDefaults: { path: string; limits: GuardrailLimits } | null = null;
  /** The config with the shipped defaults (read once: the resources folder is read-only) and the regime's numbers. */
  const withDefaults = (info: ReturnType<GuardrailsPort['info']>) => {
    if (shippedDefaults?.path !== info.defaultsPath) shippedDefaults = { path: info.defaultsPath, limits: loadGuardrailConfig(info.defaultsPath).config.limits };
    return { ...info, defaults: shippedDefaults.limits, regimeReading: deps.guardrails().regime() };
  };
  const statuses = <T extends string>(s: T | T[] | undefined): T[] | undefined => (s === undefined ? undefined : Array.isArray(s) ? s : [s]);
  return {
    'cards.list': (p) => trading.listCards({ statuses: statuses(p.status), symbol: p.symbol, origin: p.origin, offset: p.offset, limit: p.limit }),
    'cards.get': (p) => trading.getCard(p.id),
    'cards.create': (p, ctx) => trading.createCard(p, actorOf(ctx)),
    'cards.createStrategy': (p, ctx) => trading.createStrategyCard(p, actorOf(ctx)),
    'options.status': () => trading.optionsStatus(),
    'options.setTradingEnabled': (p, ctx) => trading.setOptionsTrading(p.enabled, actorOf(ctx)),
    'cards.approve': (p, ctx) => trading.approve(p, actorOf(ctx)),
    'cards.approveAll': async (p, ctx) => {
      const approved = [];
      const refused = [];
      for (const id of [...new Set(p.ids)]) {
        try {
          approved.push(await trading.approve({ id }, actorOf(ctx)));
        } catch (error) {
          if (!(error instanceof EngineError)) throw error;
          refused.push({ id, code: error.code, message: error.message });
        }
      }
      return { approved, refused };
    },
    'cards.reject': (p, ctx) => trading.reject(p.id, p.reason, actorOf(ctx)),
    'cards.modify': (p, ctx) => trading.modify(p, actorOf(ctx)),
    'cards.cancel': (p, ctx) => trading.cancel(p.id, p.reason, actorOf(ctx)),
    'cards.funnel': (p) => {
      const to = p.to ?? deps.now();
      return trading.funnel(p.from ?? to - DAY, to);
    },
    'guardrails.evaluate': (p, ctx) => {
      limiter.take(ctx);
      return trading.evaluate(p);
    },
    'guardrails.explain': (p) => trading.explain(p.cardId),
    'guardrails.config': () => withDefaults(deps.guardrails().info()),
    'guardrails.updateLimits': (p, ctx) => {
      const prev = deps.guardrails().config();
      const info = deps.guardrails().updateLimits(p.limits);
      trading.auditSettingsChange(info.config, prev, 'api', actorOf(ctx));
      return withDefaults(info);
    },
    'orders.list': (p) => ({ orders: trading.listOrders({ cardId: p.cardId, statuses: statuses(p.status), limit: p.limit }) }),
    'fills.list': (p) => ({ fills: trading.listFills({ cardId: p.cardId, symbol: p.symbol, limit: p.limit }) }),
    'positions.list': () => trading.positionsAndAccount(),
    'account.get': () => trading.positionsAndAccount().account,
    'trading.halt': async (p, ctx) => {
      const status = trading.halt(p.reason, actorOf(ctx));
      if (!p.cancelWorking) return status;
      await trading.cancelWorking(`trading halted: ${p.reason}`, actorOf(ctx));
      return trading.status();
    },
    'trading.resume': (p, ctx) => trading.resume(p.reason, actorOf(ctx)),
    'trading.status': () => trading.status(),
    'audit.list': (p) => trading.audit.list({ beforeSeq: p.beforeSeq, entity: p.entity, entityId: p.entityId, limit: p.limit }),
    'audit.verify': () => trading.audit.verify(),
    'audit.export': (p) => trading.exportAudit(p.format),
  };
}
