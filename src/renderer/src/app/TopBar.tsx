/**
 * Top bar: wordmark, view switcher, the window's link-group chip, pending-cards badge, alerts badge, palette
 * trigger, the kill switch, help and About buttons.
 */
import { useEffect, type ReactNode } from 'react';
import { VIEWS } from '../../../shared/views';
import { BellIcon, KestrelMark, SearchIcon } from '../components/ui/Icons';
import { openApprovals, setAboutOpen, setActiveView, setHelpOpen, setPaletteOpen, showAlerts } from '../store/actions';
import { useKestrelStore } from '../store/index';
import { unackedCount } from '../store/sectors-reducers';
import { isMac } from './dom-ids';
import { KillSwitchButton, PendingBadge } from './KillSwitch';
import { LinkGroupPicker } from './LinkGroupPicker';
import './view-tabs.css';

/** The window's top bar. */
export function TopBar(): ReactNode {
  const active = useKestrelStore((s) => s.activeView);
  const mod = isMac() ? '⌘' : 'Ctrl';
  const unacked = useKestrelStore((s) => unackedCount(s.alerts));
  // On a narrow window the tabs scroll sideways (view-tabs.css): keep the active one in sight, also as the bar resizes.
  useEffect(() => {
    const reveal = (): void => document.querySelector(`[data-testid="view-tab-${active}"]`)?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
    reveal();
    const tabs = document.querySelector('.topbar .view-tabs');
    if (!tabs || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(reveal);
    ro.observe(tabs);
    return () => ro.disconnect();
  }, [active]);
  return (
    <header className="topbar">
      <div className="brand" title="Kestrel trading workstation">
        <KestrelMark />
        <span className="wordmark">KESTREL</span>
      </div>
      <nav className="view-tabs" role="tablist" aria-label="Views">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={active === v.id}
            aria-label={`${v.title} view`}
            className={`view-tab ${active === v.id ? 'active' : ''}`}
            data-testid={`view-tab-${v.id}`}
            onClick={() => setActiveView(v.id)}
          >
            {v.title}
          </button>
        ))}
      </nav>
      <LinkGroupPicker />
      <PendingBadge onOpen={() => openApprovals()} />
      <button
        type="button"
        className={`alerts-badge ${unacked > 0 ? 'has-alerts' : ''}`}
        data-testid="alerts-badge"
        data-count={unacked}
        aria-label={`Alerts: ${unacked} unacknowledged`}
        title={`${unacked} unacknowledged alert${unacked === 1 ? '' : 's'} — show the alerts panel`}
        onClick={showAlerts}
      >
        <BellIcon />
        {unacked > 0 && <span className="alerts-count num">{unacked > 99 ? '99+' : unacked}</span>}
      </button>
      <button
        type="button"
        className="palette-trigger"
        aria-label="Open the command palette"
        data-testid="palette-trigger"
        onClick={() => setPaletteOpen(true)}
      >
        <SearchIcon />
        <span className="palette-trigger-text">Search symbols, views, commands</span>
        <kbd>
          {mod} K
        </kbd>
      </button>
      <KillSwitchButton />
      <div className="topbar-actions">
        <button type="button" className="icon-btn" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelpOpen(true)}>
          ?
        </button>
        <button type="button" className="icon-btn" aria-label="About Kestrel" title="About Kestrel" onClick={() => setAboutOpen(true)}>
          i
        </button>
      </div>
    </header>
  );
}
