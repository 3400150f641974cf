// The browser tests (e2e/, docs/apps.md): Debian's Chromium against the real `npm run dev` stack, started
// here on a free port with its own data directory, so they run beside a dev server on 8787.
import { defineConfig, devices } from '@playwright/test';
import { freePort } from './scripts/lib/process';

// Chosen once by the runner; its workers load this file again and inherit the variable.
process.env.AISLE_E2E_PORT ??= String(await freePort());
const baseURL = `http://127.0.0.1:${process.env.AISLE_E2E_PORT}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  // One stack, shared: the tests make their own shoppers and stock, and run one at a time on 2 cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    // Playwright's own browser builds cannot be downloaded here; Debian's chromium package is used instead.
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    command: 'npx tsx scripts/dev.ts --reset --data-dir .data/e2e',
    env: { PORT: process.env.AISLE_E2E_PORT },
    // Printed once Postgres, wrangler, the apps and the demo data are all there.
    wait: { stdout: /Aisle is running/ },
    timeout: 180_000,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
    stdout: 'pipe',
  },
});
