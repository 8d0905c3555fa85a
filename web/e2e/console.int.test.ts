import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http } from '../../runtime/local/testing.ts'
import { DEMO_ANSWER, HOLD, launchChromium, signInAsDev, startDemoChorus } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step.
const RUN_MS = 90_000

describe('the console in Chromium (embedded runtime, demo model over HTTP)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let context: BrowserContext
  let page: Page
  /** What the page reported as broken: script errors, console errors (CSP included), failed requests. */
  const problems: string[] = []
  let runId = ''

  beforeAll(async () => {
    // Chromium first: without it this fails at once, saying how to install it.
    browser = await launchChromium()
    demo = await startDemoChorus()
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    page = await context.newPage()
    page.setDefaultTimeout(RUN_MS)
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  it('signs in with the dev identity and shows the tenant', async () => {
    await signInAsDev(page, demo.chorus.url)

    await expect.poll(() => page.getByTestId('tenant').textContent()).toBe('tenant local')
    expect(new URL(page.url()).pathname).toBe('/console/chats')
  })

  it('sends a message, shows the plan live over SSE, then the answer in the chat', {
    timeout: RUN_MS,
  }, async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('Why are there tides?')
    await page.getByRole('button', { name: 'Send' }).click()

    await page.getByTestId('plan-graph').waitFor()
    const assistant = page.locator('.message[data-role="assistant"]')
    await assistant.filter({ hasText: DEMO_ANSWER }).waitFor()
    const live = page.getByTestId('live-run')
    expect(await live.locator('[data-testid^="step-node-"]').count()).toBe(4)
    expect(
      await page.locator('.message[data-role="user"]').filter({ hasText: 'Why are there tides?' }).count(),
    ).toBe(1)
    runId = ((await live.getByRole('link', { name: /^Run / }).textContent()) ?? '').replace('Run ', '')
    expect(runId).toMatch(/^[0-9A-Z]{26}$/)
  })

  it('lists the run, and opens it: the DAG with every step completed, fan-out and join drawn', {
    timeout: RUN_MS,
  }, async () => {
    await page.getByRole('link', { name: 'Runs', exact: true }).click()
    await page.getByRole('table', { name: 'Runs' }).getByRole('link', { name: runId }).click()

    await page.getByRole('heading', { name: new RegExp(`Run ${runId}`) }).waitFor()
    const nodes = page.getByTestId('plan-graph').locator('[data-testid^="step-node-"]')
    await expect.poll(() => nodes.count()).toBe(4)
    await expect
      .poll(async () =>
        (await nodes.evaluateAll((all) => all.map((n) => n.getAttribute('data-status')))).join(),
      )
      .toBe('completed,completed,completed,completed')
    // outline fans out to physics and history, which answer joins: four edges (drawn once the nodes are measured).
    await expect.poll(() => page.getByTestId('plan-graph').locator('.react-flow__edge').count()).toBe(4)
    expect(await page.getByTestId('run-answer').textContent()).toContain(DEMO_ANSWER)
  })

  it("shows a step's inputs, output and model call", async () => {
    await page.getByRole('button', { name: 'Show step answer' }).click()

    const details = page.getByTestId('step-details')
    await details.getByRole('heading', { name: /Step answer/ }).waitFor()
    expect(await details.textContent()).toContain('from step physics')
    expect(await details.textContent()).toContain('from step history')
    const call = details.locator('details.call').first()
    await call.locator('summary').click()
    expect(await call.getAttribute('open')).not.toBeNull()
    expect(await call.textContent()).toMatch(/gpt-4o-mini \(openai\)/)
    expect(await call.locator('pre').textContent()).toBe(DEMO_ANSWER)
  })

  it('shows the event timeline with seq, name, actor, time and route', async () => {
    const rows = page.getByRole('table', { name: 'Event timeline' }).locator('tbody tr')

    const first = await rows.first().locator('td').allTextContents()
    const last = await rows.last().locator('td').allTextContents()

    // RunRequested is at version 2 (a budget, ADR 0031): the timeline names a version past the first.
    expect(first.slice(0, 3)).toEqual(['1', 'RunRequested v3', 'user:console'])
    expect(first[3]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/)
    expect(['sync', 'async']).toContain(first[4])
    expect(last[1]).toBe('RunCompleted')
    expect(Number(last[0])).toBe(await rows.count())
  })

  it('runs the audit from the run view and shows match', { timeout: RUN_MS }, async () => {
    await page.getByRole('button', { name: 'Run the audit' }).click()

    await page.getByTestId('audit-verdict').waitFor()
    expect(await page.getByTestId('audit-verdict').textContent()).toBe('Verdict: match')
  })

  it('cancels a running run from the run view', { timeout: RUN_MS }, async () => {
    const started = await http(
      demo.chorus.url,
      'POST',
      '/chats/hold/messages',
      { content: `${HOLD}, please` },
      {
        prefer: 'respond-async',
      },
    )
    expect(started.status).toBe(202)
    const held = (started.json as { runId: string }).runId
    await page.goto(`${demo.chorus.url}/console/runs/${held}`)
    // Each wait well inside the test's limit, so a stuck one is named by its locator.
    const STEP_MS = { timeout: RUN_MS / 5 }
    await page.getByTestId('step-node-wait').and(page.locator('[data-status="queued"]')).waitFor(STEP_MS)

    await page.getByRole('button', { name: 'Cancel run' }).click(STEP_MS)
    await page.getByRole('button', { name: 'Yes, cancel the run' }).click(STEP_MS)

    await page.getByTestId('run-failure').waitFor(STEP_MS)
    expect(await page.getByTestId('run-failure').textContent()).toMatch(/^run\.cancelled: /)
    await page.getByTestId('step-node-wait').and(page.locator('[data-status="aborted"]')).waitFor(STEP_MS)
    expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0)
  })

  it('shows another tenant none of it', { timeout: RUN_MS }, async () => {
    const other = await demo.chorus.credentialsFor('other')
    const stranger = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    try {
      await stranger.goto(demo.chorus.url)
      await stranger.getByLabel('Bearer token').fill(other.token)
      await stranger.getByLabel('API key').fill(other.apiKey)
      await stranger.getByRole('button', { name: 'Sign in with this token' }).click()
      await expect.poll(() => stranger.getByTestId('tenant').textContent()).toBe('tenant other')

      await stranger.getByRole('navigation', { name: 'Chats' }).getByText('New chat').waitFor()
      expect(await stranger.getByRole('navigation', { name: 'Chats' }).getByRole('link').count()).toBe(0)
      await stranger.getByRole('link', { name: 'Runs', exact: true }).click()
      await stranger.getByText('No runs match.').waitFor()
      await stranger.goto(`${demo.chorus.url}/console/runs/${runId}`)
      await stranger.getByRole('alert').waitFor()
      expect(await stranger.getByRole('alert').textContent()).toMatch(/^run [0-9A-Z]{26} not found$/)
      expect(await stranger.content()).not.toContain(DEMO_ANSWER)
    } finally {
      await stranger.close()
    }
  })

  it('links the API reference, which loads and renders the operations', { timeout: RUN_MS }, async () => {
    const link = page.getByRole('link', { name: 'API reference' })
    expect(await link.getAttribute('href')).toBe('/reference')

    const reference = await context.newPage()
    await reference.goto(`${demo.chorus.url}/reference`)
    await reference.locator('.opblock').first().waitFor()

    expect(await reference.locator('.opblock').count()).toBeGreaterThan(30)
    expect(await reference.locator('#operations-runs-getRun').count()).toBe(1)
    expect(await reference.getByText('How to authenticate.').count()).toBe(1)
    await reference.close()
  })

  it('reported no script error, console error or blocked resource on the way', () => {
    expect(problems).toEqual([])
  })
})
