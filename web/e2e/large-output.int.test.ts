import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authHeaders, http } from '../../runtime/local/testing.ts'
import { LONG, LONG_REPORT, launchChromium, signInAsDev, startDemoChorus } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step.
const RUN_MS = 90_000

describe('a large step output, downloaded from the run view (Chromium, embedded runtime)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  const problems: string[] = []
  let runId = ''

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true })
    page.setDefaultTimeout(RUN_MS / 5)
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    await signInAsDev(page, demo.chorus.url)
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('shows the output kept by reference and downloads the whole of it', { timeout: RUN_MS }, async () => {
    const started = await http(
      demo.chorus.url,
      'POST',
      '/chats/reports/messages',
      { content: `Please write ${LONG}` },
      { prefer: 'respond-async' },
    )
    runId = (started.json as { runId: string }).runId
    await page.goto(`${demo.chorus.url}/console/runs/${runId}`)
    await page.getByTestId('step-node-report').and(page.locator('[data-status="completed"]')).waitFor()
    await page.getByRole('button', { name: 'Show step report' }).click()
    const details = page.getByTestId('step-details')
    await details.getByTestId('output-by-reference').waitFor()
    expect(await details.getByTestId('output-by-reference').textContent()).toContain(
      `${Buffer.byteLength(LONG_REPORT)} bytes`,
    )

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      details.getByRole('button', { name: 'Download output of step report' }).click(),
    ])

    expect(download.suggestedFilename()).toBe(`${runId}-report.txt`)
    expect(await readFile(await download.path(), 'utf8')).toBe(LONG_REPORT)
  })

  it("answers another tenant's request for the output 404", async () => {
    const other = await demo.chorus.credentialsFor('other')
    const answer = await http(demo.chorus.url, 'GET', `/runs/${runId}/output?step=report`, undefined, {
      ...authHeaders(other),
    })
    expect(answer.status).toBe(404)
    expect(JSON.stringify(answer.json)).not.toContain('Line 1:')
  })

  it('reported no script error, console error or failed request on the way', () => {
    expect(problems).toEqual([])
  })
})
