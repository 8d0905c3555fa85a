// Screenshots of the console's main views for docs/console/ (`npm run console:screenshots`): a Chorus on a
// throw-away data directory with the demo model of the browser tests, driven by Debian's Chromium.
import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { http } from '../../runtime/local/testing.ts'
import { DEMO_ANSWER, launchChromium, signInAsDev, startDemoChorus } from '../e2e/fixtures.ts'

const OUT = fileURLToPath(new URL('../../docs/console/', import.meta.url))
const WIDE = { width: 1280, height: 800 }
const NARROW = { width: 390, height: 844 }

const shoot = async (page: Page, name: string, fullPage = false) => {
  await page.evaluate('window.scrollTo(0, 0)')
  await page.waitForTimeout(300) // let the graph settle after fitView
  await page.screenshot({ path: `${OUT}${name}.png`, fullPage })
  process.stdout.write(`docs/console/${name}.png\n`)
}

await mkdir(OUT, { recursive: true })
const demo = await startDemoChorus()
const browser = await launchChromium()
try {
  // A few runs first, so the lists have something in them.
  for (const content of ['What is a neap tide?', 'Why is the sea salty?'])
    await http(demo.chorus.url, 'POST', '/chats/earlier/messages', { content })
  const page = await browser.newPage({ viewport: WIDE })
  page.setDefaultTimeout(120_000)
  await page.goto(demo.chorus.url)
  await shoot(page, 'sign-in')
  await signInAsDev(page, demo.chorus.url)

  await page.getByRole('textbox', { name: 'Message' }).fill('Why are there tides?')
  await page.getByRole('button', { name: 'Send' }).click()
  await page.getByTestId('plan-graph').waitFor()
  await shoot(page, 'chat-live')
  await page.locator('.message[data-role="assistant"]').filter({ hasText: DEMO_ANSWER }).waitFor()
  await shoot(page, 'chat-answered')

  await page.getByTestId('live-run').getByRole('link', { name: /^Run / }).click()
  await page.getByRole('button', { name: 'Show step answer' }).click()
  await page.getByTestId('step-details').locator('details.call summary').first().click()
  await page.getByRole('button', { name: 'Run the audit' }).click()
  await page.getByTestId('audit-verdict').waitFor()
  await shoot(page, 'run-view')
  await shoot(page, 'run-view-full', true)

  await page.getByRole('link', { name: 'Replay this run' }).click()
  await page.getByRole('textbox', { name: 'Replay name' }).fill('tides-check')
  await page.getByRole('button', { name: 'Start replay' }).click()
  await page.getByTestId('replay-verdict').getByText('match', { exact: true }).waitFor()
  await page.getByText('Live and replayed views').click()
  await shoot(page, 'replay')

  await page.getByRole('link', { name: 'Runs', exact: true }).click()
  await page.getByRole('table', { name: 'Runs' }).waitFor()
  await shoot(page, 'runs')

  await page.getByRole('link', { name: 'Teams', exact: true }).click()
  await page.getByRole('link', { name: 'writer' }).click()
  await shoot(page, 'teams')
  await page.getByRole('link', { name: 'New team' }).click()
  const form = page.getByRole('form', { name: 'New team' })
  await form.getByRole('textbox', { name: 'Name' }).fill('Bad Name')
  await form.getByRole('textbox', { name: 'Description' }).fill('Summarises what it is given.')
  await form.getByRole('textbox', { name: 'Prompt template' }).fill('Dear {{customer}}, summarise {{inputs}}')
  await form.getByRole('textbox', { name: 'Tools' }).fill('web.fetch, teleport')
  await form.getByRole('button', { name: 'Create team' }).click()
  await form.locator('.field-problems').first().waitFor()
  await shoot(page, 'team-form-problems')

  const waiting = await http(demo.chorus.url, 'POST', '/chats/review/messages', {
    content: 'Why are there tides?',
    approval: 'plan',
  })
  await page.goto(`${demo.chorus.url}/console/runs/${(waiting.json as { runId: string }).runId}`)
  await page.getByTestId('approval-panel').waitFor()
  await page.getByTestId('plan-graph').waitFor()
  await shoot(page, 'run-approval')

  await page.setViewportSize(NARROW)
  await page.getByRole('link', { name: 'Runs', exact: true }).click()
  await page.getByRole('table', { name: 'Runs' }).getByRole('link').first().click()
  await page.getByTestId('plan-graph').waitFor()
  await shoot(page, 'run-view-narrow', true)
} finally {
  await browser.close()
  await demo.close()
}
