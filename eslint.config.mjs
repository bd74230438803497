// Flat config. The layer rules are the point: they fail CI when code imports from the wrong layer
// (VS Code's code-layering idea, done with no-restricted-imports per folder).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

import { builtinModules } from 'node:module';

// Bare module names are matched exactly (so './events' is not mistaken for Node's 'events'); globs as patterns.
const nodeBuiltins = ['node:*', ...builtinModules.filter((m) => !m.startsWith('_'))];

const layer = (names, message) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: names.filter((n) => !n.includes('*')).map((name) => ({ name, message })),
      patterns: names.filter((n) => n.includes('*')).map((group) => ({ group: [group], message })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: layer(
      [...nodeBuiltins, 'electron', 'better-sqlite3', 'ws', 'openai', 'react', 'react-dom', 'pino', 'prom-client', '**/main/**', '**/preload/**', '**/renderer/**'],
      'src/shared is pure TypeScript: it imports no runtime (Node, Electron, DOM libraries) and nothing from main, preload or renderer.',
    ),
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: layer(
      ['electron', 'electron-store', '**/main/electron/**', '**/main/server/**', '**/renderer/**', '**/preload/**'],
      'src/main/core is the engine: it never imports electron, a host (server, electron) or the UI; only src/shared and itself.',
    ),
  },
  {
    files: ['src/main/server/**/*.ts'],
    rules: layer(
      ['electron', 'electron-store', '**/main/electron/**', '**/renderer/**', '**/preload/**'],
      'src/main/server is the headless host: core + shared + Node only, never electron.',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer(['**/main/**', '**/renderer/**', 'better-sqlite3', 'ws', 'openai'], 'the preload imports electron and types from src/shared only.'),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: layer(
      [...nodeBuiltins, 'electron', 'electron-store', 'better-sqlite3', 'ws', 'openai', 'pino', 'prom-client', 'croner', '**/main/**', '**/preload/index', '**/preload/index.ts', '**/preload/index.js'],
      'the renderer talks to the engine only through EngineClient; it imports src/shared and browser libraries, never Node or main.',
    ),
  },
  {
    // Tests may reach across layers for fakes (e.g. the preload test uses the fake electron module) and handle raw
    // wire JSON; the layer rules guard production code.
    files: ['**/*.test.ts', '**/*.test.tsx', 'tests/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off', '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-imports': 'off' },
  },
  {
    files: ['bench/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['scripts/**/*.mjs', '.ci/**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
);
