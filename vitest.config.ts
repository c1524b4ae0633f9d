// Test runner settings: unit and integration tests under test/, one shared Redis, no parallel
// files that race on the same CRM mocks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
