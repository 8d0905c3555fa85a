import { describe, expect, it } from 'vitest'
import type { InvokeModel } from '#platform/models/index.ts'
import { readPlanningPrompt } from '../prompts/planning-prompt.ts'
import { draftPlan } from './draft-plan.ts'

const step = (id: string, team: string, dependsOn: string[] = []) => ({
  id,
  team,
  instruction: `do ${id}`,
  dependsOn,
})
const info = { provider: 'scripted', model: 'm', offline: true }
const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 }

/** An invoker answering `answers` in turn and keeping the planning prompts it was sent. */
const scripted = (answers: string[]) => {
  const prompts: ReturnType<typeof readPlanningPrompt>[] = []
  const invoke: InvokeModel = async ({ messages }) => {
    prompts.push(readPlanningPrompt(messages.at(-1)?.text ?? ''))
    return { text: answers[prompts.length - 1] ?? '', toolCalls: [], usage, info }
  }
  return { invoke, prompts }
}

const input = {
  request: 'Explain tides',
  teams: [
    { name: 'researcher', description: 'finds facts', tools: [] },
    { name: 'writer', description: 'writes', tools: [] },
  ],
  systemPrompt: 'You plan.',
  limits: { maxRepairs: 2, maxSteps: 5 },
  call: { tenantId: 'acme', runId: '01JD0000000000000000000000', stepId: '@planner' },
}

describe('draftPlan', () => {
  it('hands a schema problem, a cycle and an unknown team back in one repair round', async () => {
    const broken = JSON.stringify({ steps: [step('a', 'astrologer', ['b']), step('b', 'writer', ['a'])] })
    const valid = JSON.stringify({ goal: 'g', steps: [step('a', 'researcher'), step('b', 'writer', ['a'])] })
    const { invoke, prompts } = scripted([broken, valid])

    const result = await draftPlan(input, invoke)

    expect(result).toMatchObject({ success: true, attempts: 2 })
    expect(prompts[0]?.problems).toBeUndefined()
    const problems = prompts[1]?.problems ?? []
    expect(problems).toHaveLength(3)
    expect(problems.join('\n')).toMatch(/^goal: /m)
    expect(problems).toContain('steps: dependency cycle: a -> b -> a')
    expect(problems).toContain('steps.0.team: unknown team "astrologer" (known: researcher, writer)')
  })
})
