/**
 * The Universe dialog (Sectors bar "Universe" button, palette "Universe: members and what-if"): the session's
 * member count with its micro/small split and the last daily refresh's entries and exits; a what-if form that
 * asks `universe.evaluate` whether a symbol would qualify (with every failed rule); and a virtualized table of
 * the exclusions (or members) with their reasons from `universe.current`. Esc closes (global shortcuts).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { EXCHANGES } from '../../../../shared/contract/schemas';
import type { Result } from '../../../../shared/contract/methods';
import type { UniverseCandidate, UniverseMember, UniverseVerdict } from '../../../../shared/contract/sector-schemas';
import { SECTORS, type SectorId } from '../../../../shared/sectors';
import { Dialog } from '../../components/ui/Dialog';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatCompact, formatInt, formatPrice } from '../../lib/format';
import { exchangeLabel, SECTOR_SHORT } from '../../lib/labels';
import { setUniverseOpen } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import {
  EMPTY_FORM,
  filterMembers,
  memberToForm,
  normaliseSymbol,
  parseShorthand,
  tierCounts,
  tierLabel,
  validateWhatIf,
  type StatusFilter,
  type WhatIfField,
  type WhatIfForm,
} from './universe-model';
import './universe.css';

type UniverseData = Result<'universe.current'>;

/** The dialog, shown while `universeOpen`. */
export function UniverseDialog(): ReactNode {
  const open = useKestrelStore((s) => s.universeOpen);
  if (!open) return null;
  return <UniverseDialogBody />;
}

function UniverseDialogBody(): ReactNode {
  const client = useEngine();
  const connection = useKestrelStore((s) => s.connection);
  const [data, setData] = useState<UniverseData | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [form, setForm] = useState<WhatIfForm>(EMPTY_FORM);
  const symbolRef = useRef<HTMLInputElement>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const r = await client.invoke('universe.current', { limit: 10_000 });
      if (alive.current) setData(r);
    } catch (e) {
      if (alive.current) setLoadError(errorText(e));
    }
  }, [client]);

  // Load on open, and again once the engine is back if the first try failed while it was away.
  useEffect(() => {
    if (connection === 'open' && data === null) void load();
  }, [connection, data, load]);

  const bySymbol = useMemo(() => new Map((data?.items ?? []).map((m) => [m.symbol, m])), [data]);

  return (
    <Dialog title="Universe" onClose={() => setUniverseOpen(false)} className="dialog-universe" testId="universe-dialog" initialFocus={symbolRef}>
      <UniverseHeader data={data} loadError={loadError} onRetry={() => void load()} />
      <div className="uv-body">
        <WhatIfPanel form={form} setForm={setForm} bySymbol={bySymbol} symbolRef={symbolRef} />
        <ExclusionsTable rows={data?.items ?? null} onPick={(m) => setForm(memberToForm(m))} />
      </div>
    </Dialog>
  );
}

function UniverseHeader({ data, loadError, onRetry }: { data: UniverseData | null; loadError: string | null; onRetry: () => void }): ReactNode {
  const counts = useMemo(() => tierCounts(data?.items ?? []), [data]);
  return (
    <div className="uv-head" data-testid="universe-summary">
      {loadError && (
        <div className="banner banner-error uv-banner" role="alert">
          Could not load the universe: {loadError}{' '}
          <button type="button" className="link-btn" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}
      <div className="uv-stats">
        <span className="uv-stat">
          <span className="uv-label">Session</span>{' '}
          <span className="num" data-testid="universe-date">
            {data?.date ?? '—'}
          </span>
        </span>
        <span className="uv-stat" data-testid="universe-members" data-members={data?.members ?? ''} data-micro={counts.micro} data-small={counts.small}>
          <span className="uv-label">Members</span> <strong className="num">{data ? formatInt(data.members) : '—'}</strong>
          {data && (
            <span className="uv-split num">
              {' '}
              micro {formatInt(counts.micro)} · small {formatInt(counts.small)}
            </span>
          )}
        </span>
        <span className="uv-stat">
          <span className="uv-label">Excluded</span> <span className="num">{data ? formatInt(counts.excluded) : '—'}</span>
          <span className="uv-split num"> of {data ? formatInt(data.total) : '—'} candidates</span>
        </span>
        {!data && !loadError && <span className="uv-muted">Loading the universe…</span>}
      </div>
      <div className="uv-changes">
        <span className="uv-label">Last daily refresh</span>
        <ChangeChips kind="entered" symbols={data?.changes.entered ?? null} />
        <ChangeChips kind="left" symbols={data?.changes.left ?? null} />
      </div>
    </div>
  );
}

const CHIP_LIMIT = 14;

function ChangeChips({ kind, symbols }: { kind: 'entered' | 'left'; symbols: string[] | null }): ReactNode {
  const shown = symbols?.slice(0, CHIP_LIMIT) ?? [];
  const more = (symbols?.length ?? 0) - shown.length;
  return (
    <span className={`uv-change uv-change-${kind}`} data-testid={`universe-${kind}`} data-count={symbols?.length ?? ''}>
      <span className="uv-change-label">
        {kind === 'entered' ? '+ Entered' : '− Left'}
        {symbols && symbols.length > 0 ? ` ${symbols.length}` : ''}
      </span>
      {symbols === null ? (
        <span className="uv-muted">—</span>
      ) : symbols.length === 0 ? (
        <span className="uv-muted">none</span>
      ) : (
        <>
          {shown.map((s) => (
            <span key={s} className="uv-chip" data-testid="universe-chip">
              {s}
            </span>
          ))}
          {more > 0 && (
            <span className="uv-more" title={symbols.slice(CHIP_LIMIT).join(', ')}>
              +{more} more
            </span>
          )}
        </>
      )}
    </span>
  );
}

// ---- what-if -------------------------------------------------------------------------------------------

interface Evaluated {
  verdict: UniverseVerdict;
  candidate: UniverseCandidate;
  form: WhatIfForm;
}

const NUMERIC_FIELDS: { field: Exclude<WhatIfField, 'symbol' | 'exchange'>; label: string; placeholder: string; prefix: string }[] = [
  { field: 'marketCap', label: 'Market cap', placeholder: '180M', prefix: '$' },
  { field: 'avgVolume20', label: 'Avg volume 20d', placeholder: '950K', prefix: '' },
  { field: 'price', label: 'Price', placeholder: '4.25', prefix: '$' },
  { field: 'float', label: 'Float (shares)', placeholder: '42M', prefix: '' },
];

const FIELD_ORDER: WhatIfField[] = ['symbol', 'marketCap', 'avgVolume20', 'price', 'float', 'exchange'];

function WhatIfPanel({
  form,
  setForm,
  bySymbol,
  symbolRef,
}: {
  form: WhatIfForm;
  setForm: (f: WhatIfForm) => void;
  bySymbol: ReadonlyMap<string, UniverseMember>;
  symbolRef: RefObject<HTMLInputElement | null>;
}): ReactNode {
  const client = useEngine();
  const [errors, setErrors] = useState<Partial<Record<WhatIfField, string>>>({});
  const [pending, setPending] = useState(false);
  const [evalError, setEvalError] = useState<string | null>(null);
  const [result, setResult] = useState<Evaluated | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const seq = useRef(0);
  useEffect(
    () => () => {
      seq.current++;
    },
    [],
  );

  const member = bySymbol.get(normaliseSymbol(form.symbol)) ?? null;
  const stale = result !== null && JSON.stringify(result.form) !== JSON.stringify(form);

  const update = (field: WhatIfField, value: string): void => {
    setForm({ ...form, [field]: value });
    if (errors[field]) setErrors({ ...errors, [field]: undefined });
  };

  const submit = async (): Promise<void> => {
    const v = validateWhatIf(form);
    if (!v.ok) {
      setErrors(v.errors);
      const first = FIELD_ORDER.find((f) => v.errors[f]);
      if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    setErrors({});
    setEvalError(null);
    setPending(true);
    const my = ++seq.current;
    const sent = form;
    try {
      const r = await client.invoke('universe.evaluate', { candidates: [v.candidate] });
      if (my !== seq.current) return;
      const verdict = r.results[0];
      if (verdict) setResult({ verdict, candidate: v.candidate, form: sent });
      else setEvalError('The engine returned no verdict');
    } catch (e) {
      if (my === seq.current) setEvalError(errorText(e));
    } finally {
      if (my === seq.current) setPending(false);
    }
  };

  return (
    <section className="uv-whatif" aria-label="What-if: would this symbol qualify?">
      <h3 className="uv-section-title">What if…</h3>
      <form
        ref={formRef}
        className="uv-form"
        data-testid="universe-whatif"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className={`uv-field uv-field-symbol ${errors.symbol ? 'uv-invalid' : ''}`}>
          <label htmlFor="uv-symbol">Symbol</label>
          <div className="uv-symbol-row">
            <input
              id="uv-symbol"
              ref={symbolRef}
              name="symbol"
              className="uv-input"
              autoComplete="off"
              spellCheck={false}
              placeholder="ABCD"
              maxLength={12}
              value={form.symbol}
              aria-invalid={errors.symbol ? true : undefined}
              aria-describedby={errors.symbol ? 'uv-symbol-err' : undefined}
              data-testid="whatif-symbol"
              onChange={(e) => update('symbol', e.target.value.toUpperCase())}
            />
            <button
              type="button"
              className="btn uv-fill"
              data-testid="whatif-fill"
              disabled={member === null}
              title={member ? `Fill the fields with ${member.symbol}'s universe data` : form.symbol.trim() ? `${normaliseSymbol(form.symbol)} is not in the universe list` : 'Type a universe symbol to fill the fields from its data'}
              onClick={() => member && setForm(memberToForm(member))}
            >
              Fill from universe
            </button>
          </div>
          <FieldNote id="uv-symbol-err" error={errors.symbol} note={member ? `${member.name} · ${member.included ? `member (${tierLabel(member.tier)})` : 'excluded today'}` : ''} />
        </div>
        {NUMERIC_FIELDS.map(({ field, label, placeholder, prefix }) => (
          <NumericField
            key={field}
            field={field}
            label={label}
            placeholder={placeholder}
            prefix={prefix}
            value={form[field]}
            error={errors[field]}
            onChange={(v) => update(field, v)}
          />
        ))}
        <div className={`uv-field ${errors.exchange ? 'uv-invalid' : ''}`}>
          <label htmlFor="uv-exchange">Exchange</label>
          <select
            id="uv-exchange"
            name="exchange"
            className="uv-input"
            value={form.exchange}
            data-testid="whatif-exchange"
            aria-invalid={errors.exchange ? true : undefined}
            onChange={(e) => update('exchange', e.target.value)}
          >
            {EXCHANGES.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
          <FieldNote id="uv-exchange-err" error={errors.exchange} note="" />
        </div>
        <div className="uv-actions">
          <button type="submit" className="btn btn-primary" data-testid="whatif-evaluate" disabled={pending}>
            {pending ? 'Evaluating…' : 'Evaluate'} <kbd>↵</kbd>
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setForm(EMPTY_FORM);
              setErrors({});
              setResult(null);
              setEvalError(null);
              symbolRef.current?.focus();
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {Object.keys(errors).some((k) => errors[k as WhatIfField]) && (
        <p className="uv-form-error" role="alert" data-testid="whatif-invalid">
          Fix the marked fields; nothing was sent.
        </p>
      )}
      {evalError && (
        <p className="uv-form-error" role="alert" data-testid="whatif-error">
          Could not evaluate: {evalError}
        </p>
      )}
      {result && <WhatIfVerdict verdict={result.verdict} candidate={result.candidate} stale={stale} current={bySymbol.get(result.verdict.symbol) ?? null} />}
    </section>
  );
}

function NumericField({
  field,
  label,
  placeholder,
  prefix,
  value,
  error,
  onChange,
}: {
  field: string;
  label: string;
  placeholder: string;
  prefix: string;
  value: string;
  error: string | undefined;
  onChange: (v: string) => void;
}): ReactNode {
  const id = `uv-${field}`;
  const parsed = value.trim() === '' ? null : parseShorthand(value, { suffix: field !== 'price' });
  const note = parsed?.ok ? `= ${prefix}${field === 'price' ? formatPrice(parsed.value) : formatInt(parsed.value)}` : '';
  return (
    <div className={`uv-field ${error ? 'uv-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={field}
        className="uv-input num"
        inputMode={field === 'price' ? 'decimal' : 'text'}
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-err`}
        data-testid={`whatif-${field}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldNote id={`${id}-err`} error={error} note={note} />
    </div>
  );
}

function FieldNote({ id, error, note }: { id: string; error: string | undefined; note: string }): ReactNode {
  if (error)
    return (
      <span id={id} className="uv-note uv-note-error" data-testid="whatif-field-error">
        {error}
      </span>
    );
  return (
    <span id={id} className="uv-note">
      {note}
    </span>
  );
}

/** The verdict of one what-if evaluation: INCLUDED as micro/small, or EXCLUDED with every failed rule. */
export function WhatIfVerdict({
  verdict,
  candidate,
  stale = false,
  current = null,
}: {
  verdict: UniverseVerdict;
  candidate: UniverseCandidate;
  stale?: boolean;
  current?: UniverseMember | null;
}): ReactNode {
  return (
    <div
      className={`uv-verdict ${verdict.included ? 'uv-verdict-in' : 'uv-verdict-out'} ${stale ? 'uv-verdict-stale' : ''}`}
      data-testid="whatif-verdict"
      data-included={String(verdict.included)}
      data-tier={verdict.tier ?? ''}
      data-stale={String(stale)}
      role="status"
    >
      <div className="uv-verdict-head">
        <span className="uv-verdict-symbol">{verdict.symbol}</span>
        <span className="uv-verdict-word">{verdict.included ? 'INCLUDED' : 'EXCLUDED'}</span>
        {verdict.included && <span className="uv-verdict-tier">as {tierLabel(verdict.tier)}</span>}
      </div>
      <div className="uv-verdict-inputs num">
        cap ${formatCompact(candidate.marketCap)} · vol {formatCompact(candidate.avgVolume20)} · ${formatPrice(candidate.price)} · float {formatCompact(candidate.float)} ·{' '}
        {exchangeLabel(candidate.exchange)}
      </div>
      {!verdict.included && (
        <ul className="uv-reasons" aria-label="Reasons">
          {verdict.reasons.length === 0 ? (
            <li className="uv-muted">No reason given</li>
          ) : (
            verdict.reasons.map((r, i) => (
              <li key={`${i}:${r}`} data-testid="whatif-reason">
                {r}
              </li>
            ))
          )}
        </ul>
      )}
      {current && (
        <div className="uv-verdict-today">
          Today in the universe: {current.included ? `member (${tierLabel(current.tier)})` : `excluded${current.reasons.length ? ` — ${current.reasons.join('; ')}` : ''}`}
        </div>
      )}
      {stale && <div className="uv-verdict-note">Inputs changed since this verdict; press Enter to re-evaluate.</div>}
    </div>
  );
}

// ---- the exclusions table ------------------------------------------------------------------------------

const ROW_H = 22;
const STATUS_TABS: { id: StatusFilter; label: string }[] = [
  { id: 'excluded', label: 'Excluded' },
  { id: 'included', label: 'Members' },
  { id: 'all', label: 'All' },
];

function ExclusionsTable({ rows, onPick }: { rows: UniverseMember[] | null; onPick: (m: UniverseMember) => void }): ReactNode {
  const [status, setStatus] = useState<StatusFilter>('excluded');
  const [sector, setSector] = useState<SectorId | 'all' | 'none'>('all');
  const [text, setText] = useState('');
  const all = rows ?? [];
  const visible = useMemo(() => filterMembers(all, { status, sector, text }), [all, status, sector, text]);
  const counts = useMemo(() => {
    const inSector = filterMembers(all, { status: 'all', sector, text });
    const included = inSector.filter((r) => r.included).length;
    return { excluded: inSector.length - included, included, all: inSector.length };
  }, [all, sector, text]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: visible.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 10 });
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [status, sector, text]);

  return (
    <section className="uv-table-wrap" aria-label="Universe candidates">
      <div className="uv-table-tools">
        <div className="uv-seg" role="group" aria-label="Show">
          {STATUS_TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              className={`uv-seg-btn ${status === t.id ? 'active' : ''}`}
              aria-pressed={status === t.id}
              data-testid="universe-status-toggle"
              data-value={t.id}
              onClick={() => setStatus(t.id)}
            >
              {t.label} <span className="num">{rows ? formatInt(counts[t.id]) : ''}</span>
            </button>
          ))}
        </div>
        <select className="uv-input uv-sector" aria-label="Sector" data-testid="universe-sector-filter" value={sector} onChange={(e) => setSector(e.target.value as SectorId | 'all' | 'none')}>
          <option value="all">All sectors</option>
          {SECTORS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
          <option value="none">Unclassified</option>
        </select>
        <input className="uv-input uv-text" aria-label="Filter by symbol or name" placeholder="Symbol or name" spellCheck={false} value={text} data-testid="universe-text-filter" onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="uv-grid uv-grid-head" role="row">
        <span role="columnheader">Symbol</span>
        <span role="columnheader">Name</span>
        <span role="columnheader">Sector</span>
        <span role="columnheader">Exch.</span>
        <span role="columnheader" className="r">
          Mkt cap
        </span>
        <span role="columnheader" className="r">
          Avg vol
        </span>
        <span role="columnheader" className="r">
          Price
        </span>
        <span role="columnheader" className="r">
          Float
        </span>
        <span role="columnheader">{status === 'included' ? 'Tier' : 'Status · reasons'}</span>
      </div>
      <div ref={scrollRef} className="uv-scroll" data-testid="universe-table" data-rows={visible.length} role="table" aria-rowcount={visible.length}>
        {rows === null ? (
          <p className="empty-state uv-empty">Loading…</p>
        ) : visible.length === 0 ? (
          <p className="empty-state uv-empty">No {status === 'all' ? 'candidates' : status === 'included' ? 'members' : 'exclusions'} match.</p>
        ) : (
          <div className="uv-rows" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((v) => {
              const m = visible[v.index]!;
              const reasons = m.reasons.join(' · ');
              return (
                <div
                  key={m.symbol}
                  className={`uv-grid uv-row ${m.included ? 'uv-row-in' : 'uv-row-out'}`}
                  role="row"
                  data-testid="universe-row"
                  data-symbol={m.symbol}
                  data-included={String(m.included)}
                  style={{ transform: `translateY(${v.start}px)` }}
                  title="Click to load into the what-if form"
                  onClick={() => onPick(m)}
                >
                  <span className="uv-sym">
                    <button type="button" className="link-btn" aria-label={`Load ${m.symbol} into the what-if form`} onClick={(e) => {
                        e.stopPropagation();
                        onPick(m);
                      }}>
                      {m.symbol}
                    </button>
                  </span>
                  <span className="uv-name" title={m.name}>
                    {m.name}
                  </span>
                  <span className="uv-dim">{m.sector ? SECTOR_SHORT[m.sector] : '—'}</span>
                  <span className="uv-dim">{exchangeLabel(m.exchange)}</span>
                  <span className="num r">{formatCompact(m.marketCap)}</span>
                  <span className="num r">{formatCompact(m.avgVolume20)}</span>
                  <span className="num r">{formatPrice(m.price)}</span>
                  <span className="num r">{formatCompact(m.float)}</span>
                  {m.included ? (
                    <span className="uv-tier">{tierLabel(m.tier)}</span>
                  ) : (
                    <span className="uv-reason-cell" title={reasons}>
                      {reasons || 'excluded'}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
