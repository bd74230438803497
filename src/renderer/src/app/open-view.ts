/** Opens a view in its own window (desktop) or browser tab, with the same `?view=` entry as this one. */
import { getShell } from '../engine/index';

/** Opens `view` (with optional params) in a new window or tab. */
export function openViewWindow(view: string, params: Record<string, string> = {}): void {
  const shell = getShell();
  if (shell) {
    void shell.openView(view, params);
    return;
  }
  // The token stays behind in sessionStorage, which a tab opened from this one inherits.
  const url = new URL(window.location.href);
  url.search = new URLSearchParams({ view, ...params }).toString();
  window.open(url.toString(), '_blank');
}
