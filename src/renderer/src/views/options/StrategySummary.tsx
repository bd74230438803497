/**
 * A multi-leg card's strategy in one dense line, for the approval queue: template, each leg (+1 P 210 Dec 18),
 * the net price per share (debit or credit), max loss and max profit of the whole position, and the expiry.
 */
import type { ReactNode } from 'react';
import type { CardStrategy } from '../../../../shared/contract/trading-schemas';
import { formatPrice } from '../../lib/format';
import { formatMoney } from '../approvals/trade-format';
import { legLabel, TEMPLATE_LABELS } from './options-model';
import './strategy-summary.css';

/** The strategy line of a card. */
export function StrategySummary({ strategy, quantity }: { strategy: CardStrategy; quantity: number }): ReactNode {
  const net = strategy.netPrice;
  const kind = net > 0 ? 'debit' : net < 0 ? 'credit' : 'even';
  const netText = `${kind === 'even' ? '' : `${kind} `}${formatPrice(Math.abs(net), 1)}`;
  const loss = strategy.maxLoss === null ? 'unlimited' : formatMoney(Math.abs(strategy.maxLoss));
  const profit = strategy.maxProfit === null ? 'unlimited' : formatMoney(strategy.maxProfit);
  const legs = strategy.legs.map(legLabel);
  return (
    <div
      className="cs-line"
      data-testid="card-strategy"
      data-template={strategy.template}
      aria-label={`${TEMPLATE_LABELS[strategy.template]}, ${quantity} unit${quantity === 1 ? '' : 's'}: ${legs.join(', ')}; net ${netText} per share; max loss ${loss}; max profit ${profit}; expires ${strategy.expiry}`}
    >
      <span className="cs-template">{TEMPLATE_LABELS[strategy.template]}</span>
      <span className="cs-legs">
        {strategy.legs.map((l, i) => (
          <span key={i} className={`cs-leg ${l.side === 'buy' ? 'cs-buy' : 'cs-sell'}`} title={l.symbol}>
            {legLabel(l)}
          </span>
        ))}
      </span>
      <span className="cs-fig num" title="Net price per share of one unit (× the multiplier per contract)">
        <span className="muted">net</span> {netText}
      </span>
      <span className="cs-fig num" title="Whole position at expiry">
        <span className="muted">max loss</span> <span className="down">{loss}</span>
      </span>
      <span className="cs-fig num" title="Whole position at expiry">
        <span className="muted">max profit</span> <span className="up">{profit}</span>
      </span>
      <span className="cs-fig muted">exp {strategy.expiry}</span>
    </div>
  );
}
