import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import {
  launchChromium,
  sidewaysOverflow,
  signInAsDev,
  startDemoChorus,
  unlabelledControls,
} from './fixtures.ts'

const RUNS = 1000

describe('a thousand runs in the console (Chromium, embedded runtime)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  const problems: string[] = []

  const scroller = `document.querySelector('[data-testid="runs-scroll"]')`
  const rows = () => page.getByRole('table', { name: 'Runs' }).locator('tbody tr:not(.spacer)')
  const count = () => page.getByTestId('runs-count').textContent()

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    // Cheaply, straight into the store: runs with a request and no start event (no sweep starts them).
    for (let i = 1; i <= RUNS; i++)
      await demo.chorus.stores.runs.createRun({
        tenantId: 'local',
        runId: newId(),
        request: `run ${i} of ${RUNS}`,
      })
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.setDefaultTimeout(10_000)
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    await signInAsDev(page, demo.chorus.url)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('reads the first page only and draws only the rows in view', async () => {
    await page.goto(`${demo.chorus.url}/console/runs`)
    await expect.poll(count).toBe('100 runs loaded, more as you scroll')

    expect(await rows().first().locator('td').nth(2).textContent()).toBe(`run ${RUNS} of ${RUNS}`)
    // 62vh of 800 px is 12 rows of 40 px, and 10 more below: the other 78 loaded runs are not in the page.
    expect(await rows().count()).toBeLessThan(30)
    expect(await page.getByRole('table', { name: 'Runs' }).getAttribute('aria-rowcount')).toBe('101')
    expect(await unlabelledControls(page)).toEqual([])
  })

  it('scrolls to the end, reading older pages by cursor, and shows the last run', {
    timeout: 60_000,
  }, async () => {
    await expect
      .poll(
        async () => {
          await page.evaluate(`${scroller}.scrollTop = ${scroller}.scrollHeight`)
          return count()
        },
        { timeout: 50_000, interval: 200 },
      )
      .toBe(`${RUNS} runs loaded, all there are`)
    await page.evaluate(`${scroller}.scrollTop = ${scroller}.scrollHeight`)

    const last = rows().last()
    await expect.poll(() => last.locator('td').nth(2).textContent()).toBe(`run 1 of ${RUNS}`)
    expect(await last.getAttribute('aria-rowindex')).toBe(String(RUNS + 1))
    expect(await rows().count()).toBeLessThan(30)
    expect(await page.getByRole('button', { name: 'Load older runs' }).isDisabled()).toBe(true)
  })

  it('goes back to the newest by keyboard (Home in the focused list) and opens a run', async () => {
    await page.getByRole('region', { name: /^Runs, newest first/ }).focus()
    await page.keyboard.press('Home')

    await expect.poll(() => rows().first().locator('td').nth(2).textContent()).toBe(`run ${RUNS} of ${RUNS}`)
    const link = rows().first().getByRole('link')
    const runId = (await link.textContent()) ?? ''
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(runId)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: new RegExp(`Run ${runId}`) }).waitFor()
  })

  it('filters by status through the API and searches among the loaded runs', async () => {
    await page.goto(`${demo.chorus.url}/console/runs?status=completed`)
    await page.getByText('No runs match.').waitFor()
    expect(await count()).toBe('0 runs loaded, all there are')

    await page.goto(`${demo.chorus.url}/console/runs?q=run%20999%20of`)
    await expect.poll(count).toBe('1 of 100 runs loaded: Load older runs to search further')
    expect(await rows().locator('td:nth-child(3)').allTextContents()).toEqual([`run 999 of ${RUNS}`])
  })

  it.each([
    ['a phone', 390, 844],
    ['1280×800', 1280, 800],
  ])('fits %s: every new view without sideways scrolling, every control named', async (_, width, height) => {
    await page.setViewportSize({ width, height })
    const views: [path: string, ready: string][] = [
      ['/console/runs', 'Runs'],
      ['/console/teams/researcher?edit', 'Edit researcher'],
      ['/console/teams/researcher', 'researcher'],
      ['/console/prompts?name=planner.system', 'planner.system'],
      ['/console/prompts?name=planner.system&edit', 'Edit planner.system'],
      ['/console/triggers?new', 'New trigger'],
      ['/console/replays', 'Replays'],
    ]
    const found: Record<string, { overflow: number; unlabelled: string[] }> = {}
    for (const [path, heading] of views) {
      await page.goto(`${demo.chorus.url}${path}`)
      await page
        .getByRole('heading', { name: new RegExp(`^${heading}`) })
        .first()
        .waitFor()
      found[path] = { overflow: await sidewaysOverflow(page), unlabelled: await unlabelledControls(page) }
    }
    expect(found).toEqual(Object.fromEntries(views.map(([path]) => [path, { overflow: 0, unlabelled: [] }])))
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('reported no script error, console error or failed request on the way', () => {
    expect(problems).toEqual([])
  })
})
