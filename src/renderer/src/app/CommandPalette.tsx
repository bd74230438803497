/**
 * Ctrl/Cmd+K palette: fuzzy-matches views, commands and symbols (the local universe at once, the engine's
 * market.search shortly after); arrows move, Enter runs, Esc closes.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Dialog } from '../components/ui/Dialog';
import { SearchIcon } from '../components/ui/Icons';
import { useEngine } from '../engine/engine-context';
import { rankCandidates } from '../lib/palette-match';
import { setPaletteOpen } from '../store/actions';
import { useKestrelStore } from '../store/index';
import { commandItems, symbolItems, type PaletteItem, type SymbolRecord } from './palette-items';

const KIND_LABEL = { view: 'View', command: 'Command', symbol: 'Symbol' } as const;
const SEARCH_DEBOUNCE_MS = 120;

/** The palette, mounted only while open so each opening starts fresh. */
export function CommandPalette(): ReactNode {
  const open = useKestrelStore((s) => s.paletteOpen);
  return open ? <Palette /> : null;
}

function Palette(): ReactNode {
  const client = useEngine();
  const universe = useKestrelStore((s) => s.universe);
  const inputRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [remote, setRemote] = useState<{ query: string; records: SymbolRecord[] }>({ query: '', records: [] });

  const commands = useMemo(() => commandItems(client), [client]);
  const localSymbols = useMemo(() => symbolItems(universe), [universe]);

  useEffect(() => {
    const q = query.trim();
    if (q === '') return;
    let stale = false;
    const timer = setTimeout(() => {
      client.invoke('market.search', { query: q, limit: 20 }).then(
        (r) => {
          if (!stale) setRemote({ query: q, records: r.items });
        },
        () => undefined, // the local universe still answers
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, query]);

  const items = useMemo(() => {
    const q = query.trim();
    if (q === '') return commands;
    const known = new Set(universe.map((u) => u.symbol));
    const extra = remote.query === q ? symbolItems(remote.records.filter((r) => !known.has(r.symbol))) : [];
    return rankCandidates(q, [...commands, ...localSymbols, ...extra], 50);
  }, [query, commands, localSymbols, remote, universe]);

  const activeIndex = Math.min(active, Math.max(0, items.length - 1));

  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [activeIndex]);

  const runItem = (item: PaletteItem | undefined, inWindow = false): void => {
    if (!item) return;
    setPaletteOpen(false);
    if (inWindow && item.runInWindow) item.runInWindow();
    else item.run();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (items.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + items.length) % items.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      runItem(items[activeIndex], e.shiftKey);
    } else if (e.key === 'Tab') {
      e.preventDefault(); // keep focus in the palette
    }
  };

  return (
    <Dialog title="Command palette" onClose={() => setPaletteOpen(false)} className="dialog-palette" testId="command-palette" initialFocus={inputRef} bare>
      <div className="palette-input-row">
        <SearchIcon />
        <input
          ref={inputRef}
          className="palette-input"
          data-testid="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={items[activeIndex] ? `palette-opt-${activeIndex}` : undefined}
          aria-label="Search views, symbols and commands"
          placeholder="Search symbols, views, commands…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <kbd>Esc</kbd>
      </div>
      <ul className="palette-list" id="palette-list" role="listbox" aria-label="Results" ref={listRef}>
        {items.map((item, i) => (
          <li
            key={item.id}
            id={`palette-opt-${i}`}
            role="option"
            aria-selected={i === activeIndex}
            className={`palette-item ${i === activeIndex ? 'active' : ''}`}
            data-testid="palette-item"
            data-kind={item.kind}
            data-id={item.id}
            data-index={i}
            onMouseMove={() => i !== activeIndex && setActive(i)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={(e) => runItem(item, e.shiftKey)}
          >
            <span className={`palette-kind kind-${item.kind}`}>{KIND_LABEL[item.kind]}</span>
            <span className="palette-label">{item.label}</span>
            {item.detail && <span className="palette-detail">{item.detail}</span>}
          </li>
        ))}
        {items.length === 0 && <li className="palette-empty">No matches for “{query.trim()}”</li>}
      </ul>
      <div className="palette-foot">
        <span>
          <kbd>↑</kbd>
          <kbd>↓</kbd> move
        </span>
        <span>
          <kbd>Enter</kbd> open
        </span>
        <span>
          <kbd>Shift</kbd>
          <kbd>Enter</kbd> symbol in a new window
        </span>
        <span>
          <kbd>Esc</kbd> close
        </span>
      </div>
    </Dialog>
  );
}
