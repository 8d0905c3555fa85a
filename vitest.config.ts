import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.chorus/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
})
