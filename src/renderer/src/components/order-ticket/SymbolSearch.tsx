/**
 * The ticket's Symbol field: a combobox over market.search. Typing shows up to 8 matches (debounced 200 ms);
 * ↑/↓ move, Enter or a click picks, Esc closes the list (and only the list). The typed text becomes the symbol
 * on Enter, on a pick or when the field loses focus, so the quote is not fetched for every prefix.
 */
import { useEffect, useId, useState, type ReactNode, type RefObject } from 'react';
import type { Result } from '../../../../shared/contract/methods';
import { useEngine } from '../../engine/engine-context';
import { exchangeLabel } from '../../lib/labels';

type Item = Result<'market.search'>['items'][number];

/** Props of SymbolSearch. */
export interface SymbolSearchProps {
  value: string;
  onChange(symbol: string): void;
  problem?: string | undefined;
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** The Symbol combobox. */
export function SymbolSearch({ value, onChange, problem, inputRef }: SymbolSearchProps): ReactNode {
  const client = useEngine();
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [items, setItems] = useState<Item[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searchError, setSearchError] = useState<string | null>(null);

  useEffect(() => setDraft(value), [value]);

  useEffect(() => {
    const q = draft.trim();
    if (!open || q === '' || q === value) {
      setItems([]);
      return;
    }
    let alive = true;
    const t = setTimeout(() => {
      client.invoke('market.search', { query: q, limit: 8 }).then(
        (r) => {
          if (!alive) return;
          setItems(r.items);
          setActive(0);
          setSearchError(null);
        },
        () => {
          if (alive) setSearchError('search unavailable');
        },
      );
    }, 200);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [client, draft, open, value]);

  const commit = (symbol: string): void => {
    const s = symbol.trim().toUpperCase();
    setDraft(s);
    setOpen(false);
    setItems([]);
    onChange(s);
  };

  const listId = `${id}-list`;
  const showList = open && items.length > 0;
  return (
    <div className="ot-field ot-symbol">
      <label htmlFor={id} className="ot-label">
        Symbol
      </label>
      <input
        id={id}
        ref={inputRef}
        className={`ot-input ot-symbol-input${problem ? ' ot-invalid' : ''}`}
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={showList ? `${listId}-${active}` : undefined}
        aria-invalid={problem ? true : undefined}
        value={draft}
        autoComplete="off"
        spellCheck={false}
        placeholder="search"
        onChange={(e) => {
          setDraft(e.target.value.toUpperCase());
          setOpen(true);
        }}
        onBlur={() => {
          if (draft.trim().toUpperCase() !== value) commit(draft);
          else setOpen(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && showList) {
            e.preventDefault();
            setActive((a) => Math.min(items.length - 1, a + 1));
          } else if (e.key === 'ArrowUp' && showList) {
            e.preventDefault();
            setActive((a) => Math.max(0, a - 1));
          } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            commit(showList ? items[active]!.symbol : draft);
          } else if (e.key === 'Escape' && showList) {
            e.preventDefault();
            setOpen(false);
          }
        }}
      />
      {problem && <span className="ot-problem">{problem}</span>}
      {searchError && open && <span className="ot-problem">{searchError}</span>}
      <ul id={listId} role="listbox" aria-label="Symbol matches" className="ot-listbox" hidden={!showList}>
        {items.map((it, i) => (
          <li
            key={it.symbol}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            className={`ot-option${i === active ? ' active' : ''}`}
            onMouseDown={(e) => {
              e.preventDefault();
              commit(it.symbol);
            }}
          >
            <strong>{it.symbol}</strong>
            <span className="ot-option-name">{it.name}</span>
            <span className="ot-option-ex">{exchangeLabel(it.exchange)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
