import { defineConfig, devices } from '@playwright/test';

// The shop under test; `./dev test` starts it through `cargo leptos end-to-end`.
const baseURL = process.env.BASE_URL ?? 'http://127.0.0.1:3000';

// Debian's Chromium (Playwright's own browser download is not reachable here).
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests',
  // Results (and `.last-run.json`, which `./dev test` checks) under the shared target dir.
  outputDir: '../target/playwright',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'hydrated',
      use: { ...devices['Desktop Chrome'], launchOptions, javaScriptEnabled: true },
    },
    {
      name: 'no-js',
      use: { ...devices['Desktop Chrome'], launchOptions, javaScriptEnabled: false },
    },
  ],
});
