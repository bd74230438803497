/**
 * rankStrategies: candidate strategies for an outlook across one or more expiries, best first.
 *
 * Candidates per expiry:
 * - bullish: bull put spreads at |Δ| 0.15–0.40 × widths 1–3 strikes, and covered calls at 0.20/0.30/0.40Δ;
 * - bearish: bear call spreads at |Δ| 0.15–0.40 × widths 1–3;
 * - neutral: iron condors at |Δ| 0.10–0.30 × widths 1–3;
 * - volatile: the long straddle and long strangles (custom) at 0.20–0.40Δ.
 *
 * Score = probability of profit × reward-to-risk, i.e. the chance of winning times what a win pays per dollar
 * at risk. Where the reward is unlimited (straddles, strangles) it is capped at the P&L of a two-standard-deviation
 * move to expiry (the ATM IV's σ√T, whichever direction pays more). Candidates that cannot lose, cannot win or
 * have unlimited risk are left out; identical leg sets built from different parameters are kept once.
 */
import type { OptionChain, Outlook, Strategy } from '../../../../shared/contract/options-schemas';
import type { StrategyAnalysis } from '../../../../shared/contract/options-schemas';
import { analyzeStrategy, expiryPnl, type AnalysisContext } from './analyze';
import { StrategyInputError } from './model';
import { buildStrangle, buildStrategy, type BuildTemplate } from './templates';

export interface RankContext {
  now: number;
  expiryTime(expiry: string): number;
}

export interface Candidate {
  strategy: Strategy;
  analysis: StrategyAnalysis;
  score: number;
  why: string;
}

export const RANK_LIMIT = 10;
const SPREAD_DELTAS = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4];
const CONDOR_DELTAS = [0.1, 0.15, 0.2, 0.25, 0.3];
const WIDTHS = [1, 2, 3];

export function contextOf(chain: OptionChain, rc: RankContext): AnalysisContext {
  return { spot: chain.spot, rate: chain.rate, dividendYield: chain.dividendYield, multiplier: chain.multiplier, now: rc.now, expiryTime: rc.expiryTime };
}

function proposals(chain: OptionChain, outlook: Outlook): Strategy[] {
  const out: Strategy[] = [];
  const attempt = (f: () => Strategy) => {
    try {
      out.push(f());
    } catch (e) {
      if (!(e instanceof StrategyInputError)) throw e; // a strike that is not listed: that variant does not exist
    }
  };
  const grid = (template: BuildTemplate, deltas: number[]) => {
    for (const targetDelta of deltas) for (const widthSteps of WIDTHS) attempt(() => buildStrategy(chain, template, { targetDelta, widthSteps }));
  };
  switch (outlook) {
    case 'bullish':
      grid('bull_put_spread', SPREAD_DELTAS);
      for (const targetDelta of [0.2, 0.3, 0.4]) attempt(() => buildStrategy(chain, 'covered_call', { targetDelta }));
      break;
    case 'bearish':
      grid('bear_call_spread', SPREAD_DELTAS);
      break;
    case 'neutral':
      grid('iron_condor', CONDOR_DELTAS);
      break;
    case 'volatile':
      attempt(() => buildStrategy(chain, 'long_straddle'));
      for (const d of [0.2, 0.25, 0.3, 0.35, 0.4]) attempt(() => buildStrangle(chain, d));
      break;
  }
  return out;
}

function atmIv(chain: OptionChain): number {
  const row = chain.rows.find((r) => r.strike === chain.atmStrike) ?? chain.rows[0];
  return row ? (row.call.iv + row.put.iv) / 2 : 0;
}

const LABEL: Record<Strategy['template'], string> = {
  iron_condor: 'Iron condor',
  bull_put_spread: 'Bull put spread',
  bear_call_spread: 'Bear call spread',
  covered_call: 'Covered call',
  long_straddle: 'Long straddle',
  custom: 'Custom',
};

function label(s: Strategy): string {
  const strangle = s.legs.length === 2 && s.legs.every((l) => l.kind === 'option' && l.side === 'buy') && s.legs[0]!.type !== s.legs[1]!.type;
  return s.template === 'custom' && strangle ? 'Long strangle' : LABEL[s.template];
}

const money = (x: number) => `$${Math.abs(x).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

function describe(s: Strategy, a: StrategyAnalysis, reward: number, capped: boolean, expiry: string): string {
  const strikes = s.legs.filter((l) => l.kind === 'option').map((l) => l.strike);
  const price = a.netDebit < 0 ? `${money(-a.netDebit / 100)} credit` : `${money(a.netDebit / 100)} debit`;
  const win = capped ? `${money(reward)} on a 2σ move (unlimited above)` : money(reward);
  return (
    `${label(s)} ${strikes.join('/')} ${expiry}: ${price}, ${(a.probabilityOfProfit * 100).toFixed(1)} % chance of profit, ` +
    `risk ${money(a.maxLoss ?? 0)} to make ${win} (R/R ${(reward / (a.maxLoss ?? 1)).toFixed(2)})`
  );
}

export function rankStrategies(chains: readonly OptionChain[], outlook: Outlook, rc: RankContext, limit = RANK_LIMIT): Candidate[] {
  const seen = new Set<string>();
  const out: Candidate[] = [];
  for (const chain of chains) {
    const ctx = contextOf(chain, rc);
    const T = Math.max(0, (rc.expiryTime(chain.expiry) - rc.now) / (365 * 86_400_000));
    const move = Math.exp(2 * atmIv(chain) * Math.sqrt(T));
    for (const strategy of proposals(chain, outlook)) {
      const key = strategy.legs.map((l) => `${l.side}:${l.symbol}:${l.ratio}`).join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      const analysis = analyzeStrategy(strategy, ctx);
      if (analysis.maxLoss === null || !(analysis.maxLoss > 0)) continue;
      let reward = analysis.maxProfit;
      const capped = reward === null;
      if (reward === null) {
        const pnl = expiryPnl(strategy, ctx);
        reward = Math.max(pnl(chain.spot * move), pnl(chain.spot / move));
      }
      if (!(reward > 0)) continue;
      const score = analysis.probabilityOfProfit * (reward / analysis.maxLoss);
      out.push({ strategy, analysis, score, why: describe(strategy, analysis, reward, capped, chain.expiry) });
    }
  }
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, limit);
}
