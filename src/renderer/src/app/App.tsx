/** The window shell: top bar, the active view, status bar, and the overlays. */
import type { ComponentType, ReactNode } from 'react';
import { useKestrelStore, type ViewId } from '../store/index';
import { MarketView } from '../views/market/MarketView';
import { SectorsView } from '../views/sectors/SectorsView';
import { UniverseDialog } from '../views/sectors/UniverseDialog';
import { AboutDialog } from './AboutDialog';
import { CommandPalette } from './CommandPalette';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';
import { useGlobalShortcuts } from './use-global-shortcuts';

const VIEW_COMPONENTS: Record<ViewId, ComponentType> = {
  market: MarketView,
  sectors: SectorsView,
};

/** The whole window. */
export function App(): ReactNode {
  useGlobalShortcuts();
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
