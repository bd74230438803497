// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { engineSocketUrl, resolveToken, TOKEN_STORAGE_KEY } from './token';

function env(href: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  const replaceState = vi.fn();
  return {
    env: {
      location: { href },
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      history: { state: null, replaceState },
    },
    store,
    replaceState,
  };
}

describe('resolveToken', () => {
  it('takes the token from the URL, stores it, and removes it from the address bar', () => {
    const e = env('http://127.0.0.1:5199/?view=market&token=s3cret#x');
    expect(resolveToken(e.env)).toBe('s3cret');
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('s3cret');
    expect(e.replaceState).toHaveBeenCalledWith(null, '', '/?view=market#x');
  });

  it('falls back to the session after a reload without it', () => {
    const e = env('http://127.0.0.1:5199/?view=market', 'kept');
    expect(resolveToken(e.env)).toBe('kept');
    expect(e.replaceState).not.toHaveBeenCalled();
  });

  it('returns null when there is none', () => {
    expect(resolveToken(env('http://127.0.0.1:5199/').env)).toBeNull();
  });
});

describe('engineSocketUrl', () => {
  it('uses ws or wss on the page host with the encoded token', () => {
    expect(engineSocketUrl({ protocol: 'http:', host: '127.0.0.1:5199' }, 'a b')).toBe('ws://127.0.0.1:5199/api?token=a%20b');
    expect(engineSocketUrl({ protocol: 'http:', host: 'h' }, 't', 'window:approvals')).toBe('ws://h/api?token=t&client=window%3Aapprovals');
    expect(engineSocketUrl({ protocol: 'https:', host: 'desk.local' }, null)).toBe('wss://desk.local/api');
  });
});
