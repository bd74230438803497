/** The window shell: top bar, the active view, status bar, and the overlays. */
import { Suspense, lazy, useEffect, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { OrderTicketHost } from '../components/order-ticket/OrderTicketHost';
import { selectCard } from '../store/actions';
import { useKestrelStore, type ViewId } from '../store/index';
import { UniverseDialog } from '../views/sectors/UniverseDialog';
import { AboutDialog } from './AboutDialog';
import { CommandPalette } from './CommandPalette';
import { KillSwitchDialog } from './KillSwitch';
import { ShortcutsHelp } from './ShortcutsHelp';
import { StatusBar } from './StatusBar';
import { Toasts } from './Toasts';
import { TopBar } from './TopBar';
import { useGlobalShortcuts } from './use-global-shortcuts';

/**
 * Each view is its own chunk (the single bundle was 890 kB): the window parses the shell and the view it opens
 * with, then fetches the other views while idle, so a view hotkey never waits on the network or the parser.
 */
const VIEW_LOADERS: Record<ViewId, () => Promise<{ default: ComponentType }>> = {
  market: () => import('../views/market/MarketView').then((m) => ({ default: m.MarketView })),
  sectors: () => import('../views/sectors/SectorsView').then((m) => ({ default: m.SectorsView })),
  approvals: () => import('../views/approvals/ApprovalsView').then((m) => ({ default: m.ApprovalsView })),
  portfolio: () => import('../views/portfolio/PortfolioView').then((m) => ({ default: m.PortfolioView })),
  options: () => import('../views/options/OptionsView').then((m) => ({ default: m.OptionsView })),
  segments: () => import('../views/segments/SegmentsView').then((m) => ({ default: m.SegmentsView })),
  compare: () => import('../views/compare/CompareView').then((m) => ({ default: m.CompareView })),
  settings: () => import('../views/settings/SettingsView').then((m) => ({ default: m.SettingsView })),
};

const VIEW_COMPONENTS = Object.fromEntries(Object.entries(VIEW_LOADERS).map(([id, load]) => [id, lazy(load)])) as Record<
  ViewId,
  LazyExoticComponent<ComponentType>
>;

/** After the first view is up, loads the others' chunks in the background (a failed fetch is retried on use). */
function usePrefetchViews(): void {
  useEffect(() => {
    const run = (): void => {
      for (const load of Object.values(VIEW_LOADERS)) load().catch(() => undefined);
    };
    const idle = (window as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }).requestIdleCallback;
    const handle = idle ? idle(run, { timeout: 2_000 }) : window.setTimeout(run, 300);
    return () => {
      const cancel = (window as { cancelIdleCallback?: (h: number) => void }).cancelIdleCallback;
      if (idle && cancel) cancel(handle);
      else window.clearTimeout(handle);
    };
  }, []);
}

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
  usePrefetchViews();
  const view = useKestrelStore((s) => s.activeView);
  const tokenMissing = useKestrelStore((s) => s.tokenMissing && s.connection !== 'open');
  const View = VIEW_COMPONENTS[view];
  return (
    <div className="app">
      <TopBar />
      <main className="app-main" id="main">
        {tokenMissing && <TokenBanner />}
        <Suspense fallback={<ViewLoading />}>
          <View />
        </Suspense>
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

function ViewLoading(): ReactNode {
  return (
    <div className="view-loading" role="status" aria-live="polite">
      Loading view…
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
