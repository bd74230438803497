import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One main build with two entries: the Electron host (index) and the headless browser-mode host (server).
// Both are CommonJS (no "type": "module"), so the sandboxed preload stays CommonJS too.
export default defineConfig({
  main: {
    build: {
      // electron-store is ESM-only: bundle it into the CommonJS main instead of require()-ing it at run time.
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          server: resolve(__dirname, 'src/main/server/main.ts'),
          // Worker-thread entry: a cold start builds its daily history here (see core/market/history-worker.ts).
          'history-worker': resolve(__dirname, 'src/main/core/market/history-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } } },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
