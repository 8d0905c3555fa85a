import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { http } from '../../runtime/local/testing.ts'
import { launchChromium, signInAsDev, startDemoChorus, unlabelledControls } from './fixtures.ts'

// Sized for a loaded 2-core machine: a run goes through four queues per step, a replay through the projector's.
const RUN_MS = 90_000

describe('replays in the console (Chromium, embedded runtime, demo model over HTTP)', () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  const problems: string[] = []
  let runId = ''

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
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

  it('starts a replay of a run from its run view and shows the comparison: match', {
    timeout: RUN_MS,
  }, async () => {
    const started = await http(
      demo.chorus.url,
      'POST',
      '/chats/replayed/messages',
      { content: 'Why are there tides?' },
      { prefer: 'respond-async' },
    )
    runId = (started.json as { runId: string }).runId
    await expect
      .poll(
        async () =>
          ((await http(demo.chorus.url, 'GET', `/runs/${runId}`)).json as { status: string }).status,
        {
          timeout: RUN_MS / 2,
          interval: 250,
        },
      )
      .toBe('completed')
    await page.goto(`${demo.chorus.url}/console/runs/${runId}`)
    await page.getByRole('link', { name: 'Replay this run' }).click()
    const form = page.getByRole('form', { name: 'Start a replay' })
    expect(await form.getByRole('textbox', { name: 'Only run (optional)' }).inputValue()).toBe(runId)
    await form.getByRole('textbox', { name: 'Replay name' }).fill('tides-check')
    expect(await unlabelledControls(page)).toEqual([])

    await form.getByRole('button', { name: 'Start replay' }).click()

    const compared = page.getByTestId(`replay-run-${runId}`)
    await compared
      .getByTestId('replay-verdict')
      .and(page.getByText('match', { exact: true }))
      .waitFor()
    expect(new URL(page.url()).pathname).toBe('/console/replays/tides-check')
    expect(await compared.textContent()).toMatch(/replayed (\d+) of \1 events/)
    await compared.getByText('Live and replayed views').click()
    const live = JSON.parse(
      (await compared.getByRole('region', { name: `live view of ${runId}` }).textContent()) ?? '',
    )
    const replayed = JSON.parse(
      (await compared.getByRole('region', { name: `replayed view of ${runId}` }).textContent()) ?? '',
    )
    expect(replayed).toEqual(live)
    expect(live).toMatchObject({ runId, status: 'completed' })
  })

  it('starts a replay by keyboard; a window that touched no run says so', { timeout: RUN_MS }, async () => {
    await page.goto(`${demo.chorus.url}/console/replays`)
    const form = page.getByRole('form', { name: 'Start a replay' })
    await form.getByLabel('From').fill('2020-01-01T00:00:00')
    await form.getByLabel('To').fill('2020-01-02T00:00:00')
    // By keyboard: Enter in a field of the form starts the replay.
    await form.getByRole('textbox', { name: 'Replay name' }).fill('long-ago')
    await page.keyboard.press('Enter')

    await page.getByText('The window touched no run.').waitFor()
    expect(await page.getByRole('heading', { name: 'Replay long-ago' }).count()).toBe(1)
  })

  it('reported no script error, console error or failed request on the way', () => {
    expect(problems).toEqual([])
  })
})
