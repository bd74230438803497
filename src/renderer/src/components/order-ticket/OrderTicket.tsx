/**
 * The order ticket (dialog "Order ticket"): symbol with search (market.search), live last/bid/ask with source and
 * as-of (market.quote every second), side Buy/Sell/Short/Cover, quantity or notional, order type with its prices
 * (pre-filled from the quote, arrow keys nudge by one tick, Shift+arrow by ten), time in force, playbook, thesis
 * and evidence bullets, a live guardrail preview (chips from guardrails.evaluate, debounced and rate-paced), an
 * estimate line, and "Create card" (cards.create). Keys: B buy, S sell, Shift+S short, Shift+B cover (outside
 * text fields), Ctrl/⌘+Enter create, Esc close.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from 'react';
import type { GuardrailCheckId, OrderType, Side, TimeInForce, TradeCard } from '../../../../shared/contract/trading-schemas';
import { useEngine } from '../../engine/engine-context';
import { errorText } from '../../lib/error-text';
import { formatInt, formatNyTime, formatPrice } from '../../lib/format';
import { useKestrelStore } from '../../store/index';
import { ExplainDialog } from '../guardrails/ExplainDialog';
import { GuardrailChips } from '../guardrails/GuardrailChips';
import { CHECK_LABELS, checkStatus, formatInUnit, formatLimit, formatUsd } from '../guardrails/guardrail-format';
import { useDialogKeys, useEscape } from '../guardrails/use-escape';
import { Dialog } from '../ui/Dialog';
import { useGuardrailPreview, useLiveQuote, useTicketContext } from './ticket-hooks';
import { emptyTicket, estimate, formToIntent, intentToCreate, nudgePrice, prefillPrices, priceFields, type TicketForm, type TicketProblem } from './ticket-model';
import { SymbolSearch } from './SymbolSearch';
import './order-ticket.css';

/** Props of OrderTicket (OrderTicketHost passes the store's symbol and side). */
export interface OrderTicketProps {
  initialSymbol: string;
  initialSide?: Side;
  onClose(): void;
}

const SIDES: { side: Side; label: string; key: string }[] = [
  { side: 'buy', label: 'Buy', key: 'B' },
  { side: 'sell', label: 'Sell', key: 'S' },
  { side: 'short', label: 'Short', key: '⇧S' },
  { side: 'cover', label: 'Cover', key: '⇧B' },
];

const ORDER_TYPES: { type: OrderType; label: string }[] = [
  { type: 'market', label: 'Market' },
  { type: 'limit', label: 'Limit' },
  { type: 'stop', label: 'Stop' },
  { type: 'stop_limit', label: 'Stop-limit' },
  { type: 'bracket', label: 'Bracket' },
];

const TIF_LABELS: Record<TimeInForce, string> = { day: 'DAY', gtc: 'GTC', ioc: 'IOC' };

type PriceField = 'limitPrice' | 'stopPrice' | 'takeProfit' | 'stopLoss';

/** The ticket dialog. */
export function OrderTicket({ initialSymbol, initialSide = 'buy', onClose }: OrderTicketProps): ReactNode {
  const client = useEngine();
  const [form, setForm] = useState<TicketForm>(() => emptyTicket(initialSymbol, initialSide));
  const [touched, setTouched] = useState(false);
  const [keepOpen, setKeepOpen] = useState(false);
  const [created, setCreated] = useState<TradeCard | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [explain, setExplain] = useState<{ cardId: string; focus?: GuardrailCheckId } | null>(null);
  const [openCheck, setOpenCheck] = useState<GuardrailCheckId | null>(null);
  const symbolRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);
  const closeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(closeTimer.current), []);
  useEscape(onClose);

  const quotesSource = useKestrelStore((s) => s.quotesSource ?? s.status?.source.name ?? null);
  const { quote, error: quoteError } = useLiveQuote(client, /^[A-Z][A-Z0-9.-]{0,9}$/.test(form.symbol) ? form.symbol : '');
  const { config, configError, equity } = useTicketContext(client);

  // Pre-fill empty price fields once a quote for the symbol arrives (and when the side flips the touch).
  const prefilledFor = useRef<string>('');
  useEffect(() => {
    if (!quote || quote.symbol !== form.symbol) return;
    const tag = `${quote.symbol}:${form.side}`;
    if (prefilledFor.current === tag) return;
    prefilledFor.current = tag;
    const pre = prefillPrices(quote, form.side);
    setForm((f) => ({ ...f, limitPrice: f.limitPrice || pre.limitPrice, stopPrice: f.stopPrice || pre.stopPrice }));
  }, [quote, form.symbol, form.side]);

  const { intent, problems } = useMemo(() => formToIntent(form), [form]);
  const preview = useGuardrailPreview(client, intent);
  const est = intent ? estimate(intent, quote?.last ?? null, equity) : null;
  const uses = priceFields(form.orderType);
  const playbooks = config?.config.playbooks ?? [];
  const defaultPlaybook = config?.config.defaultPlaybook ?? '';

  const set = useCallback(<K extends keyof TicketForm>(k: K, v: TicketForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    setCreated(null);
    setCreateError(null);
  }, []);

  const create = useCallback(async (): Promise<void> => {
    setTouched(true);
    if (!intent || creating) return;
    setCreating(true);
    setCreateError(null);
    try {
      const card = await client.invoke('cards.create', intentToCreate(intent, form.thesis));
      setCreated(card);
      if (!keepOpen && card.status !== 'blocked') closeTimer.current = setTimeout(onClose, 1_500);
    } catch (e) {
      setCreateError(errorText(e));
    } finally {
      setCreating(false);
    }
  }, [client, intent, form.thesis, creating, keepOpen, onClose]);

  // B / S (Shift: cover / short) outside text fields, Ctrl/⌘+Enter anywhere; other letters stay in the ticket.
  const bodyRef = useRef<HTMLDivElement>(null);
  useDialogKeys(bodyRef, (e, typing) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void create();
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    const k = e.key.toLowerCase();
    if (k === 'b' || k === 's') {
      e.preventDefault();
      set('side', k === 'b' ? (e.shiftKey ? 'cover' : 'buy') : e.shiftKey ? 'short' : 'sell');
    }
  });

  const priceKeyDown = (field: PriceField) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    e.preventDefault();
    const ref = field === 'stopPrice' || field === 'stopLoss' ? (quote?.last ?? null) : isLong(form.side) ? (quote?.ask ?? null) : (quote?.bid ?? null);
    set(field, nudgePrice(form[field], e.key === 'ArrowUp' ? 1 : -1, ref, e.shiftKey ? 10 : 1));
  };

  const sizeToggle = (
    <span className="ot-seg ot-size-toggle" role="group" aria-label="Size in">
      <button type="button" className={`seg-btn${form.sizeMode === 'quantity' ? ' active' : ''}`} aria-pressed={form.sizeMode === 'quantity'} onClick={() => set('sizeMode', 'quantity')}>
        Shares
      </button>
      <button type="button" className={`seg-btn${form.sizeMode === 'notional' ? ' active' : ''}`} aria-pressed={form.sizeMode === 'notional'} onClick={() => set('sizeMode', 'notional')}>
        $
      </button>
    </span>
  );

  const shown = (field: TicketProblem['field']): string | undefined => (touched ? problems.find((p) => p.field === field)?.message : undefined);
  const formProblems = touched ? problems.filter((p) => p.field === 'form' || p.field === 'evidence') : [];

  return (
    <>
      <Dialog title="Order ticket" onClose={onClose} className="dialog-ticket" testId="order-ticket" initialFocus={initialSymbol ? quantityRef : symbolRef}>
        <div className="ot-body" ref={bodyRef}>
          <div className="ot-row ot-symbol-row">
            <SymbolSearch
              inputRef={symbolRef}
              value={form.symbol}
              onChange={(s) => {
                // Another symbol trades at other prices: drop the typed ones so the new quote pre-fills them.
                prefilledFor.current = '';
                setForm((f) => (f.symbol === s ? f : { ...f, symbol: s, limitPrice: '', stopPrice: '', takeProfit: '', stopLoss: '' }));
                setCreated(null);
                setCreateError(null);
              }}
              problem={shown('symbol')}
            />
            <QuoteStrip symbol={form.symbol} quote={quote} error={quoteError} source={quotesSource} />
          </div>

          <div className="ot-row">
            <div className="ot-seg" role="group" aria-label="Side">
              {SIDES.map((s) => (
                <button
                  key={s.side}
                  type="button"
                  className={`ot-side ot-side-${s.side}${form.side === s.side ? ' active' : ''}`}
                  aria-pressed={form.side === s.side}
                  onClick={() => set('side', s.side)}
                  title={`${s.label} (${s.key})`}
                >
                  {s.label}
                  <kbd>{s.key}</kbd>
                </button>
              ))}
            </div>
            <div className="ot-seg" role="group" aria-label="Order type">
              {ORDER_TYPES.map((o) => (
                <button key={o.type} type="button" className={`seg-btn${form.orderType === o.type ? ' active' : ''}`} aria-pressed={form.orderType === o.type} onClick={() => set('orderType', o.type)}>
                  {o.label}
                </button>
              ))}
            </div>
          </div>

          <div className="ot-grid">
            {form.sizeMode === 'quantity' ? (
              <TextField label="Quantity" extra={sizeToggle} inputRef={quantityRef} value={form.quantity} onChange={(v) => set('quantity', v)} problem={shown('quantity')} inputMode="numeric" placeholder="shares" />
            ) : (
              <TextField label="Notional" extra={sizeToggle} inputRef={quantityRef} value={form.notional} onChange={(v) => set('notional', v)} problem={shown('notional')} inputMode="decimal" placeholder="$ amount" />
            )}
            {uses.limit && (
              <TextField label="Limit price" value={form.limitPrice} onChange={(v) => set('limitPrice', v)} onKeyDown={priceKeyDown('limitPrice')} problem={shown('limitPrice')} inputMode="decimal" hint={form.orderType === 'bracket' ? 'entry; empty = market' : '↑↓ tick'} />
            )}
            {uses.stop && <TextField label="Stop price" value={form.stopPrice} onChange={(v) => set('stopPrice', v)} onKeyDown={priceKeyDown('stopPrice')} problem={shown('stopPrice')} inputMode="decimal" hint="↑↓ tick" />}
            {uses.bracket && <TextField label="Take profit" value={form.takeProfit} onChange={(v) => set('takeProfit', v)} onKeyDown={priceKeyDown('takeProfit')} problem={shown('takeProfit')} inputMode="decimal" hint="↑↓ tick" />}
            {uses.bracket && <TextField label="Stop loss" value={form.stopLoss} onChange={(v) => set('stopLoss', v)} onKeyDown={priceKeyDown('stopLoss')} problem={shown('stopLoss')} inputMode="decimal" hint="↑↓ tick" />}
            <SelectField label="Time in force" value={form.timeInForce} onChange={(v) => set('timeInForce', v as TimeInForce)}>
              {(Object.keys(TIF_LABELS) as TimeInForce[]).map((t) => (
                <option key={t} value={t}>
                  {TIF_LABELS[t]}
                </option>
              ))}
            </SelectField>
            <SelectField label="Playbook" value={form.playbook} onChange={(v) => set('playbook', v)} hint={configError ? `playbooks unavailable: ${configError}` : undefined}>
              <option value="">{config ? `Default (${playbooks.find((p) => p.id === defaultPlaybook)?.name ?? defaultPlaybook})` : 'Default'}</option>
              {playbooks.map((p) => (
                <option key={p.id} value={p.id} title={p.description}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          </div>

          <ThesisEditor form={form} set={set} problem={shown('thesis')} />

          <section className="ot-preview" aria-label="Guardrail preview" aria-live="polite">
            <div className="ot-preview-head">
              <span className="ot-h">Guardrails</span>
              <PreviewStatus preview={preview} hasIntent={intent !== null} />
            </div>
            {preview.result ? (
              <div className={preview.stale ? 'ot-stale' : undefined}>
                <GuardrailChips result={preview.result} onOpen={(c) => setOpenCheck((o) => (o === c ? null : c))} />
                <CheckDetail result={preview.result} check={openCheck} />
              </div>
            ) : (
              <p className="ot-muted" data-testid="preview-needs">
                {intent ? 'Waiting for the first preview…' : `The preview runs once the order is complete: ${problems.map((p) => p.message).join('; ')}.`}
              </p>
            )}
          </section>

          <div className="ot-summary" data-testid="ticket-summary">
            {est ? (
              <>
                <span>
                  {SIDES.find((s) => s.side === form.side)?.label} <strong>{est.shares === null ? '—' : formatInt(est.shares)}</strong> {form.symbol}
                </span>
                <span>
                  est. notional <strong className="num">{formatUsd(est.notional)}</strong>
                </span>
                {est.pctEquity !== null && <span className="num">{est.pctEquity.toFixed(2)}% of equity</span>}
                <span className="ot-muted">{form.orderType === 'market' || (form.orderType === 'bracket' && !form.limitPrice) ? 'at last' : 'at the order price'}</span>
              </>
            ) : (
              <span className="ot-muted">Complete the order to see its estimate.</span>
            )}
          </div>

          {formProblems.length > 0 && (
            <ul className="ot-problems" role="alert">
              {formProblems.map((p) => (
                <li key={p.message}>{p.message}</li>
              ))}
            </ul>
          )}
          {createError && (
            <p className="ot-error" role="alert">
              Card not created: {createError}
            </p>
          )}
          {created && <CreatedLine card={created} onExplain={() => setExplain({ cardId: created.id })} closing={!keepOpen && created.status !== 'blocked'} />}

          <footer className="ot-foot">
            <label className="ot-check">
              <input type="checkbox" checked={keepOpen} onChange={(e) => setKeepOpen(e.target.checked)} /> Keep the ticket open after creating
            </label>
            <span className="ot-foot-spacer" />
            <button type="button" className="btn" onClick={onClose}>
              Cancel <kbd>Esc</kbd>
            </button>
            <button type="button" className={`btn ot-create ot-create-${isLong(form.side) ? 'long' : 'short'}`} onClick={() => void create()} disabled={creating} aria-keyshortcuts="Control+Enter">
              {creating ? 'Creating…' : 'Create card'} <kbd>Ctrl</kbd>
              <kbd>Enter</kbd>
            </button>
          </footer>
        </div>
      </Dialog>
      {explain && <ExplainDialog cardId={explain.cardId} focus={explain.focus} onClose={() => setExplain(null)} />}
    </>
  );
}

function isLong(side: Side): boolean {
  return side === 'buy' || side === 'cover';
}

function QuoteStrip({ symbol, quote, error, source }: { symbol: string; quote: ReturnType<typeof useLiveQuote>['quote']; error: string | null; source: string | null }): ReactNode {
  if (!symbol) return <span className="ot-quote ot-muted">Pick a symbol to see its quote.</span>;
  if (!quote) return <span className="ot-quote ot-muted">{error ?? 'Loading quote…'}</span>;
  const chg = quote.change > 0 ? 'up' : quote.change < 0 ? 'down' : 'flat';
  return (
    <span className="ot-quote" data-testid="ticket-quote">
      <span className="ot-q">
        <span className="ot-k">Last</span> <strong className="num">{formatPrice(quote.last)}</strong>{' '}
        <span className={`num ${chg}`}>
          {quote.changePct > 0 ? '+' : ''}
          {quote.changePct.toFixed(2)}%
        </span>
      </span>
      <span className="ot-q">
        <span className="ot-k">Bid</span> <span className="num">{formatPrice(quote.bid, quote.last)}</span>
      </span>
      <span className="ot-q">
        <span className="ot-k">Ask</span> <span className="num">{formatPrice(quote.ask, quote.last)}</span>
      </span>
      <span className="ot-src" title="Source and time of the last trade (New York)">
        {source ?? 'source —'} · as of {formatNyTime(quote.t)} ET{error ? ` · ${error}` : ''}
      </span>
    </span>
  );
}

function TextField(props: {
  label: string;
  value: string;
  onChange(v: string): void;
  onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void;
  problem?: string | undefined;
  hint?: string | undefined;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal';
  inputRef?: RefObject<HTMLInputElement | null>;
  /** Controls beside the label (the shares/$ toggle). */
  extra?: ReactNode;
}): ReactNode {
  const id = useId();
  return (
    <div className="ot-field">
      <span className="ot-label-row">
        <label htmlFor={id} className="ot-label">
          {props.label}
          {props.hint && <span className="ot-hint"> {props.hint}</span>}
        </label>
        {props.extra}
      </span>
      <input
        id={id}
        ref={props.inputRef}
        className={`ot-input num${props.problem ? ' ot-invalid' : ''}`}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        onKeyDown={props.onKeyDown}
        inputMode={props.inputMode}
        placeholder={props.placeholder}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? `${id}-p` : undefined}
      />
      {props.problem && (
        <span id={`${id}-p`} className="ot-problem">
          {props.problem}
        </span>
      )}
    </div>
  );
}

function SelectField(props: { label: string; value: string; onChange(v: string): void; children: ReactNode; hint?: string | undefined }): ReactNode {
  const id = useId();
  return (
    <div className="ot-field">
      <label htmlFor={id} className="ot-label">
        {props.label}
      </label>
      <select id={id} className="ot-input" value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.children}
      </select>
      {props.hint && <span className="ot-problem">{props.hint}</span>}
    </div>
  );
}

function ThesisEditor({ form, set, problem }: { form: TicketForm; set: <K extends keyof TicketForm>(k: K, v: TicketForm[K]) => void; problem: string | undefined }): ReactNode {
  const id = useId();
  const update = (i: number, patch: Partial<TicketForm['evidence'][number]>): void =>
    set(
      'evidence',
      form.evidence.map((e, j) => (j === i ? { ...e, ...patch } : e)),
    );
  return (
    <div className="ot-thesis">
      <label htmlFor={id} className="ot-label">
        Thesis
      </label>
      <textarea id={id} className="ot-input ot-textarea" rows={2} value={form.thesis} onChange={(e) => set('thesis', e.target.value)} placeholder="Why this trade, why now" maxLength={4000} aria-invalid={problem ? true : undefined} />
      {problem && <span className="ot-problem">{problem}</span>}
      <ul className="ot-evidence" aria-label="Evidence">
        {form.evidence.map((e, i) => (
          <li key={i} className="ot-evidence-row">
            <span className="ot-bullet" aria-hidden="true">
              •
            </span>
            <input className="ot-input" aria-label={`Evidence ${i + 1}`} value={e.text} onChange={(ev) => update(i, { text: ev.target.value })} placeholder="evidence" maxLength={500} />
            <input className="ot-input ot-ev-source" aria-label={`Evidence ${i + 1} source`} value={e.source} onChange={(ev) => update(i, { source: ev.target.value })} placeholder="source" maxLength={120} />
            <button type="button" className="icon-btn" aria-label={`Remove evidence ${i + 1}`} onClick={() => set('evidence', form.evidence.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link-btn ot-add-ev" onClick={() => set('evidence', [...form.evidence, { text: '', source: '' }])} disabled={form.evidence.length >= 50}>
        + Add evidence
      </button>
    </div>
  );
}

function PreviewStatus({ preview, hasIntent }: { preview: ReturnType<typeof useGuardrailPreview>; hasIntent: boolean }): ReactNode {
  let text = '';
  let cls = 'ot-muted';
  if (preview.status === 'paused') {
    text = `preview paused, retrying in ${preview.pausedSeconds}s`;
    cls = 'ot-warn';
  } else if (preview.status === 'error') {
    text = `preview failed: ${preview.error ?? ''}`;
    cls = 'ot-err';
  } else if (preview.status === 'evaluating') text = 'evaluating…';
  else if (preview.status === 'waiting') text = 'updating…';
  else if (preview.result && !hasIntent) text = 'for the last complete order';
  else if (preview.result) text = `what-if at ${formatNyTime(preview.result.evaluatedAt)} ET · ${preview.result.source}${preview.result.price !== null ? ` @ ${formatPrice(preview.result.price)}` : ''}`;
  return (
    <span className={`ot-preview-status ${cls}`} data-testid="preview-status" data-status={preview.status}>
      {text}
    </span>
  );
}

function CheckDetail({ result, check }: { result: NonNullable<ReturnType<typeof useGuardrailPreview>['result']>; check: GuardrailCheckId | null }): ReactNode {
  const c = check ? result.checks.find((x) => x.check === check) : undefined;
  if (!c) return null;
  return (
    <p className={`ot-check-detail gr-${checkStatus(c)}`} data-testid="preview-check-detail">
      <strong>{CHECK_LABELS[c.check]}</strong> {checkStatus(c)} · {formatInUnit(c.value, c.unit)} vs {formatLimit(c)} — {c.message}
    </p>
  );
}

function CreatedLine({ card, onExplain, closing }: { card: TradeCard; onExplain(): void; closing: boolean }): ReactNode {
  const blocking = card.guardrails.checks.filter((c) => checkStatus(c) === 'blocked');
  return (
    <div className={`ot-created ot-created-${card.status}`} role="status" data-testid="ticket-created" data-status={card.status}>
      <span>
        Card <strong className="ot-mono">{card.id}</strong> {card.status}
      </span>
      {card.status === 'blocked' && blocking.length > 0 && <span>— blocked by {blocking.map((c) => `${CHECK_LABELS[c.check]} (${c.message})`).join('; ')}</span>}
      {card.statusReason && card.status !== 'blocked' && <span className="ot-muted">{card.statusReason}</span>}
      <button type="button" className="link-btn" onClick={onExplain}>
        Explain
      </button>
      {closing && <span className="ot-muted">closing…</span>}
    </div>
  );
}
