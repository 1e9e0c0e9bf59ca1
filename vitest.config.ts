import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Server-starting tests each use their own port and temp dir, so files run in parallel.
    pool: 'forks',
  },
});
