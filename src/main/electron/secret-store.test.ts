import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LLM_API_KEY_SECRET } from '../core/llm/types';
import { createSafeStorageSecretStore, SECRETS_FILE } from './secret-store';

// A stand-in for Electron safeStorage: reversible, but never the plain text (bytes XOR 0x5a behind a marker).
const fake = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string,
  encryptCalls: 0,
  failDecrypt: false,
}));
vi.mock('electron', () => ({
  safeStorage: {
    isEncryptionAvailable: () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptString: (plain: string) => {
      fake.encryptCalls += 1;
      return Buffer.concat([Buffer.from('ENC1'), Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a))]);
    },
    decryptString: (buf: Buffer) => {
      if (fake.failDecrypt || buf.subarray(0, 4).toString() !== 'ENC1') throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(buf.subarray(4).map((b) => b ^ 0x5a)).toString('utf8');
    },
  },
}));

const KEY = 'sk-test-0123456789abcdefSECRET';

describe('safeStorage secret store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kestrel-secrets-'));
    Object.assign(fake, { available: true, backend: 'gnome_libsecret', encryptCalls: 0, failDecrypt: false });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('persists the key encrypted (base64 ciphertext, never plain text) and reads it back in a new run', () => {
    const store = createSafeStorageSecretStore({ dir, env: {} });
    expect(store.kind).toBe('safeStorage');
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('none');
    store.set(LLM_API_KEY_SECRET, KEY);
    expect(fake.encryptCalls).toBe(1);
    const file = join(dir, SECRETS_FILE);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    const stored = JSON.parse(bytes.toString('utf8')) as Record<string, string>;
    expect(Buffer.from(stored[LLM_API_KEY_SECRET]!, 'base64').subarray(0, 4).toString()).toBe('ENC1');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const again = createSafeStorageSecretStore({ dir, env: {} });
    expect(again.get(LLM_API_KEY_SECRET)).toBe(KEY);
    expect(again.sourceOf(LLM_API_KEY_SECRET)).toBe('safeStorage');
  });

  it('forgets a key: the file loses it, and the environment does not bring it back this run', () => {
    const store = createSafeStorageSecretStore({ dir, env: { KESTREL_LLM_API_KEY: 'env-key' } });
    expect(store.get(LLM_API_KEY_SECRET)).toBe('env-key');
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('env');
    store.set(LLM_API_KEY_SECRET, KEY);
    expect(store.get(LLM_API_KEY_SECRET)).toBe(KEY);
    store.set(LLM_API_KEY_SECRET, null);
    expect(store.get(LLM_API_KEY_SECRET)).toBeNull();
    expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
  });

  it('refuses to persist when encryption is unavailable, keeping the key in memory only', () => {
    fake.available = false;
    const onError = vi.fn();
    const store = createSafeStorageSecretStore({ dir, env: {}, onError });
    store.set(LLM_API_KEY_SECRET, KEY);
    expect(store.get(LLM_API_KEY_SECRET)).toBe(KEY);
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('memory');
    expect(fake.encryptCalls).toBe(0);
    expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
    expect(onError).toHaveBeenCalledWith(expect.stringContaining('memory'));
    expect(String(onError.mock.calls)).not.toContain(KEY);
    expect(createSafeStorageSecretStore({ dir, env: {} }).get(LLM_API_KEY_SECRET)).toBeNull();
  });

  it("treats Linux's basic_text backend as no encryption", () => {
    if (process.platform !== 'linux') return;
    fake.backend = 'basic_text';
    const store = createSafeStorageSecretStore({ dir, env: {} });
    store.set(LLM_API_KEY_SECRET, KEY);
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('memory');
    expect(existsSync(join(dir, SECRETS_FILE))).toBe(false);
  });

  it('survives a corrupt file or a ciphertext it cannot decrypt', () => {
    writeFileSync(join(dir, SECRETS_FILE), '{ nope');
    const onError = vi.fn();
    expect(createSafeStorageSecretStore({ dir, env: {}, onError }).get(LLM_API_KEY_SECRET)).toBeNull();
    expect(onError).toHaveBeenCalled();
    createSafeStorageSecretStore({ dir, env: {} }).set(LLM_API_KEY_SECRET, KEY);
    fake.failDecrypt = true;
    const store = createSafeStorageSecretStore({ dir, env: {}, onError });
    expect(store.get(LLM_API_KEY_SECRET)).toBeNull();
    expect(onError).toHaveBeenLastCalledWith(expect.stringContaining('cannot decrypt'));
  });
});
