import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import {
  type ChatRequest,
  type FakeReply,
  holdUntilAborted,
  lastUserText,
  startFakeOpenAI,
} from '#platform/models/testing/fake-openai-server.ts'
import { startTestChorus } from '../../runtime/local/testing.ts'

/** Debian's Chromium (`apt-get install -y chromium`); `CHORUS_CHROMIUM` names another build. */
export const CHROMIUM = process.env.CHORUS_CHROMIUM ?? '/usr/bin/chromium'

/**
 * Launches Chromium through playwright-core, never a downloaded browser. Without one this throws, saying
 * how to install it: the browser tests fail rather than pass without having run.
 */
export const launchChromium = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: the console's browser tests need one. Install Debian's (apt-get install -y chromium) ` +
        'or set CHORUS_CHROMIUM to a Chromium binary; no browser is downloaded.',
    )
  return chromium.launch({ executablePath: CHROMIUM })
}

/** A user request containing this is planned as one step whose model call never answers (to cancel it). */
export const HOLD = 'please hold'

/** A user request containing this is planned as one step that writes {@link LONG_REPORT}. */
export const LONG = 'a long report'

/** About 66 KB: over the 48 KB a step output carries inline, so it is kept by reference in the blob store. */
export const LONG_REPORT = Array.from(
  { length: 1500 },
  (_, i) => `Line ${i + 1}: the tide rises and falls twice a day — über 12 h 25 min.`,
).join('\n')

const isPlanner = (request: ChatRequest) => request.response_format?.type === 'json_schema'
const asks = (request: ChatRequest, text: string) =>
  request.messages.some((message) => (message.content ?? '').includes(text))

/**
 * The model behind the console tests and screenshots (an OpenAI-compatible server over HTTP): a plan that
 * fans out and joins (outline → two gathers → answer), a reply per step naming the step, and a step that
 * waits for ever when the request asks to hold.
 */
export const demoModel = (
  request: ChatRequest,
  _: number,
  call: { signal: AbortSignal },
): FakeReply | Promise<FakeReply> => {
  if (isPlanner(request)) {
    if (lastUserText(request).includes(LONG))
      return {
        content: JSON.stringify({
          goal: 'Write a long report',
          steps: [{ id: 'report', team: 'writer', instruction: 'LONG-REPORT in full', dependsOn: [] }],
        }),
      }
    if (lastUserText(request).includes(HOLD))
      return {
        content: JSON.stringify({
          goal: 'Wait until cancelled',
          steps: [
            { id: 'wait', team: 'researcher', instruction: 'HOLD-THIS-STEP until cancelled', dependsOn: [] },
          ],
        }),
      }
    return {
      content: JSON.stringify({
        goal: 'Explain the question from two angles',
        steps: [
          { id: 'outline', team: 'researcher', instruction: 'Outline the question', dependsOn: [] },
          { id: 'physics', team: 'researcher', instruction: 'Gather the physics', dependsOn: ['outline'] },
          { id: 'history', team: 'researcher', instruction: 'Gather the history', dependsOn: ['outline'] },
          {
            id: 'answer',
            team: 'writer',
            instruction: 'Write the answer',
            dependsOn: ['physics', 'history'],
          },
        ],
      }),
    }
  }
  if (asks(request, 'HOLD-THIS-STEP')) return holdUntilAborted(call.signal)
  if (asks(request, 'LONG-REPORT')) return { content: LONG_REPORT }
  for (const [instruction, reply] of [
    ['Outline the question', 'Outline: forces, then the story of the idea.'],
    ['Gather the physics', 'Physics: the Moon pulls the oceans; two bulges follow it.'],
    ['Gather the history', 'History: Newton explained tides with gravitation in 1687.'],
    ['Write the answer', 'Tides come from the pull of the Moon and the Sun on the oceans (answer).'],
  ] as const)
    if (asks(request, instruction)) return { content: reply }
  return { content: 'a reply' }
}

/** The answer the demo model's plan ends with. */
export const DEMO_ANSWER = 'Tides come from the pull of the Moon and the Sun on the oceans (answer).'

/** A Chorus on a throw-away data directory, talking over HTTP to the demo model; `env` adds settings. */
export const startDemoChorus = async (env: Record<string, string> = {}) => {
  const model = await startFakeOpenAI(demoModel)
  const chorus = await startTestChorus({ ...env, OPENAI_BASE_URL: model.baseUrl, OPENAI_API_KEY: 'sk-test' })
  return {
    chorus,
    model,
    close: async () => {
      await chorus.close()
      await model.close()
    },
  }
}

/** Opens the console at `url` and signs in with the dev identity. */
export const signInAsDev = async (page: Page, url: string) => {
  await page.goto(url)
  await page.getByRole('button', { name: 'Sign in with the dev identity' }).click()
  await page.getByTestId('tenant').waitFor()
}

/**
 * The form controls and buttons of the page's main region that have no accessible name (a label, an
 * `aria-label`, `aria-labelledby` or, for buttons and links, their text): each as `tag#id "value"`.
 * A page expression, so the tests type-check without the DOM library.
 */
export const unlabelledControls = (page: Page): Promise<string[]> =>
  page.evaluate(`(() => {
    const named = (el) =>
      (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
      ((el.tagName === 'BUTTON' || el.tagName === 'A') && el.textContent.trim() !== '')
    return [...document.querySelectorAll('main input, main select, main textarea, main button, main a[href]')]
      .filter((el) => el.type !== 'hidden' && !named(el))
      .map((el) => el.tagName.toLowerCase() + '#' + el.id + ' "' + (el.value || '') + '"')
  })()`)

/** How many CSS pixels the page is wider than its viewport (0: nothing to scroll sideways). */
export const sidewaysOverflow = (page: Page): Promise<number> =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')

/** What the keyboard focus is on: its tag, its accessible label's text or its own text. */
export const focused = (page: Page): Promise<string> =>
  page.evaluate(`(() => {
    const el = document.activeElement
    if (!el) return ''
    const label = el.labels && el.labels[0] ? el.labels[0].textContent : el.getAttribute('aria-label') || el.textContent
    return el.tagName.toLowerCase() + ':' + (label || '').trim()
  })()`)
