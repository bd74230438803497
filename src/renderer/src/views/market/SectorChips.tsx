/** Sector filter chips above the universe table. */
import type { ReactNode } from 'react';
import { SECTORS } from '../../../../shared/sectors';
import { SECTOR_SHORT } from '../../lib/labels';
import { setSectorFilter } from '../../store/actions';
import { useKestrelStore } from '../../store/index';
import type { SectorFilter } from './universe-model';

const CHIPS: readonly { id: SectorFilter; label: string; title: string }[] = [
  { id: 'all', label: 'All', title: 'Every instrument' },
  ...SECTORS.map((s) => ({ id: s.id, label: SECTOR_SHORT[s.id], title: `${s.name} (proxy ${s.etf})` })),
  { id: 'other', label: 'Other', title: 'Outside the eight sectors: ETFs and the benchmark' },
];

/** One chip per sector plus All and Other. */
export function SectorChips(): ReactNode {
  const current = useKestrelStore((s) => s.sectorFilter);
  return (
    <div className="chips" role="group" aria-label="Filter by sector">
      {CHIPS.map((c) => (
        <button
          key={c.id}
          type="button"
          className={`chip ${current === c.id ? 'active' : ''}`}
          aria-pressed={current === c.id}
          aria-label={`Sector: ${c.title}`}
          title={c.title}
          data-testid={`sector-chip-${c.id}`}
          onClick={() => setSectorFilter(c.id)}
        >
          {c.label}
        </button>
      ))}
    </div>
  );
}
