/** What the command palette can list and run: views, commands, symbols. */
import type { UniverseItem } from '../../../shared/contract/schemas';
import { VIEWS } from '../../../shared/views';
import type { RendererEngineClient } from '../engine/rpc-client';
import { CLOCK_SPEEDS } from '../lib/clock-math';
import type { PaletteCandidate } from '../lib/palette-match';
import { sectorLabel } from '../lib/labels';
import { TIMEFRAMES } from '../lib/timeframes';
import { openTicket } from '../components/order-ticket/ticket-store';
import { openOptionChain, openOptionChainWindow } from '../views/options/open-chain';
import { runSegmentNow } from '../views/segments/segment-commands';
import { LINK_GROUPS } from '../store/links';
import { joinLinkGroup, loadSectorsGrid } from '../store/wire-engine-events';
import { clearFilters, openApprovals, selectSymbol, setAboutOpen, setActiveView, setHaltDialog, setHelpOpen, setTimeframe, setUniverseOpen, showAlerts } from '../store/actions';
import { runSectorAnalysis, setClockPaused, setClockSpeed } from '../store/engine-commands';
import { useKestrelStore } from '../store/index';
import { focusFilter } from './dom-ids';
import { openViewWindow } from './open-view';

/** A palette entry. */
export interface PaletteItem extends PaletteCandidate {
  /** Secondary text (company name, sector, what a command does). */
  detail?: string;
  /** Runs the entry; the palette closes first. */
  run: () => void;
  /** Shift+Enter: the same in a new window or tab, where that makes sense. */
  runInWindow?: () => void;
}

/** Views and commands (symbols come from symbolItems). */
export function commandItems(client: RendererEngineClient): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const v of VIEWS) {
    items.push({ id: `view:${v.id}`, kind: 'view', label: v.title, detail: 'Switch to this view', keywords: ['view', 'go to'], run: () => setActiveView(v.id) });
    items.push({
      id: `window:${v.id}`,
      kind: 'command',
      label: `Open ${v.title} in a new window`,
      keywords: ['window', 'tab', 'detach'],
      run: () => openViewWindow(v.id),
    });
  }
  const clockPaused = (): boolean => useKestrelStore.getState().clock?.paused ?? false;
  const warn = (e: unknown): void => console.warn('[palette] command failed', e);
  items.push(
    { id: 'cmd:help', kind: 'command', label: 'Keyboard shortcuts', keywords: ['help', 'keys'], run: () => setHelpOpen(true) },
    { id: 'cmd:about', kind: 'command', label: 'About Kestrel', keywords: ['credits', 'version', 'tradingview'], run: () => setAboutOpen(true) },
    { id: 'cmd:filter', kind: 'command', label: 'Focus table filter', keywords: ['search', 'find'], run: () => setTimeout(focusFilter, 0) },
    {
      id: 'cmd:clear-filter',
      kind: 'command',
      label: 'Clear table filters',
      keywords: ['reset', 'sector', 'all'],
      run: clearFilters,
    },
    {
      id: 'cmd:pause',
      kind: 'command',
      label: 'Pause / resume clock',
      keywords: ['clock', 'stop', 'play', 'resume'],
      run: () => void setClockPaused(client, !clockPaused()).catch(warn),
    },
    {
      id: 'cmd:sectors-analyze',
      kind: 'command',
      label: 'Run fresh sector analysis',
      detail: 'Re-score all eight sectors now (R in the Sectors view)',
      keywords: ['sectors', 'analysis', 'refresh', 'traffic light', 'run'],
      run: () => {
        setActiveView('sectors');
        void runSectorAnalysis(client);
      },
    },
    {
      id: 'cmd:sectors-refresh',
      kind: 'command',
      label: 'Refresh sector grid',
      detail: 'Re-read the latest analysis from the engine',
      keywords: ['sectors', 'reload', 'grid'],
      run: () => {
        setActiveView('sectors');
        void loadSectorsGrid(client);
      },
    },
    {
      id: 'cmd:universe',
      kind: 'command',
      label: 'Universe: members and what-if',
      detail: 'Who is in the small-cap universe, why the rest is excluded, and would a symbol qualify',
      keywords: ['universe', 'members', 'exclusions', 'what if', 'eligibility', 'evaluate', 'micro', 'small'],
      run: () => setUniverseOpen(true),
    },
    { id: 'cmd:alerts', kind: 'command', label: 'Show alerts', detail: 'Significant moves, newest first', keywords: ['alerts', 'notifications', 'moves'], run: showAlerts },
    {
      id: 'cmd:approvals',
      kind: 'command',
      label: 'Open approvals',
      detail: 'The queue of trade cards waiting for a decision',
      keywords: ['approvals', 'cards', 'queue', 'pending', 'approve'],
      run: () => openApprovals(),
    },
    {
      id: 'cmd:positions',
      kind: 'command',
      label: 'Open positions',
      detail: 'Positions, account, orders blotter and fills',
      keywords: ['positions', 'portfolio', 'orders', 'blotter', 'fills', 'account', 'pnl'],
      run: () => setActiveView('portfolio'),
    },
    {
      id: 'cmd:halt',
      kind: 'command',
      label: 'Halt trading',
      detail: 'Kill switch: no approvals, no new orders (Ctrl+Shift+H)',
      keywords: ['kill switch', 'halt', 'stop', 'emergency'],
      run: () => setHaltDialog('halt'),
    },
    {
      id: 'cmd:resume',
      kind: 'command',
      label: 'Resume trading',
      detail: 'Reset the kill switch',
      keywords: ['kill switch', 'resume', 'unhalt', 'restart'],
      run: () => setHaltDialog('resume'),
    },
    { id: 'cmd:settings', kind: 'command', label: 'Settings', detail: 'Guardrail limits and playbooks', keywords: ['settings', 'guardrails', 'limits', 'playbooks', 'preferences'], run: () => setActiveView('settings') },
    {
      id: 'cmd:segments',
      kind: 'command',
      label: 'Open segments',
      detail: 'Biotech, Mining & Resources…: status, runs, proposals, risk (R runs the selected one)',
      keywords: ['segments', 'biotech', 'mining', 'resources', 'agents', 'ai', 'proposals', 'run'],
      run: () => setActiveView('segments'),
    },
    {
      id: 'cmd:compare',
      kind: 'command',
      label: 'Compare segments',
      detail: 'Side-by-side metrics, equity curves vs IWM, correlation heat map, diversification, allocation, report export',
      keywords: ['compare', 'comparison', 'segments', 'sharpe', 'drawdown', 'correlation', 'diversification', 'allocation', 'report', 'csv', 'export'],
      run: () => setActiveView('compare'),
    },
    {
      id: 'cmd:llm',
      kind: 'command',
      label: 'LLM settings and usage',
      detail: 'Provider, model, API key, token budget, cost per approved card, recent calls',
      keywords: ['llm', 'ai', 'openai', 'ollama', 'model', 'budget', 'tokens', 'cost', 'api key'],
      run: () => {
        setActiveView('settings');
        setTimeout(() => document.getElementById('llm-h')?.scrollIntoView?.({ block: 'start' }), 50);
      },
    },
  );
  for (const seg of useKestrelStore.getState().segments) {
    items.push({
      id: `cmd:segment-run-${seg.id}`,
      kind: 'command',
      label: `Run segment now: ${seg.name}`,
      detail: `${seg.state} · gather, research, analyse, ground, propose`,
      keywords: ['segment', 'run', 'now', seg.id],
      run: () => {
        setActiveView('segments');
        void runSegmentNow(client, seg.id);
      },
    });
  }
  const linked = useKestrelStore.getState().linkGroup;
  for (const group of [...LINK_GROUPS, null]) {
    const name = group ?? 'none';
    items.push({
      id: `cmd:link-${name}`,
      kind: 'command',
      label: `Link window: ${name}`,
      detail: group === null ? 'Stop following other windows' : `Follow and lead the symbol of the ${group} windows${linked === group ? ' (current)' : ''}`,
      keywords: ['link', 'group', 'colour', 'color', 'window', 'follow', 'sync'],
      run: () => void joinLinkGroup(client, group),
    });
  }
  const selected = useKestrelStore.getState().selectedSymbol;
  if (selected) {
    items.push({
      id: `cmd:ticket-${selected}`,
      kind: 'command',
      label: `New order ticket for ${selected}`,
      detail: 'Raise a trade card (T)',
      // Exact keywords rank the selected symbol's ticket above every other symbol's.
      keywords: ['ticket', 'order', 'trade', 'buy', 'sell', 'short', 'card', 'new order ticket'],
      run: () => openTicket(selected),
    });
    items.push({
      id: `cmd:chain-${selected}`,
      kind: 'command',
      label: `Option chain for ${selected}`,
      detail: 'Chain, IV rank, max pain and the strategy builder (O)',
      keywords: ['options', 'chain', 'calls', 'puts', 'strategy', 'iron condor', 'greeks', 'option chain'],
      run: () => openOptionChain(selected),
      runInWindow: () => openOptionChainWindow(selected),
    });
  }
  for (const speed of CLOCK_SPEEDS) {
    items.push({ id: `cmd:speed-${speed}`, kind: 'command', label: `Clock speed ${speed}×`, keywords: ['clock', 'speed', 'fast'], run: () => void setClockSpeed(client, speed).catch(warn) });
  }
  for (const tf of TIMEFRAMES) {
    items.push({
      id: `cmd:tf-${tf.id}`,
      kind: 'command',
      label: `Chart timeframe ${tf.title.toLowerCase()}`,
      keywords: ['chart', 'timeframe', tf.label],
      run: () => setTimeframe(tf.id),
    });
  }
  return items;
}

/** Minimal symbol record (universe items and market.search hits both fit). */
export interface SymbolRecord {
  symbol: string;
  name: string;
  sector: UniverseItem['sector'];
  exchange: string;
  kind?: UniverseItem['kind'];
}

/** Palette entries selecting a symbol in the Market view. */
export function symbolItems(records: readonly SymbolRecord[]): PaletteItem[] {
  return records.flatMap((r): PaletteItem[] => [
    {
      id: `symbol:${r.symbol}`,
      kind: 'symbol',
      label: r.symbol,
      keywords: [r.name],
      detail: `${r.name} · ${sectorLabel(r.sector, r.kind ?? 'stock')} · ${r.exchange}`,
      run: () => {
        setActiveView('market');
        selectSymbol(r.symbol);
      },
      runInWindow: () => openViewWindow('market', { symbol: r.symbol }),
    },
    {
      id: `ticket:${r.symbol}`,
      kind: 'command',
      label: `New order ticket for ${r.symbol}`,
      keywords: [r.name],
      detail: `${r.name} · raise a trade card`,
      run: () => openTicket(r.symbol),
    },
    {
      id: `chain:${r.symbol}`,
      kind: 'command',
      label: `Option chain for ${r.symbol}`,
      keywords: [r.name, 'options'],
      detail: `${r.name} · chain, analytics and strategy builder`,
      run: () => openOptionChain(r.symbol),
      runInWindow: () => openOptionChainWindow(r.symbol),
    },
  ]);
}
