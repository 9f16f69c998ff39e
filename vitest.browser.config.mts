import { defineConfig } from 'vitest/config';

// Browser tests: the built webview in headless Chromium (playwright-core + /usr/bin/chromium).
// globalSetup (re)builds dist/webview.js when it is missing or older than the webview sources.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/browser/globalSetup.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
