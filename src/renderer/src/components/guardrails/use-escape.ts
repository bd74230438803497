/**
 * Esc for dialogs that are not store overlays (the order ticket, the explain dialog): the most recently opened
 * one closes first, so an explain dialog opened from the ticket's chips closes before the ticket. Listens on
 * window in the bubble phase and ignores an Esc something else already claimed (preventDefault), such as the
 * global shortcuts closing the palette or a search list closing itself.
 */
import { useEffect, useRef } from 'react';

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
