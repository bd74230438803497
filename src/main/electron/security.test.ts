import { type EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isRendererResource, isRendererUrl, rendererLocation } from './renderer-url';
import { CONTENT_SECURITY_POLICY, installSecurity } from './security';
import { fake, FakeWebContents, resetFake } from './testing/fake-electron';

vi.mock('electron', async () => (await import('./testing/fake-electron')).electronModule());

const location = { file: '/app/out/renderer/index.html' };

describe('renderer location', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(rendererLocation({ mainDir: '/app/out/main', packaged: false, env })).toEqual({
      file: '/app/out/renderer/index.html',
      devUrl: 'http://localhost:5173',
    });
    expect(rendererLocation({ mainDir: '/app/out/main', packaged: true, env })).toEqual({ file: '/app/out/renderer/index.html' });
  });

  it('recognises our page with any query, and only our page', () => {
    expect(isRendererUrl('file:///app/out/renderer/index.html?view=market#x', location)).toBe(true);
    expect(isRendererUrl('file:///app/out/renderer/../renderer/index.html', location)).toBe(true);
    expect(isRendererUrl('file:///app/out/renderer/other.html', location)).toBe(false);
    expect(isRendererUrl('file://host/app/out/renderer/index.html', location)).toBe(false);
    expect(isRendererUrl('https://example.com/app/out/renderer/index.html', location)).toBe(false);
    expect(isRendererUrl('not a url', location)).toBe(false);
    expect(isRendererResource('file:///app/out/renderer/assets/index.js', location)).toBe(true);
    expect(isRendererResource('file:///app/out/main/index.js', location)).toBe(false);
  });
});

describe('installSecurity', () => {
  beforeEach(() => {
    resetFake();
    fake.app.removeAllListeners();
    installSecurity({ location });
  });

  const created = (): FakeWebContents => {
    const wc = new FakeWebContents();
    fake.app.emit('web-contents-created', {}, wc);
    return wc;
  };
  const navigate = (wc: EventEmitter, event: string, url: string): boolean => {
    const e = { url, preventDefault: vi.fn() };
    wc.emit(event, e, url);
    return e.preventDefault.mock.calls.length > 0;
  };

  it('blocks navigation and redirects away from our renderer', () => {
    const wc = created();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(navigate(wc, event, 'https://evil.example/')).toBe(true);
      expect(navigate(wc, event, 'file:///etc/passwd')).toBe(true);
      expect(navigate(wc, event, 'file:///app/out/renderer/index.html?view=market')).toBe(false);
    }
  });

  it('denies new windows and prevents webviews', () => {
    const wc = created();
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const e = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const cb = vi.fn();
    fake.session.permissionRequestHandler!({}, 'media', cb, {});
    expect(cb).toHaveBeenCalledWith(false);
    expect(fake.session.permissionCheckHandler!({}, 'notifications', 'file://', {})).toBe(false);
  });

  it('puts the strict CSP on our pages only, replacing any other policy', () => {
    const cb = vi.fn();
    fake.session.headersListener!(
      { url: 'file:///app/out/renderer/index.html?view=market', responseHeaders: { 'content-security-policy': ['x'], A: ['1'] } },
      cb,
    );
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { A: ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    const other = vi.fn();
    fake.session.headersListener!({ url: 'https://example.com/', responseHeaders: {} }, other);
    expect(other).toHaveBeenCalledWith({});
  });
});
