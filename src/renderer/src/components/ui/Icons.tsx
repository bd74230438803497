/** Small inline SVG icons (SVG elements, not inline styles, so the strict CSP allows them). */
import type { ReactNode } from 'react';

/** The Kestrel mark: a stylised falcon wing. */
export function KestrelMark(): ReactNode {
  return (
    <svg className="brand-mark" width="20" height="20" viewBox="0 0 24 24" aria-hidden="true">
      <path d="M2 15 L12 4 L22 15 L16 13 L12 20 L8 13 Z" fill="currentColor" />
    </svg>
  );
}

/** Magnifier. */
export function SearchIcon(): ReactNode {
  return (
    <svg width="13" height="13" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="7" cy="7" r="4.75" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M10.5 10.5 L14 14" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

/** Pause bars. */
export function PauseIcon(): ReactNode {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <rect x="1.5" y="1" width="2.5" height="8" fill="currentColor" />
      <rect x="6" y="1" width="2.5" height="8" fill="currentColor" />
    </svg>
  );
}

/** Play triangle. */
export function PlayIcon(): ReactNode {
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden="true">
      <path d="M2 1 L9 5 L2 9 Z" fill="currentColor" />
    </svg>
  );
}

/** Alert bell. */
export function BellIcon(): ReactNode {
  return (
    <svg width="13" height="13" viewBox="0 0 14 14" aria-hidden="true">
      <path d="M7 1.5a3.8 3.8 0 0 0-3.8 3.8v2.6L2 10h10l-1.2-2.1V5.3A3.8 3.8 0 0 0 7 1.5z" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinejoin="round" />
      <path d="M5.6 11.6a1.5 1.5 0 0 0 2.8 0" fill="none" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}
