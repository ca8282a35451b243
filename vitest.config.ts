import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Failing loudly beats a silent skip: no test may be marked .only in CI.
    allowOnly: false,
    // `npm run coverage`: a floor on the pure logic (STYLE.md "Tests").
    coverage: {
      provider: 'v8',
      include: ['device/program/**/*.ts', 'controller/outcomes/**/*.ts', 'shared/schemas/**/*.ts'],
      exclude: ['tests/**'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'device/program/**': { lines: 95, statements: 95, functions: 95, branches: 90 },
        'controller/outcomes/**': { lines: 95, statements: 95, functions: 95, branches: 90 },
      },
    },
  },
});
