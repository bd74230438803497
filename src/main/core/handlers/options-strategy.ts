/**
 * options.strategy.* handlers: build a template from the live chain, analyse any legs (custom strategies
 * included) and rank candidates for an outlook. Legs are checked against the chain before any number is computed:
 * an unknown or malformed symbol, a contract that is not listed, or an expiry already past is answered with
 * -32602 and a message naming the leg. The analytics themselves live in core/options/strategy.
 */
import { EngineError, RPC_ERROR } from '../../../shared/contract';
import type { Leg, OptionChain, Strategy, WhatIf } from '../../../shared/contract/options-schemas';
import { parseOccSymbol } from '../options/chain/symbols';
import { StrategyInputError, analyzeStrategy, buildStrategy, contextOf, rankStrategies, type AnalysisContext } from '../options/strategy';
import type { Handlers } from '../rpc/dispatch';

export interface OptionsStrategyDeps {
  chains: {
    chain(underlying: string, expiry?: string): OptionChain;
    expiries(underlying: string): { expiries: { expiry: string }[] };
  };
  now(): number;
  /** Epoch ms of an expiry's 16:00 New York close. */
  expiryTime(expiry: string): number;
}

const DAY_MS = 86_400_000;
/** Ranking looks at up to this many expiries between RANK_MIN_DAYS and RANK_MAX_DAYS out (else the nearest two). */
const RANK_EXPIRIES = 4;
const RANK_MIN_DAYS = 7;
const RANK_MAX_DAYS = 60;

function invalid(message: string): never {
  throw new EngineError(RPC_ERROR.invalidParams, message);
}

/** Runs analytics code, turning its input errors into -32602. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof StrategyInputError) invalid(e.message);
    throw e;
  }
}

/** Leg checks and the analysis context, shared by the handlers and the trading desk (strategy cards). */
export function createStrategyTools(deps: OptionsStrategyDeps) {
  const ctxOf = (chain: OptionChain): AnalysisContext => contextOf(chain, { now: deps.now(), expiryTime: deps.expiryTime });

  /** Checks every leg against the listed chains; fills a missing type, strike, expiry or IV from the contract. */
  function resolve(strategy: Strategy): { strategy: Strategy; ctx: AnalysisContext } {
    const underlying = strategy.underlying.toUpperCase();
    const now = deps.now();
    const chains = new Map<string, OptionChain>();
    let listed: Set<string> | null = null;
    const legs = strategy.legs.map((leg, i): Leg => {
      const where = `leg ${i + 1} (${leg.symbol})`;
      if (leg.kind === 'stock') {
        if (leg.symbol.toUpperCase() !== underlying) invalid(`${where}: a stock leg must be the underlying ${underlying}`);
        return leg;
      }
      const occ = parseOccSymbol(leg.symbol);
      if (!occ) invalid(`${where}: unknown option symbol; expected root + YYMMDD + C/P + strike × 1000 (e.g. ${underlying}261218C00012500)`);
      if (occ.underlying !== underlying) invalid(`${where}: an option on ${occ.underlying}, not on the strategy's underlying ${underlying}`);
      if (leg.type !== null && leg.type !== occ.type) invalid(`${where}: the symbol is a ${occ.type}, the leg says ${leg.type}`);
      if (leg.strike !== null && Math.abs(leg.strike - occ.strike) > 1e-9) invalid(`${where}: the symbol's strike is ${occ.strike}, the leg says ${leg.strike}`);
      if (leg.expiry !== null && leg.expiry !== occ.expiry) invalid(`${where}: the symbol expires ${occ.expiry}, the leg says ${leg.expiry}`);
      let close: number;
      try {
        close = deps.expiryTime(occ.expiry);
      } catch {
        invalid(`${where}: ${occ.expiry} is not an expiry date (no trading session that day)`);
      }
      if (close <= now) invalid(`${where}: expired at the ${occ.expiry} close`);
      listed ??= new Set(deps.chains.expiries(underlying).expiries.map((e) => e.expiry));
      if (!listed.has(occ.expiry)) invalid(`${where}: no ${occ.expiry} expiry is listed for ${underlying}`);
      let chain = chains.get(occ.expiry);
      if (!chain) {
        chain = deps.chains.chain(underlying, occ.expiry);
        chains.set(occ.expiry, chain);
      }
      const row = chain.rows.find((r) => Math.abs(r.strike - occ.strike) < 1e-9);
      const quote = row?.[occ.type];
      if (!quote || quote.symbol.toUpperCase() !== leg.symbol.toUpperCase()) {
        invalid(`${where}: unknown contract; strike ${occ.strike} is not listed in the ${underlying} ${occ.expiry} chain`);
      }
      return { ...leg, symbol: quote.symbol, type: occ.type, strike: occ.strike, expiry: occ.expiry, iv: leg.iv ?? quote.iv };
    });
    const nearest = [...chains.values()].sort((a, b) => deps.expiryTime(a.expiry) - deps.expiryTime(b.expiry))[0] ?? deps.chains.chain(underlying);
    return { strategy: { ...strategy, underlying, legs }, ctx: ctxOf(nearest) };
  }

  return { ctxOf, resolve, analyze: (strategy: Strategy, ctx: AnalysisContext, whatIf?: WhatIf) => guarded(() => analyzeStrategy(strategy, ctx, whatIf)) };
}

export function optionsStrategyHandlers(deps: OptionsStrategyDeps) {
  const { ctxOf, resolve } = createStrategyTools(deps);

  function rankExpiries(underlying: string): string[] {
    const now = deps.now();
    const open = deps.chains
      .expiries(underlying)
      .expiries.map((e) => ({ expiry: e.expiry, days: (deps.expiryTime(e.expiry) - now) / DAY_MS }))
      .filter((e) => e.days > 0)
      .sort((a, b) => a.days - b.days);
    const window = open.filter((e) => e.days >= RANK_MIN_DAYS && e.days <= RANK_MAX_DAYS).slice(0, RANK_EXPIRIES);
    return (window.length ? window : open.slice(0, 2)).map((e) => e.expiry);
  }

  return {
    'options.strategy.build': (p) => {
      const chain = deps.chains.chain(p.underlying, p.expiry);
      const strategy = guarded(() => buildStrategy(chain, p.template, { quantity: p.quantity, targetDelta: p.targetDelta, widthSteps: p.widthSteps }));
      return { strategy, analysis: guarded(() => analyzeStrategy(strategy, ctxOf(chain))) };
    },
    'options.strategy.analyze': (p) => {
      const { strategy, ctx } = resolve(p.strategy);
      return guarded(() => analyzeStrategy(strategy, ctx, p.whatIf));
    },
    'options.strategy.rank': (p) => {
      const expiries = p.expiry !== undefined ? [p.expiry] : rankExpiries(p.underlying);
      const chains = expiries.map((e) => deps.chains.chain(p.underlying, e));
      const underlying = chains[0]?.underlying ?? p.underlying.toUpperCase();
      return { underlying, outlook: p.outlook, candidates: guarded(() => rankStrategies(chains, p.outlook, { now: deps.now(), expiryTime: deps.expiryTime })) };
    },
  } satisfies Pick<Handlers, 'options.strategy.build' | 'options.strategy.analyze' | 'options.strategy.rank'>;
}
