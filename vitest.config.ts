import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Failing loudly beats a silent skip: no test may be marked .only in CI.
    allowOnly: false,
  },
});
