/**
 * The SecretStore of browser mode (and of tests): the LLM API key comes from the environment —
 * KESTREL_LLM_API_KEY, else OPENAI_API_KEY — and a key set at run time (llm.configure) is kept in memory only:
 * a server process has no OS keychain to put it in, and writing it to disk in plain text is what safety rule 6
 * forbids. The status then says source 'memory', so the UI can tell the trader it will not survive a restart.
 */
import { LLM_API_KEY_SECRET, type ApiKeySource, type DescribedSecretStore } from './types';

export const API_KEY_ENV_VARS = ['KESTREL_LLM_API_KEY', 'OPENAI_API_KEY'] as const;

/** The API key from the environment (first non-empty of KESTREL_LLM_API_KEY, OPENAI_API_KEY). */
export function apiKeyFromEnv(env: Record<string, string | undefined>): string | null {
  for (const name of API_KEY_ENV_VARS) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return null;
}

export function createEnvSecretStore(env: Record<string, string | undefined> = process.env): DescribedSecretStore {
  const memory = new Map<string, string>();
  // A key forgotten at run time stays forgotten, even though the environment still holds one.
  const forgotten = new Set<string>();
  const fromEnv = (name: string): string | null => (name === LLM_API_KEY_SECRET && !forgotten.has(name) ? apiKeyFromEnv(env) : null);
  return {
    kind: 'env',
    get(name) {
      return memory.get(name) ?? fromEnv(name);
    },
    set(name, value) {
      if (value === null) {
        memory.delete(name);
        forgotten.add(name);
      } else {
        memory.set(name, value);
        forgotten.delete(name);
      }
    },
    sourceOf(name): ApiKeySource {
      if (memory.has(name)) return 'memory';
      return fromEnv(name) !== null ? 'env' : 'none';
    },
  };
}
