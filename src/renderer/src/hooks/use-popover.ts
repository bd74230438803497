/**
 * Open/closed state of a small popover (the link-group menu, the chain's column chooser): while open, a mouse
 * press outside `ref` or an unclaimed Esc closes it (the Esc is then claimed, so nothing else also closes).
 */
import { useEffect, useRef, useState, type Dispatch, type RefObject, type SetStateAction } from 'react';

export function usePopover<T extends HTMLElement>(): { open: boolean; setOpen: Dispatch<SetStateAction<boolean>>; ref: RefObject<T | null> } {
  const [open, setOpen] = useState(false);
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      if (ref.current && e.target instanceof Node && !ref.current.contains(e.target)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        setOpen(false);
      }
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return { open, setOpen, ref };
}
