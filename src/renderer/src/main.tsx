/**
 * The renderer's single entry: reads `?view=` (and `?symbol=`), creates the engine client for this window,
 * wires engine events into the store, and mounts the app. Any view can open in its own window or tab.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { VIEWS } from '../../shared/views';
import { App } from './app/App';
import { createEngineClient, getShell } from './engine/index';
import { EngineContext } from './engine/engine-context';
import { useKestrelStore, type ViewId } from './store/index';
import { wireEngineEvents } from './store/wire-engine-events';
import { openApprovals } from './store/actions';
import './styles/theme.css';
import './styles/shell.css';
import './styles/overlays.css';

function initialView(param: string | null): ViewId {
  return VIEWS.find((v) => v.id === param)?.id ?? 'market';
}

function start(): void {
  const params = new URLSearchParams(window.location.search);
  const { client, tokenMissing } = createEngineClient();
  const symbol = params.get('symbol');
  useKestrelStore.setState({
    activeView: initialView(params.get('view')),
    tokenMissing,
    selectedSymbol: symbol ? symbol.toUpperCase() : null,
  });
  wireEngineEvents(client);
  // Desktop: a notification for another card, or another symbol for a linked window, reuses this window.
  getShell()?.onNavigate((p) => {
    if (p['card']) openApprovals(p['card']);
    // A linked window reused for another symbol: show it (the group already has it, so nothing is published).
    if (p['symbol']) useKestrelStore.setState({ selectedSymbol: p['symbol'].toUpperCase() });
  });
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <EngineContext.Provider value={client}>
        <App />
      </EngineContext.Provider>
    </StrictMode>,
  );
}

start();
