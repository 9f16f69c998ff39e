import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/unit/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
