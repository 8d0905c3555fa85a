import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http } from '../../runtime/local/testing.ts'
import { DEMO_ANSWER, launchChromium, signInAsDev, startDemoChorus } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step.
const RUN_MS = 90_000

describe('approvals in the console (Chromium, embedded runtime, demo model over HTTP)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  /** What the page reported as broken: script errors, console errors, failed requests. */
  const problems: string[] = []

  /** Starts a run that waits for approval of its plan, through the API (answered 202 once it waits). */
  const waitingRun = async (chatId: string) => {
    const started = await http(demo.chorus.url, 'POST', `/chats/${chatId}/messages`, {
      content: 'Why are there tides?',
      approval: 'plan',
    })
    expect(started.status).toBe(202)
    return (started.json as { runId: string }).runId
  }
  const openWaiting = async (runId: string) => {
    await page.goto(`${demo.chorus.url}/console/runs/${runId}`)
    await page.getByTestId('approval-panel').waitFor()
  }

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.setDefaultTimeout(RUN_MS)
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

  it('asks for approval from the chat, links the waiting run, shows the pause, and runs the plan once approved', {
    timeout: RUN_MS,
  }, async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('Why are there tides?')
    await page.getByRole('checkbox', { name: 'Ask me to approve the plan before it runs' }).check()
    await page.getByRole('button', { name: 'Send' }).click()

    const notice = page.getByTestId('live-run').getByTestId('awaiting-approval')
    await notice.waitFor()
    await notice.getByRole('link', { name: 'review the plan and decide' }).click()
    const panel = page.getByTestId('approval-panel')
    await panel.waitFor()
    expect(await page.locator('h1 .badge').textContent()).toBe('awaiting_approval')
    expect(await panel.getByTestId('approval-reasons').textContent()).toBe(
      'the request asked for approval of its plan',
    )
    const expires = await panel.getByTestId('approval-expires').locator('time').getAttribute('datetime')
    expect(Date.parse(expires ?? '')).toBeGreaterThan(Date.now())
    expect(await page.getByTestId('plan-graph').locator('[data-testid^="step-node-"]').count()).toBe(4)

    await panel.getByRole('button', { name: 'Approve plan' }).click()

    // Followed live over SSE: no reload between the decision and the answer.
    await page.getByTestId('run-answer').filter({ hasText: DEMO_ANSWER }).waitFor()
    expect(await page.locator('h1 .badge').textContent()).toBe('completed')
    expect(await page.getByTestId('approval-panel').count()).toBe(0)
    expect(await page.getByTestId('approval-decision').textContent()).toMatch(/^approved by user:console at /)
    const names = await page
      .getByRole('table', { name: 'Event timeline' })
      .locator('tbody tr td:nth-child(2) strong')
      .allTextContents()
    expect(names.indexOf('ApprovalRequested')).toBeLessThan(names.indexOf('ApprovalDecided'))
    expect(names.at(-1)).toBe('RunCompleted')
  })

  it('rejects a plan with a reason: the run fails approval.rejected with it', {
    timeout: RUN_MS,
  }, async () => {
    await openWaiting(await waitingRun('reject'))

    // By keyboard only: the form takes the focus, Tab reaches its button.
    await page.getByRole('button', { name: 'Reject…' }).focus()
    await page.keyboard.press('Enter')
    const reason = page.getByRole('textbox', { name: /Reason for rejecting/ })
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('reject-reason')
    await page.keyboard.type('not today, thanks')
    expect(await reason.inputValue()).toBe('not today, thanks')
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Reject plan')
    await page.keyboard.press('Enter')

    await page.getByTestId('run-failure').waitFor()
    expect(await page.getByTestId('run-failure').textContent()).toMatch(
      /^approval\.rejected: plan rejected by .+: not today, thanks$/,
    )
    await page.getByTestId('approval-decision').waitFor()
    expect(await page.getByTestId('approval-decision').textContent()).toMatch(
      /^rejected by user:console at .+: not today, thanks$/,
    )
    expect(await page.locator('h1 .badge').textContent()).toBe('failed')
    expect(await page.getByTestId('approval-panel').count()).toBe(0)
  })

  it("shows the API's plan.invalid problems beside the editor, then runs a valid edited plan", {
    timeout: RUN_MS,
  }, async () => {
    await openWaiting(await waitingRun('edit'))
    await page.getByRole('button', { name: 'Edit plan…' }).click()
    const editor = page.getByRole('textbox', { name: /Plan as JSON/ })
    expect(JSON.parse(await editor.inputValue()).steps).toHaveLength(4)

    await editor.fill(
      JSON.stringify({
        goal: 'A broken plan',
        steps: [
          { id: 'a', team: 'astronaut', instruction: 'Fly', dependsOn: ['b'] },
          { id: 'b', team: 'writer', instruction: 'Land', dependsOn: ['a'] },
        ],
      }),
    )
    await page.getByRole('button', { name: 'Approve edited plan' }).click()

    const listed = page.getByTestId('plan-problems')
    await listed.waitFor()
    expect(await listed.textContent()).toMatch(/unknown team "astronaut"/)
    expect(await listed.textContent()).toMatch(/dependency cycle/)
    expect(await editor.getAttribute('aria-invalid')).toBe('true')
    expect(await editor.getAttribute('aria-describedby')).toBe('plan-problems')
    expect(await page.locator('h1 .badge').textContent()).toBe('awaiting_approval')

    await editor.fill(
      JSON.stringify({
        goal: 'Answer at once',
        steps: [{ id: 'answer', team: 'writer', instruction: 'Write the answer', dependsOn: [] }],
      }),
    )
    await page.getByRole('button', { name: 'Approve edited plan' }).click()

    await page.getByTestId('run-answer').filter({ hasText: DEMO_ANSWER }).waitFor()
    const nodes = page.getByTestId('plan-graph').locator('[data-testid^="step-node-"]')
    await expect.poll(() => nodes.count()).toBe(1)
    expect(await nodes.first().getAttribute('data-status')).toBe('completed')
    expect(await page.getByTestId('approval-decision').textContent()).toMatch(/^approved \(edited plan\) by /)
  })

  it('reported nothing broken but the 400 of the invalid plan', () => {
    expect(problems.filter((p) => !/status of 400/.test(p))).toEqual([])
    expect(problems.filter((p) => /status of 400/.test(p)).length).toBeLessThanOrEqual(1)
  })
})
