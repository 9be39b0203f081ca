// Playwright drives Debian's Chromium (never a downloaded browser). One worker: the machine is small and
// the journey specs share real gateways.
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: './e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  globalSetup: './e2e/support/globalSetup.ts',
  use: {
    // Playwright gives every launch a fresh temporary profile (user data dir), removed afterwards.
    launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
    viewport: { width: 440, height: 760 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  },
  projects: [
    { name: 'panel', testMatch: /panel\.spec\.ts$/ },
    { name: 'journey', testMatch: /(^|\/)journey\.spec\.ts$/, timeout: 180_000 },
    // Its own worker: a spec that stops its Secret Service bus takes the worker's browser down with it.
    { name: 'decide-journey', testMatch: /decide\.journey\.spec\.ts$/, timeout: 180_000 },
    { name: 'first-run', testMatch: /firstRun\.spec\.ts$/, timeout: 180_000 },
    { name: 'electron', testMatch: /electron\.spec\.ts$/, timeout: 180_000 },
    { name: 'approvals', testMatch: /approvals\.spec\.ts$/, timeout: 240_000 },
    { name: 'service', testMatch: /service\.spec\.ts$/, timeout: 300_000 },
  ],
});
