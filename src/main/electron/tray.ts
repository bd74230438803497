/**
 * The tray icon: open any view (Approvals with its pending count), halt or resume trading, pause or resume the
 * simulation, quit. The menu follows the engine through an internal connection subscribed to 'clock.changed' and
 * 'trading.statusChanged', so a pause, a new card or a halt from any window shows here too. Halt and resume go
 * through that same connection, so the audit log names the tray as the actor.
 */
import { dialog, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { isRpcEventFrame, isRpcResponse } from '../../shared/contract/rpc';
import type { ClockState } from '../../shared/contract/schemas';
import type { TradingStatus } from '../../shared/contract/trading-schemas';
import { DEFAULT_VIEW, VIEWS, type ViewId } from '../../shared/views';
import type { Connection, Engine } from '../core';

/** The reason written in the audit log when trading is halted from the tray. */
export const TRAY_HALT_REASON = 'halted from the tray menu';

/** What the menu shows; `clock` and `trading` are null until the engine has answered. */
export interface TrayState {
  clock: Pick<ClockState, 'paused' | 'mode'> | null;
  trading: Pick<TradingStatus, 'halted' | 'pendingCards'> | null;
}

/** What the menu items do. */
export interface TrayActions {
  openView(view: ViewId): void;
  setPaused(paused: boolean): void;
  /** Asks for confirmation, then throws the kill switch. */
  halt(): void;
  resume(): void;
  quit(): void;
}

/** Options of createTray. */
export interface TrayOptions {
  engine: Pick<Engine, 'call' | 'connect'>;
  iconPath: string;
  openView(view: ViewId): void;
  quit(): void;
  /** Asks before halting; resolves true to halt. Default: a native warning dialog. */
  confirmHalt?(): Promise<boolean>;
}

/** The installed tray. */
export interface KestrelTray {
  /** The state the menu was last built from. */
  state(): TrayState;
  dispose(): void;
}

/** "N pending" for the tooltip and the Approvals item. */
function pendingText(n: number): string {
  return `${n.toLocaleString('en-US')} pending`;
}

/** The tooltip: "Kestrel — 3 pending", plus a halted kill switch and a paused simulation when they are. */
export function trayTooltip(state: TrayState): string {
  const parts: string[] = [];
  if (state.trading) parts.push(pendingText(state.trading.pendingCards));
  if (state.trading?.halted) parts.push('trading halted');
  if (state.clock?.paused) parts.push('simulation paused');
  return parts.length === 0 ? 'Kestrel' : `Kestrel — ${parts.join(' · ')}`;
}

/** The tray menu for a state: one item per view (Approvals with its pending count), Halt/Resume trading, Pause/Resume, Quit. */
export function buildTrayTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const { clock, trading } = state;
  const paused = clock?.paused ?? false;
  // Only the simulated clock can pause; the live (system) clock follows the wall.
  const canPause = clock !== null && clock.mode === 'simulated';
  const halted = trading?.halted ?? false;
  return [
    ...VIEWS.map((v): MenuItemConstructorOptions => ({
      id: `open:${v.id}`,
      label: v.id === 'approvals' ? (trading ? `Approvals (${pendingText(trading.pendingCards)})` : 'Approvals') : `Open ${v.title}`,
      click: () => actions.openView(v.id),
    })),
    { type: 'separator' },
    {
      id: 'trading:toggle',
      // Halting is always safe, so it is offered even before the engine has answered; resuming only when known halted.
      label: halted ? 'Resume trading' : 'Halt trading…',
      click: () => (halted ? actions.resume() : actions.halt()),
    },
    {
      id: 'clock:toggle',
      label: paused ? 'Resume simulation' : 'Pause simulation',
      enabled: canPause,
      click: () => actions.setPaused(!paused),
    },
    { type: 'separator' },
    { id: 'quit', label: 'Quit Kestrel', click: () => actions.quit() },
  ];
}

/** The native confirmation before a halt from the tray. */
async function confirmHaltDialog(): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Halt trading',
    message: 'Halt all trading?',
    detail: 'Every approval is refused and no order is sent to the broker until trading is resumed. The halt survives a restart.',
    buttons: ['Halt trading', 'Cancel'],
    defaultId: 0,
    cancelId: 1,
    noLink: true,
  });
  return response === 0;
}

/** Creates the tray icon and keeps its menu in step with the engine's clock and trading status. */
export function createTray(opts: TrayOptions): KestrelTray {
  let state: TrayState = { clock: null, trading: null };
  let disposed = false;
  let nextId = 1;

  let image = nativeImage.createFromPath(opts.iconPath);
  if (process.platform === 'darwin' && !image.isEmpty()) image = image.resize({ width: 16, height: 16 });
  const tray = new Tray(image);
  tray.setToolTip('Kestrel');

  const apply = (patch: Partial<TrayState>): void => {
    if (disposed) return;
    state = { ...state, ...patch };
    tray.setToolTip(trayTooltip(state));
    // The macOS menu bar shows the count beside the icon.
    if (process.platform === 'darwin') tray.setTitle(state.trading && state.trading.pendingCards > 0 ? String(state.trading.pendingCards) : '');
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayTemplate(state, actions)));
  };

  /** One call over the tray's own connection (so the engine records the tray as the caller). */
  const request = async (method: string, params: unknown): Promise<unknown> => {
    const reply = await connection.request(JSON.stringify({ jsonrpc: '2.0', id: ++nextId, method, params }));
    const parsed: unknown = reply ? JSON.parse(reply) : null;
    if (!isRpcResponse(parsed)) throw new Error(`no reply to ${method}`);
    if ('error' in parsed) throw new Error(`${method} failed: ${parsed.error.message}`);
    return parsed.result;
  };
  const applyTrading = (result: unknown): void => {
    const trading = tradingFromData(result);
    if (trading) apply({ trading });
  };

  const actions: TrayActions = {
    openView: (view) => opts.openView(view),
    setPaused: (paused) => {
      opts.engine
        .call('clock.set', { paused })
        .then((clock) => apply({ clock }))
        .catch((err: unknown) => console.error('[tray] clock.set failed', err));
    },
    halt: () => {
      (opts.confirmHalt ?? confirmHaltDialog)()
        .then((yes) => (yes ? request('trading.halt', { reason: TRAY_HALT_REASON }).then(applyTrading) : undefined))
        .catch((err: unknown) => console.error('[tray] trading.halt failed', err));
    },
    resume: () => {
      request('trading.resume', {})
        .then(applyTrading)
        .catch((err: unknown) => console.error('[tray] trading.resume failed', err));
    },
    quit: () => opts.quit(),
  };

  // Windows opens something on a left click; macOS and Linux show the menu instead.
  if (process.platform === 'win32') tray.on('click', () => opts.openView(DEFAULT_VIEW));

  const connection: Connection = opts.engine.connect({
    transport: 'internal',
    label: 'tray',
    send: (frame) => {
      const clock = clockFromEvent(frame);
      if (clock) return apply({ clock });
      const trading = tradingFromEvent(frame);
      if (trading) apply({ trading });
    },
  });

  apply({});
  // Subscribe before reading, so a change between the two is not lost.
  void connection
    .request(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { topics: ['clock.changed', 'trading.statusChanged'] } }))
    .then((reply) => {
      const parsed: unknown = reply ? JSON.parse(reply) : null;
      if (isRpcResponse(parsed) && 'error' in parsed) console.error('[tray] events.subscribe failed', parsed.error);
    })
    .catch((err: unknown) => console.error('[tray] events.subscribe failed', err));
  opts.engine
    .call('clock.get')
    .then((clock) => {
      if (state.clock === null) apply({ clock });
    })
    .catch((err: unknown) => console.error('[tray] clock.get failed', err));
  opts.engine
    .call('trading.status')
    .then((status) => {
      if (state.trading === null) applyTrading(status);
    })
    .catch((err: unknown) => console.error('[tray] trading.status failed', err));

  return {
    state: () => state,
    dispose() {
      if (disposed) return;
      disposed = true;
      connection.close();
      tray.destroy();
    },
  };
}

/** The clock of a 'clock.changed' event frame; null for anything else. */
export function clockFromEvent(frame: string): TrayState['clock'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return null;
  }
  if (!isRpcEventFrame(parsed) || parsed.params.topic !== 'clock.changed') return null;
  const data = parsed.params.data as Partial<ClockState> | null;
  if (!data || typeof data.paused !== 'boolean' || (data.mode !== 'simulated' && data.mode !== 'system')) return null;
  return { paused: data.paused, mode: data.mode };
}

/** The halt flag and pending count of a trading status; null when it is not one. */
function tradingFromData(data: unknown): TrayState['trading'] {
  const d = data as Partial<TradingStatus> | null;
  if (!d || typeof d.halted !== 'boolean' || typeof d.pendingCards !== 'number' || !Number.isFinite(d.pendingCards)) return null;
  return { halted: d.halted, pendingCards: d.pendingCards };
}

/** The trading status of a 'trading.statusChanged' event frame; null for anything else. */
export function tradingFromEvent(frame: string): TrayState['trading'] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(frame);
  } catch {
    return null;
  }
  if (!isRpcEventFrame(parsed) || parsed.params.topic !== 'trading.statusChanged') return null;
  return tradingFromData(parsed.params.data);
}
