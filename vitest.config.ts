import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.chorus/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One moto server for the AWS-mode tests (*.int.test.ts under runtime/aws and the AWS adapters).
    globalSetup: ['runtime/aws/testing/global-setup.ts'],
  },
})
