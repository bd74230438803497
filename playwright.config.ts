import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Browser mode end to end: the built engine + renderer served by out/main/server.js on loopback, driven by
// Debian's Chromium (never a downloaded browser). A fresh data directory per run.
export const E2E_PORT = Number(process.env.KESTREL_E2E_PORT ?? 5197);
export const E2E_TOKEN = 'e2e-token-0123456789';
const dataDir = process.env.KESTREL_E2E_DATA ?? mkdtempSync(join(tmpdir(), 'kestrel-e2e-'));
process.env.KESTREL_E2E_DATA = dataDir; // workers re-evaluate this file: keep the one directory

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e-artifacts',
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1600, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // A regular-session instant, sped up so bars close during the run.
    command: `node out/main/server.js --port ${E2E_PORT} --token ${E2E_TOKEN} --data-dir ${dataDir} --start 2026-11-20T10:29:00-05:00 --speed 30`,
    url: `http://127.0.0.1:${E2E_PORT}/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
