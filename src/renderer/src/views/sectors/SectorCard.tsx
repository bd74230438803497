/**
 * One sector's traffic-light card: colour-dominated header (name, ETF, score, signal, confidence), the four
 * timeframe chips, the top bullish and bearish names, and the member count. A colour change fades to the new
 * colour, flashes the border and shows the previous colour for a moment ("was: light red").
 */
import { memo, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { RankedStock, SectorColour, SectorSummary } from '../../../../shared/contract/sector-schemas';
import { openTicket } from '../../components/order-ticket/ticket-store';
import { changeClass, formatPct } from '../../lib/format';
import { openInMarket, openSectorDetail } from '../../store/actions';
import {
  colourChangedFrom,
  colourClass,
  colourDirection,
  colourLabel,
  emptyListText,
  enteredSymbols,
  FLASH_MS,
  formatConfidence,
  formatScore,
  formatVolumeRatio,
  isVolumeSpike,
  showsNewBadge,
  signalLabel,
  signalText,
  TIMEFRAME_CHIPS,
  WAS_CHIP_MS,
} from './sector-model';

/** Props of SectorCard. */
export interface SectorCardProps {
  summary: SectorSummary;
  /** The card whose detail drawer is open. */
  selected?: boolean;
}

interface ColourChange {
  from: SectorColour;
  /** Increments per change so the flash element remounts (restarting its animation). */
  seq: number;
  flashing: boolean;
}

/** Tracks the colour this card last showed and what it changed from (local state, seeded by previousColour). */
function useColourChange(summary: SectorSummary): ColourChange | null {
  const lastSeen = useRef<SectorColour | undefined>(undefined);
  const seqRef = useRef(0);
  const [change, setChange] = useState<ColourChange | null>(null);
  const { colour, previousColour } = summary;
  useEffect(() => {
    const from = colourChangedFrom(lastSeen.current, { colour, previousColour });
    lastSeen.current = colour;
    if (from !== null) setChange({ from, seq: ++seqRef.current, flashing: true });
  }, [colour, previousColour]);
  const seq = change?.seq;
  useEffect(() => {
    if (seq === undefined) return;
    const stopFlash = setTimeout(() => setChange((c) => (c && c.seq === seq ? { ...c, flashing: false } : c)), FLASH_MS);
    const hideChip = setTimeout(() => setChange((c) => (c && c.seq === seq ? null : c)), WAS_CHIP_MS);
    return () => {
      clearTimeout(stopFlash);
      clearTimeout(hideChip);
    };
  }, [seq]);
  return change;
}

/** Remembers the list this card showed before, to badge and animate names that entered it. */
function usePrevious<T>(value: T): T | undefined {
  const ref = useRef<{ current: T; previous: T | undefined }>({ current: value, previous: undefined });
  if (ref.current.current !== value) ref.current = { current: value, previous: ref.current.current };
  return ref.current.previous;
}

/** The card. */
export const SectorCard = memo(function SectorCard({ summary, selected = false }: SectorCardProps): ReactNode {
  const change = useColourChange(summary);
  const open = (): void => openSectorDetail(summary.id);
  const onKey = (e: KeyboardEvent<HTMLElement>): void => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  };
  const dir = change ? colourDirection(change.from, summary.colour) : 'flat';
  return (
    <article
      className={`sector-card ${colourClass(summary.colour)} ${change?.flashing ? 'sc-changing' : ''} ${selected ? 'sc-selected' : ''}`}
      data-testid="sector-card"
      data-sector={summary.id}
      data-colour={summary.colour}
      data-changed-from={change?.from ?? ''}
      tabIndex={0}
      aria-label={`${summary.name}: ${formatScore(summary.score)}, ${signalText(summary.signal)}. Open details.`}
      onClick={open}
      onKeyDown={onKey}
    >
      {change?.flashing && <span key={change.seq} className="sc-flash" aria-hidden="true" />}
      <header className="sc-head">
        <h3 className="sc-name" title={summary.name}>
          {summary.name}
        </h3>
        <span className="sc-score num" data-testid="sector-score" data-score={summary.score} title="Sentiment score, −1 to +1">
          {formatScore(summary.score)}
        </span>
        <div className="sc-signal-row">
          <span className="sc-signal" title={signalText(summary.signal)} data-testid="sector-signal">
            {signalLabel(summary.signal)}
          </span>
          <span className="sc-conf" title={`ETF proxy ${summary.etf}; confidence of the score`}>
            <span className="sc-etf">{summary.etf}</span> · <span className="sc-conf-word">conf </span>
            {formatConfidence(summary.confidence)}
          </span>
        </div>
        {change && (
          <span
            className={`sc-was ${colourClass(change.from)}`}
            data-testid="previous-colour"
            data-colour={change.from}
            title={`Changed from ${colourLabel(change.from)} to ${colourLabel(summary.colour)}`}
          >
            <span className="sc-was-swatch" aria-hidden="true" />
            was: {colourLabel(change.from)} {dir === 'up' ? '↑' : dir === 'down' ? '↓' : ''}
          </span>
        )}
      </header>
      <div className="sc-tfs" role="group" aria-label="Performance by timeframe">
        {TIMEFRAME_CHIPS.map((tf) => {
          const p = summary.timeframes[tf.id];
          return (
            <span
              key={tf.id}
              className="sc-tf"
              data-testid="timeframe-chip"
              data-tf={tf.id}
              title={`${tf.title}: ${formatPct(p.performancePct)} · alpha vs IWM ${formatPct(p.alphaPct)} · ${p.members} members`}
            >
              <span className="sc-tf-label">{tf.label}</span>
              <span className={`sc-tf-value num ${changeClass(p.performancePct)}`}>{formatPct(p.performancePct)}</span>
            </span>
          );
        })}
      </div>
      <TopList side="bullish" stocks={summary.topBullish} note={summary.bullishNote} />
      <TopList side="bearish" stocks={summary.topBearish} note={summary.bearishNote} />
      <footer className="sc-foot">
        <span>{summary.members} members</span>
        <span className="sc-foot-hint">Details ›</span>
      </footer>
    </article>
  );
});

function TopList({ side, stocks, note }: { side: 'bullish' | 'bearish'; stocks: readonly RankedStock[]; note: string | null }): ReactNode {
  const previous = usePrevious(stocks);
  const entered = enteredSymbols(previous, stocks);
  return (
    <section className={`sc-list sc-list-${side}`} data-testid={side === 'bullish' ? 'top-bullish' : 'top-bearish'}>
      <h4 className="sc-list-title">
        <span aria-hidden="true">{side === 'bullish' ? '▲' : '▼'}</span> Top {side}
        {side === 'bearish' && <span className="sc-list-sub">shortable</span>}
      </h4>
      {stocks.length === 0 ? (
        <p className="sc-note">{emptyListText(note, side)}</p>
      ) : (
        <ol className="sc-names">
          {stocks.map((s) => (
            <li key={s.symbol} className={`sc-name-li ${entered.has(s.symbol) ? 'sc-entered' : ''}`}>
              <button
                type="button"
                className="sc-name-btn"
                data-testid="top-name"
                data-symbol={s.symbol}
                title={`${s.name} — ${s.reasons.join('; ') || 'open in the Market view'}`}
                aria-label={`${s.symbol} ${formatPct(s.changePct)}, open in the Market view`}
                onClick={(e) => {
                  e.stopPropagation();
                  openInMarket(s.symbol);
                }}
              >
                <span className="sc-sym">{s.symbol}</span>
                <span className={`num sc-chg ${changeClass(s.changePct)}`}>{formatPct(s.changePct)}</span>
                <span className="num sc-gap" title="Gap from the previous close">
                  gap {formatPct(s.gapPct)}
                </span>
                <span className={`num sc-vol ${isVolumeSpike(s.volumeRatio) ? 'sc-vol-spike' : ''}`} title="Volume / 20-day average">
                  {formatVolumeRatio(s.volumeRatio)}
                </span>
                {showsNewBadge(s, previous) ? (
                  <span className="badge sc-new" data-testid="new-badge" title="New to this list">
                    NEW
                  </span>
                ) : (
                  <span />
                )}
              </button>
              <button
                type="button"
                className="sc-ticket-btn"
                data-testid="top-name-ticket"
                data-symbol={s.symbol}
                title={`New order ticket for ${s.symbol} (${side === 'bearish' ? 'short' : 'buy'})`}
                aria-label={`New order ticket for ${s.symbol}`}
                onClick={(e) => {
                  e.stopPropagation();
                  openTicket(s.symbol, side === 'bearish' ? 'short' : 'buy');
                }}
              >
                T
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
