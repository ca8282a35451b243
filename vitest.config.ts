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
      include: [
        'device/program/**/*.ts',
        'device/signal/**/*.ts',
        'controller/outcomes/**/*.ts',
        'controller/broker/acl.ts',
        'controller/ingest/gap-detector.ts',
        'shared/schemas/**/*.ts',
      ],
      exclude: ['tests/**'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'device/program/**': { lines: 95, statements: 95, functions: 95, branches: 90 },
        'controller/outcomes/**': { lines: 95, statements: 95, functions: 95, branches: 90 },
        'device/signal/**': { lines: 95, statements: 95, functions: 95, branches: 88 },
        'controller/broker/acl.ts': { lines: 95, statements: 85, branches: 75 },
        'controller/ingest/gap-detector.ts': { lines: 85, statements: 85 },
        'shared/schemas/**': { lines: 90, statements: 90 },
      },
    },
  },
});
