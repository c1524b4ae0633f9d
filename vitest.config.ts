// Test runner settings: three kinds of test, told apart by name or folder so that a new file says
// what it needs. `*.unit.test.ts` run without Redis or network (pure code, nock, in-process
// servers on loopback); `*.redis.test.ts` use the real Redis (REDIS_URL) under their own key
// prefix; test/e2e runs the product against the local sandbox. `npm test` runs all three,
// `npm run test:unit` the first alone. Files run one at a time within a kind's workers so the CRM
// mocks of one file never race another's.
// A timeout catches a test that hangs, not a slow one (benchmarks measure speed): Redis and
// end-to-end tests that take 10 to 18 s on a loaded 2-core machine get 60 s, so a slower CI
// machine makes them slower, not failed.
import { defineConfig } from 'vitest/config';

const e2e = 'test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    projects: [
      { test: { name: 'unit', include: ['test/**/*.unit.test.ts'], exclude: [e2e], testTimeout: 20_000 } },
      { test: { name: 'redis', include: ['test/**/*.redis.test.ts'], exclude: [e2e], testTimeout: 60_000 } },
      { test: { name: 'e2e', include: [e2e], testTimeout: 60_000 } },
    ],
  },
});
