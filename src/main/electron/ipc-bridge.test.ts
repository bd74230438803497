import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, installIpcBridge } from './ipc-bridge';
import { fake, FakeFrame, FakeWebContents, resetFake } from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());

const location = { file: '/app/out/renderer/index.html' };
const OUR_URL = 'file:///app/out/renderer/index.html?view=market';

interface FakeConnection {
  label: string;
  send(frame: string, topic: string): void;
  request: ReturnType<typeof vi.fn>;
  close: ReturnType<typeof vi.fn>;
}

function setup(opts: { devUrl?: string; exportsDir?: string } = {}) {
  const connections: FakeConnection[] = [];
  const engine = {
    connect: vi.fn((client: { label: string; send(frame: string, topic: string): void }) => {
      const c: FakeConnection = {
        label: client.label,
        send: client.send,
        request: vi.fn(async (raw: string) => {
          const req = JSON.parse(raw) as { id?: number };
          return req.id === undefined ? null : JSON.stringify({ jsonrpc: '2.0', id: req.id, result: { ok: true } });
        }),
        close: vi.fn(),
      };
      connections.push(c);
      return c as never;
    }),
  };
  const ours = new Set<FakeWebContents>();
  const windows = {
    owns: (wc: unknown) => ours.has(wc as FakeWebContents),
    open: vi.fn(),
    viewOf: () => 'market',
  };
  const bridge = installIpcBridge({
    engine,
    windows: windows as never,
    location: opts.devUrl ? { ...location, devUrl: opts.devUrl } : location,
    ...(opts.exportsDir ? { exportsDir: opts.exportsDir, now: () => Date.parse('2026-11-20T15:00:00Z') } : {}),
  });
  const ourContents = (url = OUR_URL): FakeWebContents => {
    const wc = new FakeWebContents();
    wc.mainFrame = new FakeFrame(url);
    ours.add(wc);
    return wc;
  };
  const invoke = (wc: FakeWebContents, frame: unknown, senderFrame: FakeFrame | null = wc.mainFrame) =>
    fake.ipcHandlers.get(CHANNELS.invoke)!({ sender: wc, senderFrame }, frame) as Promise<string>;
  return { engine, connections, windows, bridge, ourContents, invoke };
}

const req = (id: number, method = 'system.health') => JSON.stringify({ jsonrpc: '2.0', id, method, params: {} });

describe('ipc bridge', () => {
  beforeEach(() => resetFake());

  it('registers exactly the two engine channels, shell:openView and shell:savePdf', () => {
    setup();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(['engine:invoke', 'shell:openView', 'shell:savePdf']);
    expect(CHANNELS.event).toBe('engine:event');
  });

  it('dispatches a frame from our window to one lazily created connection per webContents', async () => {
    const { invoke, ourContents, connections, engine } = setup();
    const wc = ourContents();
    expect(engine.connect).not.toHaveBeenCalled();
    expect(JSON.parse(await invoke(wc, req(1)))).toEqual({ jsonrpc: '2.0', id: 1, result: { ok: true } });
    await invoke(wc, req(2));
    expect(connections).toHaveLength(1);
    expect(connections[0]!.request).toHaveBeenCalledTimes(2);
    expect(connections[0]!.label).toBe(`market#${wc.id}`);
    await invoke(ourContents(), req(3));
    expect(connections).toHaveLength(2);
  });

  it('refuses a webContents it did not create with a 4003 error frame carrying the id', async () => {
    const { invoke, engine } = setup();
    const stranger = new FakeWebContents();
    stranger.mainFrame = new FakeFrame(OUR_URL);
    const reply = JSON.parse(await invoke(stranger, req(7)));
    expect(reply).toMatchObject({ jsonrpc: '2.0', id: 7, error: { code: 4003 } });
    expect(engine.connect).not.toHaveBeenCalled();
  });

  it('refuses our window when the sending frame is a foreign URL, a subframe or gone', async () => {
    const { invoke, ourContents, engine } = setup();
    const wc = ourContents('https://evil.example/');
    expect(JSON.parse(await invoke(wc, req(1))).error.code).toBe(4003);
    const ok = ourContents();
    expect(JSON.parse(await invoke(ok, req(2), new FakeFrame(OUR_URL, ok.mainFrame))).error.code).toBe(4003);
    expect(JSON.parse(await invoke(ok, req(3), null)).error.code).toBe(4003);
    expect(JSON.parse(await invoke(ok, req(4), new FakeFrame('file:///etc/passwd'))).error.code).toBe(4003);
    expect(engine.connect).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin in development and nothing else', async () => {
    const { invoke, ourContents } = setup({ devUrl: 'http://localhost:5173' });
    expect(JSON.parse(await invoke(ourContents('http://localhost:5173/?view=market'), req(1))).result).toEqual({ ok: true });
    expect(JSON.parse(await invoke(ourContents('http://localhost:5174/'), req(2))).error.code).toBe(4003);
    expect(JSON.parse(await invoke(ourContents(OUR_URL), req(3))).error.code).toBe(4003);
  });

  it('never throws: bad frames and failing connections become error frames', async () => {
    const { invoke, ourContents, connections } = setup();
    const wc = ourContents();
    expect(JSON.parse(await invoke(wc, { not: 'a string' })).error.code).toBe(-32600);
    expect(JSON.parse(await invoke(new FakeWebContents(), 'not json')).error).toMatchObject({ code: 4003 });
    await invoke(wc, req(1));
    connections[0]!.request.mockRejectedValueOnce(new Error('boom'));
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(JSON.parse(await invoke(wc, req(2)))).toMatchObject({ id: 2, error: { code: -32603 } });
  });

  it('answers a notification (no id) with an empty string', async () => {
    const { invoke, ourContents } = setup();
    expect(await invoke(ourContents(), JSON.stringify({ jsonrpc: '2.0', method: 'system.health' }))).toBe('');
  });

  it('pushes engine events to the webContents until it is destroyed, then closes the connection', async () => {
    const { invoke, ourContents, connections } = setup();
    const wc = ourContents();
    await invoke(wc, req(1));
    connections[0]!.send('{"jsonrpc":"2.0","method":"event"}', 'clock.changed');
    expect(wc.send).toHaveBeenCalledWith('engine:event', '{"jsonrpc":"2.0","method":"event"}');
    wc.destroy();
    expect(connections[0]!.close).toHaveBeenCalledTimes(1);
    connections[0]!.send('late', 'clock.changed');
    expect(wc.send).toHaveBeenCalledTimes(1);
  });

  it('opens a view for our renderer and rejects strangers', async () => {
    const { ourContents, windows } = setup();
    const handler = fake.ipcHandlers.get(CHANNELS.openView)!;
    const wc = ourContents();
    handler({ sender: wc, senderFrame: wc.mainFrame }, 'market', { symbol: 'ACME' });
    expect(windows.open).toHaveBeenCalledWith('market', { symbol: 'ACME' });
    const stranger = new FakeWebContents();
    expect(() => handler({ sender: stranger, senderFrame: new FakeFrame(OUR_URL) }, 'market', {})).toThrow(/forbidden/);
    expect(windows.open).toHaveBeenCalledTimes(1);
  });

  it('saves the calling window as a PDF in the exports folder, for our renderer only, with a safe name', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kestrel-pdf-')), 'exports');
    const { ourContents } = setup({ exportsDir: dir });
    const handler = fake.ipcHandlers.get(CHANNELS.savePdf)!;
    const wc = ourContents();
    const path = (await handler({ sender: wc, senderFrame: wc.mainFrame }, 'segment-report')) as string;
    expect(path).toBe(join(dir, 'segment-report-2026-11-20T15-00-00-000Z.pdf'));
    expect(readFileSync(path, 'utf8')).toMatch(/^%PDF-1\.7 .*"printBackground":true/);
    await expect(handler({ sender: wc, senderFrame: wc.mainFrame }, '../../etc/passwd')).rejects.toThrow(/name must be/);
    const stranger = new FakeWebContents();
    await expect(handler({ sender: stranger, senderFrame: new FakeFrame(OUR_URL) }, 'x')).rejects.toThrow(/forbidden/);
    expect(stranger.printToPDF).not.toHaveBeenCalled();
  });

  it('refuses to save a PDF when no exports folder was given', async () => {
    const { ourContents } = setup();
    const wc = ourContents();
    await expect(fake.ipcHandlers.get(CHANNELS.savePdf)!({ sender: wc, senderFrame: wc.mainFrame }, 'report')).rejects.toThrow(/not available/);
  });

  it('dispose removes the handlers and closes every connection', async () => {
    const { invoke, ourContents, connections, bridge } = setup();
    await invoke(ourContents(), req(1));
    bridge.dispose();
    expect(fake.ipcHandlers.size).toBe(0);
    expect(connections[0]!.close).toHaveBeenCalled();
  });
});
