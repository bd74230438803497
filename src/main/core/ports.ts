/**
 * Ports to what lives outside the engine and differs by host. Market data is in market/ports.ts; brokers,
 * LLM clients and secret stores join here as they arrive.
 */

export interface Notification {
  title: string;
  body: string;
  severity: 'info' | 'warn' | 'critical';
  /** The view to open when the notification is clicked, e.g. 'market'. */
  view?: string;
  params?: Record<string, string>;
}

/** Tray notifications on the desktop; toasts (via events) in browser mode. */
export interface Notifier {
  notify(notification: Notification): void;
}
