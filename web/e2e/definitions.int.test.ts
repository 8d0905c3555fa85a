import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  focused,
  launchChromium,
  sidewaysOverflow,
  signInAsDev,
  startDemoChorus,
  unlabelledControls,
} from './fixtures.ts'

describe('definitions in the console: teams, prompts, triggers (Chromium, embedded runtime)', {
  timeout: 30_000,
}, () => {
  let demo: Awaited<ReturnType<typeof startDemoChorus>>
  let browser: Browser
  let page: Page
  /** What the page reported as broken: script errors, console errors, failed requests. */
  const problems: string[] = []
  /** Every distinct answer of 400 or more the page received: `status METHOD path`. */
  const refusals = new Set<string>()

  beforeAll(async () => {
    browser = await launchChromium()
    demo = await startDemoChorus()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    // Each wait well inside a test's limit, so a stuck one is named by its locator.
    page.setDefaultTimeout(8_000)
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400)
        refusals.add(
          `${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`,
        )
    })
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`)
    })
    await signInAsDev(page, demo.chorus.url)
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await demo?.close()
  })

  const field = (name: string) => page.locator(`[data-field="${name}"]`)

  it("shows the API's problems with a new team beside the fields they name, and focuses the first", async () => {
    await page.getByRole('link', { name: 'Teams', exact: true }).click()
    await page.getByRole('link', { name: 'New team' }).click()
    const form = page.getByRole('form', { name: 'New team' })

    await form.getByRole('textbox', { name: 'Name' }).fill('Bad Name')
    await form.getByRole('textbox', { name: 'Description' }).fill('Summarises what it is given.')
    await form
      .getByRole('textbox', { name: 'Prompt template' })
      .fill('Dear {{customer}}, summarise {{inputs}}')
    await form.getByRole('textbox', { name: 'Tools' }).fill('web.fetch, teleport')
    await form.getByRole('button', { name: 'Create team' }).click()

    await field('tools').locator('.field-problems').waitFor()
    expect(await field('name').locator('.field-problems').textContent()).toMatch(/lowercase slug/)
    expect(await field('prompt').locator('.field-problems').textContent()).toContain(
      'unknown template variable "customer"',
    )
    expect(await field('tools').locator('.field-problems').textContent()).toBe('unknown tool "teleport"')
    expect(await field('description').locator('.field-problems').count()).toBe(0)
    const name = form.getByRole('textbox', { name: 'Name' })
    expect(await name.getAttribute('aria-invalid')).toBe('true')
    expect(await name.getAttribute('aria-describedby')).toBe('team-name-problem')
    expect(await form.getByRole('textbox', { name: 'Description' }).getAttribute('aria-invalid')).toBe(
      'false',
    )
    expect(await focused(page)).toBe('input:Name')
    expect(await form.getByRole('alert').textContent()).toMatch(/3 fields have problems/)
    expect(await unlabelledControls(page)).toEqual([])
  })

  it('creates the team once corrected, then saves a second version and shows either version', async () => {
    const form = page.getByRole('form', { name: 'New team' })
    await form.getByRole('textbox', { name: 'Name' }).fill('summariser')
    await form.getByRole('textbox', { name: 'Prompt template' }).fill('Summarise {{inputs}} for {{goal}}')
    await form.getByRole('textbox', { name: 'Tools' }).fill('')
    await form.getByRole('button', { name: 'Create team' }).click()

    await page.getByRole('heading', { name: 'summariser v1' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/console/teams/summariser')
    await page.getByRole('link', { name: 'Edit team' }).click()
    const edit = page.getByRole('form', { name: 'Edit team summariser' })
    expect(await edit.getByRole('textbox', { name: 'Prompt template' }).inputValue()).toBe(
      'Summarise {{inputs}} for {{goal}}',
    )
    await edit.getByRole('textbox', { name: 'Description' }).fill('Summarises in one line.')
    await edit.getByRole('button', { name: 'Save new version' }).click()

    await page.getByTestId('team-saved').filter({ hasText: 'Saved version 2.' }).waitFor()
    await page.getByRole('heading', { name: 'summariser v2' }).waitFor()
    const versions = page.getByRole('navigation', { name: 'Versions of summariser' })
    expect(await versions.getByRole('link').allTextContents()).toEqual(['v2', 'v1'])
    await versions.getByRole('link', { name: 'version 1' }).click()
    await page.getByRole('heading', { name: /summariser v1/ }).waitFor()
    const definition = page.getByRole('region', { name: 'definition of summariser v1' })
    expect(JSON.parse((await definition.textContent()) ?? '')).toMatchObject({
      description: 'Summarises what it is given.',
    })
    expect(await page.getByRole('table', { name: 'Teams' }).getByRole('row').count()).toBe(4) // head + 3
  })

  it("lists the tenant's prompts, shows one, creates another and shows a refused text beside the field", async () => {
    await page.getByRole('link', { name: 'Prompts', exact: true }).click()
    const list = page.getByRole('table', { name: 'Prompts' })
    await list.getByRole('link', { name: 'planner.system' }).waitFor()
    expect(await list.getByRole('row').count()).toBe(2) // head + the planner's, seeded
    await list.getByRole('link', { name: 'planner.system' }).click()
    await page.getByRole('heading', { name: 'planner.system v1' }).waitFor()
    expect(await page.getByTestId('prompt-text').textContent()).toMatch(/plan/i)

    await page.getByRole('textbox', { name: 'Prompt name' }).fill('team.digest')
    await page.getByRole('button', { name: 'Open or create' }).click()
    await page.getByRole('heading', { name: /New prompt team\.digest/ }).waitFor()
    const text = page.getByRole('textbox', { name: 'Text' })
    await page.getByRole('button', { name: 'Save new version' }).click()
    await field('text').locator('.field-problems').waitFor()
    expect(await text.getAttribute('aria-invalid')).toBe('true')
    expect(await field('text').locator('.field-problems').textContent()).toMatch(/>=1 characters|too small/i)

    await text.fill('Digest {{inputs}} for {{goal}}')
    await page.getByRole('button', { name: 'Save new version' }).click()
    await page.getByRole('heading', { name: 'team.digest v1' }).waitFor()
    expect(await page.getByTestId('prompt-text').textContent()).toBe('Digest {{inputs}} for {{goal}}')
    // The list is GET /prompts: the new prompt is in it, by name, with its latest version.
    const digest = list.getByRole('row').filter({ has: page.getByRole('link', { name: 'team.digest' }) })
    await digest.waitFor()
    expect(await digest.getByRole('cell').nth(1).textContent()).toBe('v1')
    expect(await list.getByRole('row').count()).toBe(3)
    expect(await unlabelledControls(page)).toEqual([])
  })

  it('creates a trigger after showing its refused request template beside the field', async () => {
    await page.getByRole('link', { name: 'Triggers', exact: true }).click()
    await page.getByText('No triggers yet.').waitFor()
    await page.getByRole('link', { name: 'New trigger' }).click()
    const form = page.getByRole('form', { name: 'New trigger' })
    await form.getByRole('textbox', { name: 'Name' }).fill('order-placed')
    await form.getByRole('textbox', { name: 'Request template' }).fill('Handle order {{amount}}')
    await form.getByRole('button', { name: 'Create trigger' }).click()

    await field('request').locator('.field-problems').waitFor()
    expect(await field('request').locator('.field-problems').textContent()).toMatch(
      /^unknown template variable "amount"/,
    )
    expect(await form.getByRole('textbox', { name: 'Request template' }).getAttribute('aria-invalid')).toBe(
      'true',
    )
    await form.getByRole('textbox', { name: 'Request template' }).fill('Handle order {{detail.id}}')
    await form.getByRole('button', { name: 'Create trigger' }).click()

    await page.getByRole('heading', { name: 'order-placed v1' }).waitFor()
    expect(
      await page.getByRole('table', { name: 'Triggers' }).getByRole('link', { name: 'order-placed' }).count(),
    ).toBe(1)
    expect(await unlabelledControls(page)).toEqual([])
  })

  it('reaches the team form by keyboard alone and fits a narrow screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${demo.chorus.url}/console/teams`)
    await page.getByRole('link', { name: 'New team' }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('form', { name: 'New team' }).waitFor()
    await page.getByRole('textbox', { name: 'Name' }).focus()
    for (const expected of ['textarea:Description', 'select:', 'input:written here']) {
      await page.keyboard.press('Tab')
      expect(await focused(page)).toMatch(new RegExp(`^${expected}`))
    }
    expect(await sidewaysOverflow(page)).toBe(0)
    await page.goto(`${demo.chorus.url}/console/teams/summariser?edit`)
    await page.getByRole('form', { name: 'Edit team summariser' }).waitFor()
    expect(await sidewaysOverflow(page)).toBe(0)
    await page.setViewportSize({ width: 1280, height: 800 })
  })

  it('reported nothing broken but the refusals the tests asked for', () => {
    expect(problems.filter((p) => !/Failed to load resource: .* status of (400|404)/.test(p))).toEqual([])
    expect([...refusals].sort()).toEqual([
      '400 POST /teams',
      '400 POST /triggers',
      '400 PUT /prompts/team.digest',
      // Looked up before it existed: the panel then offers to create it.
      '404 GET /prompts/team.digest',
    ])
  })
})
