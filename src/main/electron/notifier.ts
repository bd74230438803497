/**
 * The Electron implementation of the engine's Notifier port: native OS notifications whose click opens (or
 * focuses) the window of the view the notification is about.
 */
import { Notification as OsNotification, type NotificationConstructorOptions } from 'electron';
import type { Notification, Notifier } from '../core';

/** Options of ElectronNotifier. */
export interface ElectronNotifierOptions {
  /** Opens or focuses a view's window (the WindowManager's open). */
  openView(view: string, params?: Record<string, string>): unknown;
  /** Icon shown in the notification (Linux/Windows). */
  iconPath?: string;
}

// Notifications are kept referenced until they are done: a garbage-collected Notification loses its click.
const MAX_LIVE = 50;

/** Shows engine notifications as OS notifications and routes their clicks to the right window. */
export class ElectronNotifier implements Notifier {
  private readonly live = new Set<OsNotification>();

  constructor(private readonly opts: ElectronNotifierOptions) {}

  /** Shows one notification; silently does nothing where the OS has no notification support. */
  notify(n: Notification): void {
    if (!OsNotification.isSupported()) return;
    const options: NotificationConstructorOptions = {
      title: n.title,
      body: n.body,
      urgency: n.severity === 'critical' ? 'critical' : n.severity === 'warn' ? 'normal' : 'low',
      // A critical alert (kill switch, guardrail breach) stays until the user has seen it.
      timeoutType: n.severity === 'critical' ? 'never' : 'default',
      silent: n.severity === 'info',
      ...(this.opts.iconPath ? { icon: this.opts.iconPath } : {}),
    };
    const note = new OsNotification(options);
    const done = (): void => {
      this.live.delete(note);
    };
    note.on('click', () => {
      done();
      if (n.view) this.opts.openView(n.view, n.params ?? {});
    });
    note.on('close', done);
    note.on('failed', done);
    this.live.add(note);
    if (this.live.size > MAX_LIVE) {
      const oldest = this.live.values().next().value;
      if (oldest) this.live.delete(oldest);
    }
    note.show();
  }

  /** Number of notifications still referenced (shown and not yet clicked, closed or failed). */
  liveCount(): number {
    return this.live.size;
  }
}
