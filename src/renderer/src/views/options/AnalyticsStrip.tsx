/**
 * The chain's analytics: IV rank and IV percentile (labelled so, never one for the other), ATM IV with its
 * 252-session history sparkline, the volume and open-interest put/call ratios, max pain and the expected move,
 * then the pain curve (total pain by settlement price, max pain marked) and the IV smile (call and put IV by
 * strike). Every figure carries the engine's source and as-of time (New York).
 */
import { memo, useMemo, type ReactNode } from 'react';
import type { ChainAnalytics } from '../../../../shared/contract/options-schemas';
import { formatCompact, formatNyTime, formatPrice } from '../../lib/format';
import { formatIv, strikeRange } from './options-model';
import { StrikeChart, type StrikeMarker, type StrikeSeries } from './StrikeChart';

function ratio(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : v.toFixed(2);
}

function pct0(v: number | null): string {
  return v === null || !Number.isFinite(v) ? '—' : v.toFixed(1);
}

function Stat({ label, value, title, testId, sub }: { label: string; value: string; title: string; testId: string; sub?: string }): ReactNode {
  return (
    <div className="oa-stat" title={title} data-testid={testId} role="group" aria-label={`${label}: ${value}${sub ? ` (${sub})` : ''}`}>
      <span className="oa-label">{label}</span>
      <span className="oa-value num">{value}</span>
      {sub && <span className="oa-sub num">{sub}</span>}
    </div>
  );
}

/** The IV history as a small SVG line (oldest left), today's ATM IV as the end dot. */
export function IvSparkline({ history }: { history: ChainAnalytics['ivHistory'] }): ReactNode {
  const w = 120;
  const h = 28;
  const ivs = history.map((p) => p.iv);
  if (ivs.length < 2) return <span className="muted oa-spark-empty">no history</span>;
  const min = Math.min(...ivs);
  const max = Math.max(...ivs);
  const span = max - min || 1;
  const pts = ivs.map((v, i) => `${((i / (ivs.length - 1)) * w).toFixed(1)},${(h - 2 - ((v - min) / span) * (h - 4)).toFixed(1)}`);
  const last = pts[pts.length - 1]!.split(',');
  return (
    <svg className="oa-spark" width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`ATM IV over ${ivs.length} sessions, ${formatIv(min)} to ${formatIv(max)}`} data-testid="iv-history">
      <polyline points={pts.join(' ')} fill="none" stroke="#6ea0ff" strokeWidth="1.2" />
      <circle cx={last[0]} cy={last[1]} r="2" fill="#f0b429" />
    </svg>
  );
}

function asOfText(a: ChainAnalytics): string {
  return `${a.source} · as of ${formatNyTime(a.asOf)} ET`;
}

/** The pain curve and the IV smile. */
export const AnalyticsCharts = memo(function AnalyticsCharts({ a }: { a: ChainAnalytics }): ReactNode {
  const { lo, hi } = strikeRange(a.spot, a.expectedMove.dollars, [a.maxPain.maxPain]);
  const inRange = (x: number): boolean => x >= lo && x <= hi;
  const painSeries = useMemo<StrikeSeries[]>(
    () => [{ id: 'pain', kind: 'histogram', color: 'rgba(61, 126, 255, 0.55)', title: '', points: a.maxPain.curve.filter((p) => inRange(p.price)).map((p) => ({ x: p.price, y: p.total })) }],
    [a.maxPain, lo, hi],
  );
  const painMarkers = useMemo<StrikeMarker[]>(() => [{ x: a.maxPain.maxPain, text: `Max pain ${a.maxPain.maxPain}`, color: '#f0b429', position: 'aboveBar', shape: 'arrowDown' }], [a.maxPain]);
  const smileSeries = useMemo<StrikeSeries[]>(
    () => [
      { id: 'call', kind: 'line', color: '#26a69a', title: 'Call IV', points: a.smile.filter((p) => inRange(p.strike)).map((p) => ({ x: p.strike, y: p.callIv * 100 })) },
      { id: 'put', kind: 'line', color: '#ef5350', title: 'Put IV', points: a.smile.filter((p) => inRange(p.strike)).map((p) => ({ x: p.strike, y: p.putIv * 100 })) },
    ],
    [a.smile, lo, hi],
  );
  const smileMarkers = useMemo<StrikeMarker[]>(() => [{ x: a.spot, text: `Spot ${formatPrice(a.spot)}`, color: '#d5dae2', position: 'belowBar', shape: 'arrowUp' }], [a.spot]);
  return (
    <div className="oa-charts" data-testid="analytics-charts">
      <figure className="oa-fig">
        <figcaption>
          Pain curve <span className="muted">total $ pain by settlement price · max pain {formatPrice(a.maxPain.maxPain)}</span>
        </figcaption>
        <StrikeChart series={painSeries} markers={painMarkers} formatY={(v) => `$${formatCompact(v)}`} label={`Pain curve for ${a.underlying} ${a.expiry}, max pain at ${a.maxPain.maxPain}`} testId="pain-chart" />
      </figure>
      <figure className="oa-fig">
        <figcaption>
          IV smile <span className="muted">call and put IV by strike, % · {asOfText(a)}</span>
        </figcaption>
        <StrikeChart series={smileSeries} markers={smileMarkers} formatY={(v) => `${v.toFixed(1)}%`} label={`IV smile for ${a.underlying} ${a.expiry}`} testId="smile-chart" />
      </figure>
    </div>
  );
});

/** The analytics strip: the figures in one dense row. */
export const AnalyticsStrip = memo(function AnalyticsStrip({ a }: { a: ChainAnalytics }): ReactNode {
  const iv = a.ivStats;
  const range = iv.min !== null && iv.max !== null ? `${formatIv(iv.min)}–${formatIv(iv.max)} over ${iv.days} sessions` : `${iv.days} sessions`;
  const asOf = asOfText(a);
  return (
    <section className="oa" aria-label="Chain analytics" data-testid="analytics-strip">
      <div className="oa-stats">
        <Stat label="IV rank" value={pct0(iv.ivRank)} title={`IV rank = 100 × (IV now − min) / (max − min) over the previous ${iv.days} sessions (${range}). ${asOf}`} testId="iv-rank" />
        <Stat label="IV percentile" value={pct0(iv.ivPercentile)} title={`IV percentile = share of the previous ${iv.days} sessions with IV below today's, %. ${asOf}`} testId="iv-percentile" />
        <div className="oa-stat oa-atm" title={`At-the-money IV of ${a.expiry}; line: ATM IV of the past ${a.ivHistory.length} sessions. ${asOf}`} data-testid="atm-iv" role="group" aria-label={`ATM IV: ${formatIv(a.atmIv)}`}>
          <span className="oa-label">ATM IV</span>
          <span className="oa-value num">{formatIv(a.atmIv)}</span>
          <IvSparkline history={a.ivHistory} />
        </div>
        <Stat label="PCR volume" value={ratio(a.pcrVolume)} title={`Put/call ratio by volume: Σ put volume / Σ call volume. ${asOf}`} testId="pcr-volume" />
        <Stat label="PCR OI" value={ratio(a.pcrOpenInterest)} title={`Put/call ratio by open interest: Σ put OI / Σ call OI. ${asOf}`} testId="pcr-oi" />
        <Stat label="Max pain" value={formatPrice(a.maxPain.maxPain)} title={`The settlement price among listed strikes where option holders lose the most (total pain lowest). ${asOf}`} testId="max-pain" />
        <Stat
          label="Expected move"
          value={`±${formatPrice(a.expectedMove.dollars)}`}
          sub={`±${a.expectedMove.pct.toFixed(2)}%`}
          title={`The ${a.expectedMove.straddleStrike} straddle's mark: the market's expected move to ${a.expiry}. ${asOf}`}
          testId="expected-move"
        />
        <span className="oa-src muted" data-testid="analytics-asof">
          {asOf}
        </span>
      </div>
    </section>
  );
});
