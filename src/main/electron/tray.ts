/**
 * The tray icon: open any view, pause or resume the simulation, quit. The menu follows the engine's clock
 * through an internal connection subscribed to 'clock.changed', so a pause from any window shows here too.
 */
import { Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import { isRpcEventFrame, isRpcResponse } from '../../shared/contract/rpc';
import type { ClockState } from '../../shared/contract/schemas';
import { DEFAULT_VIEW, VIEWS, type ViewId } from '../../shared/views';
import type { Connection, Engine } from '../core';

/** What the menu shows; `clock` is null until the engine has answered. */
export interface TrayState {
  clock: Pick<ClockState, 'paused' | 'mode'> | null;
}

/** What the menu items do. */
export interface TrayActions {
  openView(view: ViewId): void;
  setPaused(paused: boolean): void;
  quit(): void;
}

/** Options of createTray. */
export interface TrayOptions {
  engine: Pick<Engine, 'call' | 'connect'>;
  iconPath: string;
  openView(view: ViewId): void;
  quit(): void;
}

/** The installed tray. */
export interface KestrelTray {
  /** The state the menu was last built from. */
  state(): TrayState;
  dispose(): void;
}

/** The tray menu for a state: one item per view, then Pause/Resume, then Quit. */
export function buildTrayTemplate(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const clock = state.clock;
  const paused = clock?.paused ?? false;
  // Only the simulated clock can pause; the live (system) clock follows the wall.
  const canPause = clock !== null && clock.mode === 'simulated';
  return [
    ...VIEWS.map((v): MenuItemConstructorOptions => ({
      id: `open:${v.id}`,
      label: `Open ${v.title}`,
      click: () => actions.openView(v.id),
    })),
    { type: 'separator' },
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

/** Creates the tray icon and keeps its menu in step with the engine's clock. */
export function createTray(opts: TrayOptions): KestrelTray {
  let state: TrayState = { clock: null };
  let disposed = false;

  let image = nativeImage.createFromPath(opts.iconPath);
  if (process.platform === 'darwin' && !image.isEmpty()) image = image.resize({ width: 16, height: 16 });
  const tray = new Tray(image);
  tray.setToolTip('Kestrel');

  const apply = (clock: TrayState['clock']): void => {
    if (disposed) return;
    state = { clock };
    tray.setToolTip(clock?.paused ? 'Kestrel — simulation paused' : 'Kestrel');
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayTemplate(state, actions)));
  };

  const actions: TrayActions = {
    openView: (view) => opts.openView(view),
    setPaused: (paused) => {
      opts.engine
        .call('clock.set', { paused })
        .then((clock) => apply(clock))
        .catch((err: unknown) => console.error('[tray] clock.set failed', err));
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
      if (clock) apply(clock);
    },
  });

  apply(null);
  // Subscribe before reading, so a change between the two is not lost.
  void connection
    .request(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'events.subscribe', params: { topics: ['clock.changed'] } }))
    .then((reply) => {
      const parsed: unknown = reply ? JSON.parse(reply) : null;
      if (isRpcResponse(parsed) && 'error' in parsed) console.error('[tray] events.subscribe failed', parsed.error);
    })
    .catch((err: unknown) => console.error('[tray] events.subscribe failed', err));
  opts.engine
    .call('clock.get')
    .then((clock) => {
      if (state.clock === null) apply(clock);
    })
    .catch((err: unknown) => console.error('[tray] clock.get failed', err));

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
