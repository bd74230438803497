/**
 * The Electron implementation of the engine's Notifier port: native OS notifications whose click opens (or
 * focuses) the window of the view the notification is about, with its params (a trade card's notification opens
 * the approvals window on that card: `?view=approvals&card=<id>`).
 *
 * The trading desk notifies every new card and every fill, and a strategy can raise a hundred cards at once: per
 * view, the first few notifications of a burst are shown and the rest are folded into one summary at the burst's
 * end. Critical notifications (a halt, the engine down) are always shown on their own.
 */
import { Notification as OsNotification, type NotificationConstructorOptions } from 'electron';
import type { Notification, Notifier } from '../core';

/** Options of ElectronNotifier. */
export interface ElectronNotifierOptions {
  /** Opens or focuses a view's window (the WindowManager's open). */
  openView(view: string, params?: Record<string, string>): unknown;
  /** Icon shown in the notification (Linux/Windows). */
  iconPath?: string;
  /** Per view, at most `max` notifications are shown in `windowMs`; the rest become one summary. Default 3 in 3 s. */
  burst?: { windowMs: number; max: number };
}

interface Burst {
  until: number;
  shown: number;
  held: Notification[];
  timer: ReturnType<typeof setTimeout> | null;
}

const SEVERITY_RANK = { info: 0, warn: 1, critical: 2 } as const;

// Notifications are kept referenced until they are done: a garbage-collected Notification loses its click.
const MAX_LIVE = 50;

/** Shows engine notifications as OS notifications and routes their clicks to the right window. */
export class ElectronNotifier implements Notifier {
  private readonly live = new Set<OsNotification>();
  private readonly bursts = new Map<string, Burst>();

  constructor(private readonly opts: ElectronNotifierOptions) {}

  /** Shows one notification (or holds it for a burst's summary); does nothing where the OS has no notification support. */
  notify(n: Notification): void {
    if (!OsNotification.isSupported()) return;
    if (n.severity !== 'critical') {
      const key = n.view ?? '';
      const now = Date.now();
      const { windowMs, max } = this.opts.burst ?? { windowMs: 3_000, max: 3 };
      let burst = this.bursts.get(key);
      if (!burst || now >= burst.until) {
        if (burst) this.flush(key);
        burst = { until: now + windowMs, shown: 0, held: [], timer: null };
        this.bursts.set(key, burst);
      }
      if (burst.shown >= max) {
        burst.held.push(n);
        if (!burst.timer) {
          burst.timer = setTimeout(() => this.flush(key), Math.max(0, burst.until - now));
          burst.timer.unref?.();
        }
        return;
      }
      burst.shown++;
    }
    this.show(n);
  }

  /** Number of notifications still referenced (shown and not yet clicked, closed or failed). */
  liveCount(): number {
    return this.live.size;
  }

  /** Shows what a burst held back: the one notification, or a summary that opens the view without params. */
  private flush(key: string): void {
    const burst = this.bursts.get(key);
    if (!burst) return;
    this.bursts.delete(key);
    if (burst.timer) clearTimeout(burst.timer);
    const held = burst.held;
    if (held.length === 0) return;
    if (held.length === 1) return this.show(held[0]!);
    const byTitle = new Map<string, number>();
    for (const h of held) byTitle.set(h.title, (byTitle.get(h.title) ?? 0) + 1);
    const severity = held.reduce<Notification['severity']>((s, h) => (SEVERITY_RANK[h.severity] > SEVERITY_RANK[s] ? h.severity : s), 'info');
    this.show({
      title: `${held.length} more notifications`,
      body: [...byTitle].map(([title, count]) => `${title} ×${count}`).join(' · '),
      severity,
      ...(key ? { view: key } : {}),
    });
  }

  private show(n: Notification): void {
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
}
