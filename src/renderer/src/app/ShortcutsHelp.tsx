/** The `?` overlay listing every keyboard shortcut. */
import type { ReactNode } from 'react';
import { Dialog } from '../components/ui/Dialog';
import { setHelpOpen } from '../store/actions';
import { useKestrelStore } from '../store/index';
import { SHORTCUTS } from './use-global-shortcuts';

/** Keyboard shortcuts help, shown while `helpOpen`. */
export function ShortcutsHelp(): ReactNode {
  const open = useKestrelStore((s) => s.helpOpen);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={() => setHelpOpen(false)} className="dialog-help" testId="shortcuts-help">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td className="shortcut-keys">
                {s.keys.map((k) => (
                  <kbd key={k}>{k}</kbd>
                ))}
              </td>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
