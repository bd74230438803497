import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    setupFiles: ['tests/setup/fast-check.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // electron-store is ESM-only and imports 'electron' at load time: inline it so vi.mock('electron') applies.
    server: { deps: { inline: ['electron-store'] } },
  },
});
