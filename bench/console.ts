import { existsSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { newId } from '#events'
import { startTestChorus } from '../runtime/local/testing.ts'
import { progress } from './chorus-harness.ts'
import type { BenchOptions } from './options.ts'
import { format, type Row } from './table.ts'

const FIGURE = '9 console'
/** Issue 18: the console's first view in under a second on the embedded default. */
const TARGET_MS = 1000
const CHROMIUM = process.env.CHORUS_CHROMIUM ?? '/usr/bin/chromium'

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/**
 * The console's first view: Chromium (Debian's, through playwright-core) opens `/console/runs` in a fresh
 * context (no cache, no session) until the sign-in is drawn, then, signed in, loads it again until the first
 * page of a tenant with `options.consoleRuns` runs is drawn; medians of `options.startRuns` of each. Runs go
 * straight into the store.
 */
export const measureConsole = async (options: BenchOptions): Promise<Row[]> => {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install -y chromium)`)
  progress(`console: ${options.consoleRuns} runs, first view of /console/runs ${options.startRuns} times`)
  const chorus = await startTestChorus()
  const browser = await chromium.launch({ executablePath: CHROMIUM })
  try {
    for (let i = 1; i <= options.consoleRuns; i++)
      await chorus.stores.runs.createRun({ tenantId: 'local', runId: newId(), request: `run ${i}` })
    const cold: number[] = []
    const list: number[] = []
    for (let i = 0; i < options.startRuns; i++) {
      // A fresh context each time: no cache, no session.
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
      const page = await context.newPage()
      let started = performance.now()
      await page.goto(`${chorus.url}/console/runs`)
      const signIn = page.getByRole('button', { name: 'Sign in with the dev identity' })
      await signIn.waitFor()
      cold.push(performance.now() - started)
      await signIn.click()
      await page
        .getByTestId('runs-count')
        .getByText(/^100 runs loaded/)
        .waitFor()
      // Signed in (the session lives in sessionStorage): a load of the list, its files now cached.
      started = performance.now()
      await page.reload()
      await page
        .getByTestId('runs-count')
        .getByText(/^100 runs loaded/)
        .waitFor()
      list.push(performance.now() - started)
      await context.close()
    }
    const row = (measure: string, times: number[]): Row => ({
      figure: FIGURE,
      measure: `${measure} (median of ${times.length}; min ${format(Math.min(...times))}, max ${format(Math.max(...times))})`,
      value: median(times),
      unit: 'ms',
      target: { op: '≤', value: TARGET_MS },
      reference: 'issue 18: first view under 1 s on the embedded default',
      detail: { times },
    })
    return [
      row('first view, cold (no cache, no session): page load to the sign-in drawn', cold),
      row(`runs list of a tenant with ${options.consoleRuns} runs: page load to the first 100 drawn`, list),
    ]
  } finally {
    await browser.close()
    await chorus.close()
  }
}
