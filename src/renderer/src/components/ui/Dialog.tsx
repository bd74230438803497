/** A modal dialog: backdrop, title bar with a close button, focus moved in on open and restored on close. */
import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';

/** Props of Dialog. */
export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  testId?: string;
  /** Element to focus on open (default: the dialog itself). */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Hide the title bar (the palette has its own input row); the title still labels the dialog. */
  bare?: boolean;
}

/** A modal dialog; Esc is handled by the global shortcuts (closeOverlays). */
export function Dialog({ title, onClose, children, className, testId, initialFocus, bare }: DialogProps): ReactNode {
  const panelRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (initialFocus?.current ?? panelRef.current)?.focus();
    return () => previous?.focus();
  }, [initialFocus]);
  return (
    <div
      className="overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div
        ref={panelRef}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={bare ? undefined : titleId}
        aria-label={bare ? title : undefined}
        tabIndex={-1}
        data-testid={testId}
      >
        {!bare && (
          <header className="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-btn" aria-label={`Close ${title}`} onClick={onClose}>
              <CloseGlyph />
            </button>
          </header>
        )}
        {children}
      </div>
    </div>
  );
}

function CloseGlyph(): ReactNode {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <path d="M2 2l8 8M10 2l-8 8" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}
