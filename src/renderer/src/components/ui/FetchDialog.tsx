/**
 * A dialog that shows one thing read from the engine (the guardrail explanation of a card, the LLM trace of a
 * call): the read with its loading line, an error banner with Retry (a 4004 said as "not found"), then the content.
 * Esc closes the topmost one and keys stay inside it (useEscape, useDialogKeys).
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { EngineError } from '../../../../shared/contract/rpc';
import { errorText } from '../../lib/error-text';
import { useDialogKeys, useEscape } from '../guardrails/use-escape';
import { Dialog } from './Dialog';
import './fetch-dialog.css';

/** Props of FetchDialog. */
export interface FetchDialogProps<T> {
  title: string;
  className: string;
  testId: string;
  onClose(): void;
  /** Reads the data; called again when `readKey` changes and on Retry. */
  read(): Promise<T>;
  readKey: string;
  /** What is read, for the messages: "the explanation", "the trace". */
  what: string;
  /** The loading line, e.g. "Loading call 1234…". */
  loading: string;
  /** The message for a 4004, e.g. "Card C-1 was not found". */
  notFound: string;
  children(data: T): ReactNode;
}

/** The dialog; `read` is taken from the latest render, so an inline arrow function is fine. */
export function FetchDialog<T>(props: FetchDialogProps<T>): ReactNode {
  const { title, className, testId, onClose, readKey, what, loading, notFound, children } = props;
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const bodyRef = useRef<HTMLDivElement>(null);
  const readRef = useRef(props.read);
  readRef.current = props.read;
  useEscape(onClose);
  useDialogKeys(bodyRef);

  useEffect(() => {
    let alive = true;
    setError(null);
    readRef.current().then(
      (r) => {
        if (alive) setData(r);
      },
      (e: unknown) => {
        if (!alive) return;
        setError(e instanceof EngineError && e.code === 4004 ? `${notFound} (code 4004).` : errorText(e));
      },
    );
    return () => {
      alive = false;
    };
  }, [readKey, attempt, notFound]);

  return (
    <Dialog title={title} onClose={onClose} className={className} testId={testId}>
      <div className="fd-body" ref={bodyRef}>
        {error && (
          <div className="banner banner-error fd-banner" role="alert">
            Could not load {what}: {error}{' '}
            <button type="button" className="link-btn" onClick={() => setAttempt((a) => a + 1)}>
              Retry
            </button>
          </div>
        )}
        {data === null && !error && (
          <p className="fd-loading" role="status">
            <span className="spinner" aria-hidden="true" />
            {loading}
          </p>
        )}
        {data !== null && children(data)}
      </div>
    </Dialog>
  );
}
