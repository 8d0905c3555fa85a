import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.chorus/**', 'dist/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // `expect.poll` waits for what a browser or a queue does in its own time: 1 s (vitest's default) is
    // too short on a loaded 2-core machine, where drawing a run's DAG alone took longer.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    // One moto server for the AWS-mode tests (*.int.test.ts under runtime/aws and the AWS adapters);
    // dist/ brought up to date once for the tests that run `node cli/bin.js` in child processes.
    globalSetup: ['runtime/aws/testing/global-setup.ts', 'scripts/vitest-build.js'],
  },
})
