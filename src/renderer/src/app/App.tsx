/** The window shell: top bar, the active view, status bar, and the overlays. */
import { useEffect, type ComponentType, type ReactNode } from 'react';
import { OrderTicketHost } from '../components/order-ticket/OrderTicketHost';
import { selectCard } from '../store/actions';
import { useKestrelStore, type ViewId } from '../store/index';
import { ApprovalsView } from '../views/approvals/ApprovalsView';
import { CompareView } from '../views/compare/CompareView';
import { MarketView } from '../views/market/MarketView';
import { OptionsView } from '../views/options/OptionsView';
import { PortfolioView } from '../views/portfolio/PortfolioView';
import { SectorsView } from '../views/sectors/SectorsView';
import { SegmentsView } from '../views/segments/SegmentsView';
import { UniverseDialog } from '../views/sectors/UniverseDialog';
import { SettingsView } from '../views/settings/SettingsView';
import { AboutDialog } from './AboutDialog';
import { CommandPalette } from './CommandPalette';
import { KillSwitchDialog } from './KillSwitch';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';
import { useGlobalShortcuts } from './use-global-shortcuts';

const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  market: MarketView,
  sectors: SectorsView,
  approvals: ApprovalsView,
  portfolio: PortfolioView,
  options: OptionsView,
  segments: SegmentsView,
  compare: CompareView,
  settings: SettingsView,
};

/** `?card=<id>` (a notification opening the approvals window on a card) selects that card once. */
function useCardParam(): void {
  useEffect(() => {
    const card = new URLSearchParams(window.location.search).get('card');
    if (card) selectCard(card);
  }, []);
}

/** The whole window. */
export function App(): ReactNode {
  useGlobalShortcuts();
  useCardParam();
  const view = useKestrelStore((s) => s.activeView);
  const tokenMissing = useKestrelStore((s) => s.tokenMissing && s.connection !== 'open');
  const View = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <TopBar />
      <main className="app-main" id="main">
        {tokenMissing && <TokenBanner />}
        <View />
      </main>
      <StatusBar />
      <CommandPalette />
      <ShortcutsHelp />
      <AboutDialog />
      <UniverseDialog />
      <OrderTicketHost />
      <KillSwitchDialog />
      <Toasts />
    </div>
  );
}

function TokenBanner(): ReactNode {
  return (
    <div className="banner banner-error" role="alert">
      No access token. Open the address the engine printed at start-up (it ends in <code>?token=…</code>); the
      engine refuses connections without it.
    </div>
  );
}
