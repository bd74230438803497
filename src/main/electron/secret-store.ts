/**
 * The desktop SecretStore: secrets encrypted with Electron safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux) and kept as base64 ciphertext in `<userData>/secrets.json` (mode 0600, written
 * atomically). Plain text never touches the disk.
 *
 * When safeStorage cannot encrypt — isEncryptionAvailable() is false, or Linux fell back to its 'basic_text'
 * backend (a hard-coded password: as good as plain text) — the store refuses to persist: a key set then is kept
 * in memory for this run only, and sourceOf() says 'memory' so the settings screen can say so. Without a stored
 * key, the LLM API key comes from the environment (KESTREL_LLM_API_KEY, else OPENAI_API_KEY).
 *
 * Create it after the app is ready (safeStorage is not available before on Linux and Windows).
 */
import { safeStorage } from 'electron';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiKeyFromEnv } from '../core/llm/secret-store';
import { LLM_API_KEY_SECRET, type ApiKeySource, type DescribedSecretStore } from '../core/llm/types';

export const SECRETS_FILE = 'secrets.json';

export interface SafeStorageSecretStoreOptions {
  /** The folder of secrets.json: app.getPath('userData'). */
  dir: string;
  env?: Record<string, string | undefined> | undefined;
  /** Called when a stored secret cannot be read or written (logged by the caller; never with the secret). */
  onError?: ((message: string) => void) | undefined;
}

/** Whether safeStorage offers real encryption here. */
export function canEncrypt(): boolean {
  try {
    if (!safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux' && typeof safeStorage.getSelectedStorageBackend === 'function') {
      return safeStorage.getSelectedStorageBackend() !== 'basic_text';
    }
    return true;
  } catch {
    return false;
  }
}

export function createSafeStorageSecretStore(opts: SafeStorageSecretStoreOptions): DescribedSecretStore {
  const file = join(opts.dir, SECRETS_FILE);
  const env = opts.env ?? process.env;
  const onError = opts.onError ?? (() => undefined);
  /** Secrets kept for this run only (encryption unavailable). */
  const memory = new Map<string, string>();
  /** Decrypted stored secrets, so the keychain is asked once per run. */
  const decrypted = new Map<string, string | null>();
  const forgotten = new Set<string>();

  function readFile(): Record<string, string> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return {};
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch (error) {
      onError(`${SECRETS_FILE} is unreadable (${(error as Error).message}); ignoring it`);
      return {};
    }
  }

  function writeFile(content: Record<string, string>): void {
    mkdirSync(opts.dir, { recursive: true });
    if (Object.keys(content).length === 0) {
      rmSync(file, { force: true });
      return;
    }
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, file);
  }

  function stored(name: string): string | null {
    if (decrypted.has(name)) return decrypted.get(name)!;
    const b64 = readFile()[name];
    let value: string | null = null;
    if (b64 !== undefined) {
      try {
        value = safeStorage.decryptString(Buffer.from(b64, 'base64'));
      } catch (error) {
        onError(`cannot decrypt the stored ${name} (${(error as Error).message}); set it again`);
      }
    }
    decrypted.set(name, value);
    return value;
  }

  function fromEnv(name: string): string | null {
    return name === LLM_API_KEY_SECRET && !forgotten.has(name) ? apiKeyFromEnv(env) : null;
  }

  return {
    kind: 'safeStorage',
    get(name) {
      return memory.get(name) ?? stored(name) ?? fromEnv(name);
    },
    set(name, value) {
      memory.delete(name);
      decrypted.delete(name);
      const content = readFile();
      if (value === null) {
        forgotten.add(name);
        delete content[name];
        writeFile(content);
        return;
      }
      forgotten.delete(name);
      if (!canEncrypt()) {
        // Refuse to persist rather than write something decryptable by anyone: this run only.
        if (name in content) {
          delete content[name];
          writeFile(content);
        }
        memory.set(name, value);
        onError('safeStorage encryption is not available: the key is kept in memory for this session only');
        return;
      }
      content[name] = safeStorage.encryptString(value).toString('base64');
      writeFile(content);
      decrypted.set(name, value);
    },
    sourceOf(name): ApiKeySource {
      if (memory.has(name)) return 'memory';
      if (stored(name) !== null) return 'safeStorage';
      return fromEnv(name) !== null ? 'env' : 'none';
    },
  };
}
