import { describe, expect, it } from 'vitest';
import { apiKeyFromEnv, createEnvSecretStore } from './secret-store';
import { LLM_API_KEY_SECRET } from './types';

describe('env secret store (browser mode)', () => {
  it('reads KESTREL_LLM_API_KEY, then OPENAI_API_KEY', () => {
    expect(apiKeyFromEnv({ KESTREL_LLM_API_KEY: ' k1 ', OPENAI_API_KEY: 'k2' })).toBe('k1');
    expect(apiKeyFromEnv({ KESTREL_LLM_API_KEY: '', OPENAI_API_KEY: 'k2' })).toBe('k2');
    expect(apiKeyFromEnv({})).toBeNull();
  });

  it('keeps a key set at run time in memory only, and can forget it', () => {
    const store = createEnvSecretStore({ OPENAI_API_KEY: 'from-env' });
    expect(store.kind).toBe('env');
    expect(store.get(LLM_API_KEY_SECRET)).toBe('from-env');
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('env');
    store.set(LLM_API_KEY_SECRET, 'typed-in');
    expect(store.get(LLM_API_KEY_SECRET)).toBe('typed-in');
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('memory');
    store.set(LLM_API_KEY_SECRET, null);
    expect(store.get(LLM_API_KEY_SECRET)).toBeNull();
    expect(store.sourceOf(LLM_API_KEY_SECRET)).toBe('none');
    // a new process starts from the environment again
    expect(createEnvSecretStore({ OPENAI_API_KEY: 'from-env' }).get(LLM_API_KEY_SECRET)).toBe('from-env');
    // other names never come from the environment
    expect(createEnvSecretStore({ OPENAI_API_KEY: 'x' }).get('broker.token')).toBeNull();
  });
});
