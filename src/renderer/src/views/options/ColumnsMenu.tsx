/**
 * The chain's column chooser: a small popover of checkboxes (bid, ask, last, mark, IV, Greeks, OI, volume),
 * the choice persisted by the caller. Closes on Esc, on a click outside, or from its button.
 */
import type { ReactNode } from 'react';
import { usePopover } from '../../hooks/use-popover';
import { COLUMN_DEFS, toggleColumn, type ColumnId } from './options-model';

/** Props of ColumnsMenu. */
export interface ColumnsMenuProps {
  columns: readonly ColumnId[];
  onChange(ids: ColumnId[]): void;
}

/** The button and its popover. */
export function ColumnsMenu({ columns, onChange }: ColumnsMenuProps): ReactNode {
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  return (
    <div className="ov-cols" ref={ref}>
      <button type="button" className="btn btn-small" aria-expanded={open} aria-haspopup="true" aria-label="Choose the chain's columns" onClick={() => setOpen(!open)} data-testid="columns-menu">
        Columns ▾
      </button>
      {open && (
        <fieldset className="ov-cols-pop" aria-label="Chain columns" data-testid="columns-popover">
          <legend className="sr-only">Chain columns</legend>
          {COLUMN_DEFS.map((c) => (
            <label key={c.id} title={c.title}>
              <input type="checkbox" checked={columns.includes(c.id)} disabled={columns.length === 1 && columns.includes(c.id)} onChange={() => onChange(toggleColumn(columns, c.id))} data-testid={`column-${c.id}`} />
              <span className="ov-cols-label">{c.label}</span>
              <span className="muted">{c.title}</span>
            </label>
          ))}
        </fieldset>
      )}
    </div>
  );
}
