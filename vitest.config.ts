import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.chorus/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One moto server for the AWS-mode tests (*.int.test.ts under runtime/aws and the AWS adapters);
    // dist/ brought up to date once for the tests that run `node cli/bin.js` in child processes.
    globalSetup: ['runtime/aws/testing/global-setup.ts', 'scripts/vitest-build.js'],
  },
})
