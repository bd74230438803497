/**
 * The sector detail drawer: why the score is what it is (the five factors with their notes, the product and
 * the clamp), the member table (sortable; a name opens the Market view), the 90-day sentiment history and the
 * ETF proxy's daily chart. Esc or × closes it.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SectorSummary } from '../../../../shared/contract/sector-schemas';
import type { SectorId } from '../../../../shared/sectors';
import { CandleChart } from '../../components/chart/CandleChart';
import { useEngine } from '../../engine/engine-context';
import { changeClass, formatCompact, formatPct, formatPrice } from '../../lib/format';
import { openInMarket, openSectorDetail } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import type { SectorDetail as SectorDetailData } from '../../store/slices/sectors-slice';
import { loadSectorDetail, loadSectorHistory } from '../../store/wire-engine-events';
import {
  colourClass,
  formatConfidence,
  formatFactor,
  formatScore,
  formatVolumeRatio,
  isVolumeSpike,
  nextMemberSort,
  signalLabel,
  signalText,
  sortMembers,
  type MemberSort,
  type MemberSortKey,
} from './sector-model';
import { SentimentHistoryChart } from './SentimentHistoryChart';

/** The drawer of the open sector, or nothing. */
export function SectorDetail(): ReactNode {
  const sector = useKestrelStore((s) => s.openSector);
  const summary = useKestrelStore((s) => (sector ? s.sectorsGrid?.sectors.find((x) => x.id === sector) : undefined));
  if (!sector) return null;
  return <SectorDetailDrawer key={sector} sector={sector} live={summary} />;
}

function SectorDetailDrawer({ sector, live }: { sector: SectorId; live: SectorSummary | undefined }): ReactNode {
  const client = useEngine();
  const runId = useKestrelStore((s) => s.sectorsGrid?.runId ?? null);
  const openCount = useKestrelStore((s) => s.openCount);
  const detail = useKestrelStore((s) => s.sectorDetails[sector]);
  const history = useKestrelStore((s) => s.sectorHistory[sector]);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    panelRef.current?.focus();
  }, []);

  // (Re)load for each new analysis run and after a reconnect; a cached answer for this run is reused.
  const detailRun = detail?.status === 'ready' ? detail.runId : undefined;
  const historyRun = history?.status === 'ready' ? history.runId : undefined;
  useEffect(() => {
    if (detailRun !== runId) void loadSectorDetail(client, sector);
  }, [client, sector, runId, openCount]);
  useEffect(() => {
    if (historyRun !== runId) void loadSectorHistory(client, sector);
  }, [client, sector, runId, openCount]);

  const summary = live ?? detail?.data?.summary;
  return (
    <aside
      ref={panelRef}
      className={`sector-detail ${summary ? colourClass(summary.colour) : ''}`}
      data-testid="sector-detail"
      data-sector={sector}
      aria-label={`${summary?.name ?? sector} detail`}
      tabIndex={-1}
    >
      <header className="sd-head">
        {summary ? (
          <>
            <h2 className="sd-title">
              {summary.name} <span className="sd-etf">{summary.etf}</span>
            </h2>
            <span className="sd-score num">{formatScore(summary.score)}</span>
            <span className="sd-signal" title={signalText(summary.signal)}>
              {signalLabel(summary.signal)}
            </span>
            <span className="sd-conf">conf {formatConfidence(summary.confidence)}</span>
            <span className="sd-members">{summary.members} members</span>
          </>
        ) : (
          <h2 className="sd-title">{sector}</h2>
        )}
        <button type="button" className="icon-btn sd-close" aria-label="Close the sector detail (Esc)" title="Close (Esc)" onClick={() => openSectorDetail(null)}>
          ×
        </button>
      </header>
      <div className="sd-body">
        <div className="sd-col">
          {summary ? <FactorBreakdown summary={summary} /> : <p className="empty-state">Loading…</p>}
          <section className="sd-section sd-members-section" aria-label="Members">
            <h3 className="sd-h">Members</h3>
            {detail?.status === 'error' && (
              <p className="sd-error" role="alert">
                Could not load the members: {detail.error}{' '}
                <button type="button" className="link-btn" onClick={() => void loadSectorDetail(client, sector)}>
                  Retry
                </button>
              </p>
            )}
            {detail?.data ? <MemberTable members={detail.data.members} /> : detail?.status !== 'error' && <p className="sd-muted">Loading members…</p>}
          </section>
        </div>
        <div className="sd-col sd-charts">
          <section className="sd-section sd-history" aria-label="Sentiment history">
            <h3 className="sd-h">
              Sentiment, 90 days <span className="sd-muted">bands at ±0.2 and ±0.6</span>
            </h3>
            {history?.status === 'error' && (
              <p className="sd-error" role="alert">
                Could not load the history: {history.error}
              </p>
            )}
            <div className="sd-history-wrap">
              <SentimentHistoryChart points={history?.data?.points ?? EMPTY_POINTS} />
            </div>
          </section>
          {summary && (
            <section className="sd-section sd-etf-chart" aria-label={`${summary.etf} daily chart`}>
              <CandleChart symbol={summary.etf} timeframe="1d" />
            </section>
          )}
        </div>
      </div>
    </aside>
  );
}

const EMPTY_POINTS: never[] = [];

function FactorBreakdown({ summary }: { summary: SectorSummary }): ReactNode {
  const f = summary.factors;
  const rows: { label: string; value: string; detail: string }[] = [
    { label: 'Base', value: formatScore(f.base), detail: `from a weighted ${formatPct(f.basePerformancePct)} move` },
    { label: 'Volatility', value: formatFactor(f.volatility), detail: 'sector weight' },
    { label: 'Volume', value: formatFactor(f.volume), detail: `median ${formatVolumeRatio(f.medianVolumeRatio)} avg volume` },
    { label: 'Catalyst', value: formatFactor(f.catalyst), detail: `+${f.catalysts.positive} / −${f.catalysts.negative} catalysts` },
    { label: 'Technical', value: formatFactor(f.technical), detail: `${Math.round(f.rangePosition * 100)}% of 20-session range` },
  ];
  const clamped = f.unclamped > 1 || f.unclamped < -1;
  return (
    <section className="sd-section sd-factors" aria-label="Factor breakdown" data-testid="factor-breakdown">
      <h3 className="sd-h">Why {formatScore(summary.score)}</h3>
      <table className="sd-factor-table">
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="num sd-fv">{r.value}</td>
              <td className="sd-muted">{r.detail}</td>
            </tr>
          ))}
          <tr className="sd-product">
            <th scope="row">Product</th>
            <td className="num sd-fv">{formatScore(f.unclamped)}</td>
            <td className="sd-muted">
              {clamped ? `clamped to [−1, +1] → ${formatScore(summary.score)}` : `within [−1, +1] → score ${formatScore(summary.score)}`}
            </td>
          </tr>
        </tbody>
      </table>
      {f.notes.length > 0 && (
        <ul className="sd-notes">
          {f.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Member = SectorDetailData['members'][number];

const MEMBER_COLUMNS: readonly { key: MemberSortKey | null; label: string; title: string; num: boolean }[] = [
  { key: 'symbol', label: 'Symbol', title: 'Symbol', num: false },
  { key: null, label: 'Name', title: 'Company', num: false },
  { key: null, label: 'Tier', title: 'Micro (< $300M) or small cap', num: false },
  { key: null, label: 'Last', title: 'Price', num: true },
  { key: 'changePct', label: 'Chg %', title: 'Change from the previous close', num: true },
  { key: 'gapPct', label: 'Gap %', title: 'Gap from the previous close', num: true },
  { key: 'volumeRatio', label: 'Vol ×', title: 'Volume / 20-day average', num: true },
  { key: 'marketCap', label: 'Mkt cap', title: 'Market capitalisation', num: true },
  { key: null, label: '1W %', title: 'One-week performance', num: true },
];

function MemberTable({ members }: { members: readonly Member[] }): ReactNode {
  const [sort, setSort] = useState<MemberSort>({ key: 'changePct', dir: 'desc' });
  const rows = useMemo(() => sortMembers(members, sort), [members, sort]);
  if (members.length === 0) return <p className="sd-muted">No members in this sector today.</p>;
  return (
    <div className="sd-table-wrap">
      <table className="sd-members-table" data-testid="member-table">
        <thead>
          <tr>
            {MEMBER_COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={c.num ? 'num' : undefined}
                title={c.title}
                aria-sort={c.key && sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}
              >
                {c.key ? (
                  <button type="button" className="sd-sort" data-testid={`member-sort-${c.key}`} onClick={() => setSort((s) => nextMemberSort(s, c.key!))}>
                    {c.label}
                    {sort.key === c.key ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                  </button>
                ) : (
                  c.label
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m.symbol} data-testid="member-row" data-symbol={m.symbol} onClick={() => openInMarket(m.symbol)} title={`Open ${m.symbol} in the Market view`}>
              <td>
                <button type="button" className="sd-sym" onClick={(e) => (e.stopPropagation(), openInMarket(m.symbol))}>
                  {m.symbol}
                </button>
              </td>
              <td className="sd-name">{m.name}</td>
              <td className="sd-muted">{m.tier ?? '—'}</td>
              <td className="num">{formatPrice(m.price)}</td>
              <td className={`num ${changeClass(m.changePct)}`}>{formatPct(m.changePct)}</td>
              <td className={`num ${changeClass(m.gapPct)}`}>{formatPct(m.gapPct)}</td>
              <td className={`num ${isVolumeSpike(m.volumeRatio) ? 'sc-vol-spike' : ''}`}>{formatVolumeRatio(m.volumeRatio)}</td>
              <td className="num">{formatCompact(m.marketCap)}</td>
              <td className={`num ${changeClass(m.performance['1W'])}`}>{formatPct(m.performance['1W'])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
