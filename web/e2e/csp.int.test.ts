import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consolePageHeaders } from '../../runtime/console-headers.ts'
import { DEMO_ANSWER, launchChromium, signInAsDev, startDemoChorus } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step.
const RUN_MS = 90_000

/** Records every `securitypolicyviolation` of the page, from before its first script runs. */
const RECORD_VIOLATIONS = `
  window.__cspViolations = []
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber)
  })
`

const violationsOf = (page: Page) => page.evaluate('window.__cspViolations ?? []') as Promise<string[]>

describe('the console under its Content-Security-Policy (Chromium, embedded runtime)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  /** Violations of every page the tests left, and console messages naming the policy. */
  const violations: string[] = []
  let runId = ''

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    await context.addInitScript(RECORD_VIOLATIONS)
    page = await context.newPage()
    page.setDefaultTimeout(RUN_MS)
    page.on('console', (message) => {
      if (/Content[- ]Security[- ]Policy/i.test(message.text())) violations.push(`console: ${message.text()}`)
    })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  /** Opens `path` with a full page load, after keeping the violations the current document recorded. */
  const load = async (path: string) => {
    if (page.url().startsWith('http')) violations.push(...(await violationsOf(page)))
    await page.goto(`${demo.chorus.url}${path}`)
  }

  it('is served with the page: the shared policy, no inline script or style allowed', async () => {
    const res = await fetch(`${demo.chorus.url}/console/chats`)

    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toBe(consolePageHeaders()['content-security-policy'])
    expect(res.headers.get('content-security-policy')).not.toMatch(/unsafe-/)
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('signs in and sends a message: the chat, its live plan and the answer, with no violation', {
    timeout: RUN_MS,
  }, async () => {
    await signInAsDev(page, demo.chorus.url)
    await page.getByRole('textbox', { name: 'Message' }).fill('Why are there tides?')
    await page.getByRole('button', { name: 'Send' }).click()

    await page.getByTestId('plan-graph').waitFor()
    await page.locator('.message[data-role="assistant"]').filter({ hasText: DEMO_ANSWER }).waitFor()
    const live = page.getByTestId('live-run')
    runId = ((await live.getByRole('link', { name: /^Run / }).textContent()) ?? '').replace('Run ', '')

    expect(runId).toMatch(/^[0-9A-Z]{26}$/)
    expect(await violationsOf(page)).toEqual([])
  })

  it('shows the runs list and a run view with its DAG drawn (nodes, edges, styles applied)', {
    timeout: RUN_MS,
  }, async () => {
    await load('/console/runs')
    await page.getByRole('table', { name: 'Runs' }).getByRole('link', { name: runId }).click()

    const graph = page.getByTestId('plan-graph')
    // Drawn once the run is read and the nodes measured: waited for, never timed.
    await graph.locator('[data-testid^="step-node-"]').nth(3).waitFor()
    await graph.locator('.react-flow__edge').nth(3).waitFor()
    expect(await graph.locator('[data-testid^="step-node-"]').count()).toBe(4)
    expect(await graph.locator('.react-flow__edge').count()).toBe(4)
    // React Flow places nodes with transforms it sets through element.style: they took effect.
    const placed = await graph
      .locator('.react-flow__node')
      .evaluateAll((nodes) =>
        nodes.map((n) => (n as unknown as { style: { transform: string } }).style.transform),
      )
    expect(new Set(placed).size).toBe(4)
    // The stylesheet from 'self' applied (the page is not unstyled).
    expect(await page.evaluate('getComputedStyle(document.querySelector(".react-flow")).position')).toBe(
      'relative',
    )
    expect(await violationsOf(page)).toEqual([])
  })

  it.each([
    ['/console/chats', 'Chats'],
    ['/console/teams', 'Teams'],
    ['/console/prompts', 'Prompts'],
    ['/console/triggers', 'Triggers'],
    ['/console/replays', 'Replays'],
    ['/console/dead-letters', 'Dead letters'],
  ])('loads %s with no violation', async (path, heading) => {
    await load(path)

    await page.getByRole('heading', { name: heading, level: 1 }).waitFor()
    expect(await violationsOf(page)).toEqual([])
  })

  it('reported no violation on any page, in events or in the console', async () => {
    violations.push(...(await violationsOf(page)))

    expect(violations).toEqual([])
  })

  it('would have seen one: an inline style added to the page is refused and reported', async () => {
    await page.evaluate(
      `document.head.appendChild(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' }))`,
    )

    await expect
      .poll(() => violationsOf(page))
      .toEqual([expect.stringMatching(/^style-src(-elem)? blocked inline/)])
  })
})
