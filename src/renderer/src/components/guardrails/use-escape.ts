/**
 * Keyboard plumbing of the dialogs that are not store overlays. Esc for dialogs that are not store overlays (the order ticket, the explain dialog): the most recently opened
 * one closes first, so an explain dialog opened from the ticket's chips closes before the ticket. Listens on
 * window in the bubble phase and ignores an Esc something else already claimed (preventDefault), such as the
 * global shortcuts closing the palette or a search list closing itself.
 */
import { useEffect, useRef, type RefObject } from 'react';

const stack: { current: () => void }[] = [];

function onKey(e: KeyboardEvent): void {
  if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
  const top = stack[stack.length - 1];
  if (!top) return;
  e.preventDefault();
  top.current();
}

/** Calls onEscape on Esc while the calling component is the topmost mounted user of this hook. */
export function useEscape(onEscape: () => void): void {
  const ref = useRef(onEscape);
  useEffect(() => {
    ref.current = onEscape;
  });
  useEffect(() => {
    const entry = { current: () => ref.current() };
    if (stack.length === 0) window.addEventListener('keydown', onKey);
    stack.push(entry);
    return () => {
      const i = stack.indexOf(entry);
      if (i >= 0) stack.splice(i, 1);
      if (stack.length === 0) window.removeEventListener('keydown', onKey);
    };
  }, []);
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type);
}

/**
 * Keys inside a modal dialog stay there: a printable key pressed outside a text field (on a button, or on the
 * dialog itself after a click on its background) is marked handled, so the window shortcuts behind the dialog
 * (T opens a ticket, 1/2/3 switch the chart, / focuses the filter) do not fire. Esc, Enter, Space, Tab and
 * Ctrl/⌘ combinations pass untouched. `onKey` sees every keydown in the dialog first, with `typing` telling
 * whether a text field has focus. `anchor` is any element inside the dialog.
 */
export function useDialogKeys(anchor: RefObject<HTMLElement | null>, onKey?: (e: KeyboardEvent, typing: boolean) => void): void {
  const ref = useRef(onKey);
  useEffect(() => {
    ref.current = onKey;
  });
  useEffect(() => {
    const panel = anchor.current?.closest<HTMLElement>('[role="dialog"]');
    if (!panel) return;
    const handler = (e: KeyboardEvent): void => {
      if (e.isComposing) return;
      const typing = isTyping(e.target);
      ref.current?.(e, typing);
      if (e.defaultPrevented || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key.length === 1 && e.key !== ' ') e.preventDefault();
    };
    panel.addEventListener('keydown', handler);
    return () => panel.removeEventListener('keydown', handler);
  }, [anchor]);
}
