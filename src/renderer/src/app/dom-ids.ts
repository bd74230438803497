/** Element ids shared between components and keyboard shortcuts. */

/** The universe table's filter input, focused by `/`. */
export const FILTER_INPUT_ID = 'universe-filter';

/** Whether keystrokes on this target are text entry (shortcuts must leave them alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Whether the user is on a Mac (⌘ instead of Ctrl in hints). */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}

/** Focuses and selects the table filter. */
export function focusFilter(): void {
  const el = document.getElementById(FILTER_INPUT_ID);
  if (el instanceof HTMLInputElement) {
    el.focus();
    el.select();
  }
}
