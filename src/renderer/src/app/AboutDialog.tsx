/** About Kestrel: version, engine, data source, and the TradingView attribution the chart licence asks for. */
import type { ReactNode } from 'react';
import { Dialog } from '../components/ui/Dialog';
import { formatNyDateTime } from '../lib/format';
import { setAboutOpen } from '../store/actions';
import { useKestrelStore } from '../store/index';

/** The About dialog, shown while `aboutOpen`. */
export function AboutDialog(): ReactNode {
  const open = useKestrelStore((s) => s.aboutOpen);
  const info = useKestrelStore((s) => s.info);
  const transport = useKestrelStore((s) => s.transport);
  if (!open) return null;
  return (
    <Dialog title="About Kestrel" onClose={() => setAboutOpen(false)} className="dialog-about" testId="about-dialog">
      <div className="about-body">
        <p className="about-lede">
          <strong>Kestrel</strong> — a local-first trading workstation for small- and micro-cap traders.
        </p>
        <dl className="about-facts">
          <dt>Version</dt>
          <dd>{info?.version ?? '—'}</dd>
          <dt>Engine</dt>
          <dd>{info ? `${info.host} · node ${info.node} · ${info.platform}/${info.arch}` : '—'}</dd>
          <dt>Connection</dt>
          <dd>{transport === 'ipc' ? 'Desktop (IPC)' : 'Browser (WebSocket)'}</dd>
          <dt>Data source</dt>
          <dd>{info ? `${info.source} · ${info.instruments.toLocaleString('en-US')} instruments` : '—'}</dd>
          <dt>Engine started</dt>
          <dd>{info ? `${formatNyDateTime(info.startedAt)} ET` : '—'}</dd>
        </dl>
        <h3>Credits</h3>
        <p className="about-credit" data-testid="tradingview-credit">
          Charts are made with{' '}
          <a href="https://www.tradingview.com/lightweight-charts/" target="_blank" rel="noreferrer noopener">
            TradingView Lightweight Charts™
          </a>
          , Copyright © TradingView, Inc. (
          <a href="https://www.tradingview.com/" target="_blank" rel="noreferrer noopener">
            tradingview.com
          </a>
          ), licensed under the Apache License 2.0.
        </p>
      </div>
    </Dialog>
  );
}
