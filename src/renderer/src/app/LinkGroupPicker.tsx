/**
 * The top bar's link-group picker (TWS-style colour links): a coloured chip showing the window's group and a menu
 * of none / red / green / blue / yellow. Windows of one colour follow each other's selected symbol; choosing a
 * group adopts its latest symbol (joinLinkGroup). Closes on Esc, a click outside, or a choice.
 */
import { useContext, type ReactNode } from 'react';
import { usePopover } from '../hooks/use-popover';
import { EngineContext } from '../engine/engine-context';
import { setLinkGroup } from '../store/actions';
import { useKestrelStore } from '../store/index';
import { LINK_GROUPS, type LinkGroup } from '../store/links';
import { joinLinkGroup } from '../store/wire-engine-events';
import './link-group.css';

const CHOICES: readonly (LinkGroup | null)[] = [null, ...LINK_GROUPS];

function title(group: LinkGroup | null): string {
  return group === null ? 'None' : group[0]!.toUpperCase() + group.slice(1);
}

/** The chip and its menu. */
export function LinkGroupPicker(): ReactNode {
  const group = useKestrelStore((s) => s.linkGroup);
  const client = useContext(EngineContext);
  const { open, setOpen, ref } = usePopover<HTMLDivElement>();
  const choose = (g: LinkGroup | null): void => {
    setOpen(false);
    if (client) void joinLinkGroup(client, g);
    else setLinkGroup(g);
  };
  return (
    <div className="link-picker" ref={ref}>
      <button
        type="button"
        className={`link-chip link-${group ?? 'none'}`}
        aria-label="Window link group"
        aria-haspopup="menu"
        aria-expanded={open}
        title={group === null ? 'Not linked: choose a colour to follow other windows' : `Linked ${group}: follows and leads the symbol of the ${group} windows`}
        data-testid="link-group"
        data-group={group ?? 'none'}
        onClick={() => setOpen(!open)}
      >
        <span className="link-dot" aria-hidden="true" />
        <span className="link-name">{group === null ? 'Link' : title(group)}</span>
      </button>
      {open && (
        <div className="link-menu" role="menu" aria-label="Link group" data-testid="link-group-menu">
          {CHOICES.map((g) => (
            <button
              key={g ?? 'none'}
              type="button"
              role="menuitemradio"
              aria-checked={group === g}
              className={`link-item link-${g ?? 'none'}`}
              data-testid={`link-group-${g ?? 'none'}`}
              onClick={() => choose(g)}
            >
              <span className="link-dot" aria-hidden="true" />
              {title(g)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
