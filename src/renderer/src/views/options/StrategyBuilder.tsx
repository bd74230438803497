/**
 * The strategy builder: a template picker (built from the live chain by options.strategy.build), "Suggest for"
 * an outlook (options.strategy.rank, best first with the engine's reasons), the editable legs table (strike
 * from the chain's strikes, side, ratio, price; remove; chain clicks add legs), then the analysis, payoff and
 * what-if (StrategyResult) and "Send to approval" (SendToApproval).
 */
import { useState, type ReactNode } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import { OUTLOOKS, type OptionChain, type Outlook, type Strategy, type StrategyTemplate, type WhatIf } from '../../../../shared/contract/options-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatPrice } from '../../lib/format';
import { editLeg, expiryLabel, formatIv, legLabel, removeLeg, TEMPLATE_LABELS, type LegEdit } from './options-model';
import { SendToApproval } from './SendToApproval';
import { StrategyResult } from './StrategyResult';
import { useStrategyAnalysis } from './use-strategy-analysis';

const BUILD_TEMPLATES = ['iron_condor', 'bull_put_spread', 'bear_call_spread', 'covered_call', 'long_straddle'] as const;

/** Props of StrategyBuilder. */
export interface StrategyBuilderProps {
  symbol: string;
  expiry: string | null;
  chain: OptionChain | null;
  strategy: Strategy | null;
  onStrategy(s: Strategy | null): void;
  status: Result<'options.status'> | null;
  onEnableTrading(): void;
  onStatusStale?(): void;
}

/** The builder panel. */
export function StrategyBuilder({ symbol, expiry, chain, strategy, onStrategy, status, onEnableTrading, onStatusStale }: StrategyBuilderProps): ReactNode {
  const client = useEngine();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ranked, setRanked] = useState<Result<'options.strategy.rank'> | null>(null);
  const [whatIf, setWhatIf] = useState<WhatIf>({});
  const result = useStrategyAnalysis(strategy, whatIf);

  const build = (template: StrategyTemplate): void => {
    setError(null);
    if (template === 'custom') {
      onStrategy(strategy ? { ...strategy, template: 'custom' } : null);
      return;
    }
    setBusy(template);
    client.invoke('options.strategy.build', { underlying: symbol, template, ...(expiry ? { expiry } : {}), quantity: strategy?.quantity ?? 1 }).then(
      (r) => {
        setBusy(null);
        onStrategy(r.strategy);
      },
      (e: unknown) => {
        setBusy(null);
        setError(`Could not build the ${TEMPLATE_LABELS[template].toLowerCase()}: ${errorText(e)}`);
      },
    );
  };

  const rank = (outlook: Outlook): void => {
    setError(null);
    setBusy(`rank-${outlook}`);
    client.invoke('options.strategy.rank', { underlying: symbol, outlook, ...(expiry ? { expiry } : {}) }).then(
      (r) => {
        setBusy(null);
        setRanked(r);
      },
      (e: unknown) => {
        setBusy(null);
        setError(`Could not rank strategies: ${errorText(e)}`);
      },
    );
  };

  const edit = (i: number, e: LegEdit): void => {
    if (strategy) onStrategy(editLeg(strategy, i, e, chain));
  };

  return (
    <section className="sb" aria-label="Strategy builder" data-testid="strategy-builder">
      <div className="sb-head">
        <h2 className="sb-h2">Strategy</h2>
        <div className="sb-templates" role="group" aria-label="Strategy template">
          {[...BUILD_TEMPLATES, 'custom' as const].map((t) => (
            <button
              key={t}
              type="button"
              className={`seg-btn ${strategy?.template === t ? 'active' : ''}`}
              aria-pressed={strategy?.template === t}
              disabled={busy !== null || (t !== 'custom' && expiry === null)}
              onClick={() => build(t)}
              data-testid={`template-${t}`}
              title={t === 'custom' ? 'Custom: click bids and asks in the chain to add legs' : `Build a ${TEMPLATE_LABELS[t].toLowerCase()} on ${expiry ?? 'the chosen expiry'} from the live chain`}
            >
              {busy === t ? '…' : TEMPLATE_LABELS[t]}
            </button>
          ))}
        </div>
      </div>
      <div className="sb-suggest" role="group" aria-label="Suggest strategies for an outlook">
        <span className="muted">Suggest for:</span>
        {OUTLOOKS.map((o) => (
          <button key={o} type="button" className="btn btn-small" disabled={busy !== null} onClick={() => rank(o)} data-testid={`rank-${o}`} aria-label={`Suggest strategies for a ${o} outlook`}>
            {busy === `rank-${o}` ? '…' : o}
          </button>
        ))}
      </div>
      {ranked && ranked.underlying === symbol && (
        <ol className="sb-ranked" aria-label={`Strategies ranked for a ${ranked.outlook} outlook`} data-testid="ranked-list">
          {ranked.candidates.length === 0 && <li className="muted">No candidate for a {ranked.outlook} outlook on this chain.</li>}
          {ranked.candidates.slice(0, 5).map((c, i) => (
            <li key={i} className="sb-cand">
              <span className="sb-cand-name">{TEMPLATE_LABELS[c.strategy.template]}</span>
              <span className="num muted" title="Ranking score">
                {c.score.toFixed(2)}
              </span>
              <span className="num" title="Probability of profit">
                POP {(c.analysis.probabilityOfProfit * 100).toFixed(1)}%
              </span>
              <span className="num" title="Reward to risk">
                R:R {c.analysis.rewardToRisk === null ? '∞' : c.analysis.rewardToRisk.toFixed(2)}
              </span>
              <span className="sb-why muted" title={c.why}>
                {c.why}
              </span>
              <button type="button" className="link-btn" onClick={() => onStrategy(c.strategy)} aria-label={`Use the ${TEMPLATE_LABELS[c.strategy.template]} candidate`}>
                Use
              </button>
            </li>
          ))}
        </ol>
      )}
      {error && (
        <p className="ad-error" role="alert">
          {error}
        </p>
      )}
      {!strategy ? (
        <p className="sb-empty muted" data-testid="strategy-empty">
          Pick a template, ask for suggestions, or click a bid (sell) or an ask (buy) in the chain to start a custom strategy.
        </p>
      ) : (
        <>
          <LegsTable strategy={strategy} chain={chain} onEdit={edit} onRemove={(i) => onStrategy(removeLeg(strategy, i))} onQuantity={(q) => onStrategy({ ...strategy, quantity: q })} />
          <StrategyResult strategy={strategy} result={result} whatIf={whatIf} onWhatIf={setWhatIf} spot={chain?.underlying === strategy.underlying ? chain.spot : null} />
          <SendToApproval strategy={strategy} analysis={result.analysis} status={status} onEnableTrading={onEnableTrading} {...(onStatusStale ? { onRefused: onStatusStale } : {})} />
        </>
      )}
    </section>
  );
}

function LegsTable({ strategy, chain, onEdit, onRemove, onQuantity }: { strategy: Strategy; chain: OptionChain | null; onEdit(i: number, e: LegEdit): void; onRemove(i: number): void; onQuantity(q: number): void }): ReactNode {
  const strikes = chain?.rows.map((r) => r.strike) ?? [];
  return (
    <div className="sb-legs-wrap">
      <div className="sb-legs-head">
        <span className="sb-name" data-testid="strategy-name">
          {TEMPLATE_LABELS[strategy.template]} · {strategy.underlying}
        </span>
        <label className="sb-qty">
          Quantity
          <input
            type="number"
            min={1}
            max={10_000}
            step={1}
            value={strategy.quantity}
            aria-label="Strategy quantity (units)"
            data-testid="strategy-quantity"
            onChange={(e) => {
              const q = Number(e.target.value);
              if (Number.isInteger(q) && q >= 1 && q <= 10_000) onQuantity(q);
            }}
          />
        </label>
      </div>
      <table className="sb-legs" aria-label="Strategy legs" data-testid="legs-table" data-legs={strategy.legs.length}>
        <thead>
          <tr>
            <th scope="col">Leg</th>
            <th scope="col">Side</th>
            <th scope="col" className="num">
              Ratio
            </th>
            <th scope="col">Strike</th>
            <th scope="col">Expiry</th>
            <th scope="col" className="num">
              Price
            </th>
            <th scope="col" className="num">
              IV
            </th>
            <th scope="col" aria-label="Remove" />
          </tr>
        </thead>
        <tbody>
          {strategy.legs.map((l, i) => {
            const canStrike = l.kind === 'option' && chain !== null && chain.expiry === l.expiry;
            return (
              <tr key={`${i}-${l.symbol}`} data-testid="leg-row" aria-label={legLabel(l)}>
                <td className="sb-leg-kind">{l.kind === 'stock' ? 'Stock' : l.type === 'call' ? 'Call' : 'Put'}</td>
                <td>
                  <select value={l.side} aria-label={`Side of leg ${i + 1}`} onChange={(e) => onEdit(i, { kind: 'side', side: e.target.value as 'buy' | 'sell' })} className={l.side === 'buy' ? 'up' : 'down'}>
                    <option value="buy">Buy</option>
                    <option value="sell">Sell</option>
                  </select>
                </td>
                <td className="num">
                  <input type="number" min={1} max={1000} step={1} value={l.ratio} aria-label={`Ratio of leg ${i + 1}`} className="sb-num" onChange={(e) => onEdit(i, { kind: 'ratio', ratio: Number(e.target.value) })} />
                </td>
                <td>
                  {l.kind === 'stock' ? (
                    <span className="muted">—</span>
                  ) : canStrike ? (
                    <select value={String(l.strike)} aria-label={`Strike of leg ${i + 1}`} data-testid="leg-strike" onChange={(e) => onEdit(i, { kind: 'strike', strike: Number(e.target.value) })}>
                      {strikes.map((k) => (
                        <option key={k} value={k}>
                          {k}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="num" title="Switch the chain to this leg's expiry to change its strike">
                      {l.strike}
                    </span>
                  )}
                </td>
                <td className="muted">{l.expiry ? expiryLabel(l.expiry) : '—'}</td>
                <td className="num">
                  <PriceInput value={l.price} label={`Price of leg ${i + 1}`} onCommit={(p) => onEdit(i, { kind: 'price', price: p })} />
                </td>
                <td className="num muted">{formatIv(l.iv)}</td>
                <td>
                  <button type="button" className="icon-btn" aria-label={`Remove leg ${i + 1} (${legLabel(l)})`} title="Remove this leg" onClick={() => onRemove(i)} data-testid="remove-leg">
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A price field that commits on blur or Enter (typing "1." must not be rejected mid-way). */
function PriceInput({ value, label, onCommit }: { value: number; label: string; onCommit(v: number): void }): ReactNode {
  const [text, setText] = useState<string | null>(null);
  const commit = (): void => {
    if (text === null) return;
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v) && v >= 0) onCommit(v);
    setText(null);
  };
  return (
    <input
      type="text"
      inputMode="decimal"
      className="sb-num sb-price"
      aria-label={label}
      value={text ?? formatPrice(value, value > 0 ? value : 1)}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit();
      }}
    />
  );
}
