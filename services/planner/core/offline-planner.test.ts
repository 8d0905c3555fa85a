import { HumanMessage } from '@langchain/core/messages'
import { describe, expect, it } from 'vitest'
import { makeOfflineProvider } from '#platform/models/index.ts'
import type { PlanningPrompt } from '../prompts/planning-prompt.ts'
import { answerPlanningPromptOffline } from './offline-planner.ts'

const prompt: PlanningPrompt = {
  task: 'plan',
  request: 'Research and summarise solar power',
  teams: [
    { name: 'researcher', description: 'gathers facts on the web', tools: [] },
    { name: 'writer', description: 'writes the final answer', tools: [] },
  ],
  planSchema: {},
}

describe('offline planner', () => {
  it('chains a gathering team before an answering one', () => {
    // Prepare / Act
    const answer = answerPlanningPromptOffline(JSON.stringify(prompt))

    // Assess
    expect(JSON.parse(answer ?? '')).toEqual({
      goal: 'Research and summarise solar power',
      steps: [
        {
          id: 'researcher-1',
          team: 'researcher',
          instruction: 'Gather the key facts needed for: Research and summarise solar power',
          dependsOn: [],
        },
        {
          id: 'writer-2',
          team: 'writer',
          instruction: 'Write the final answer to: Research and summarise solar power',
          dependsOn: ['researcher-1'],
        },
      ],
    })
  })

  it('leaves a message that is not a planning prompt alone', () => {
    expect(answerPlanningPromptOffline('Task: write a poem')).toBeUndefined()
  })

  it('is how the offline model given it at composition plans', async () => {
    // Prepare
    const { model } = makeOfflineProvider({ answerJson: answerPlanningPromptOffline }).chatModel({
      service: 'planner',
    })

    // Act
    const reply = await model.invoke([new HumanMessage(JSON.stringify(prompt))])

    // Assess
    expect(JSON.parse(reply.text)).toEqual(
      JSON.parse(answerPlanningPromptOffline(JSON.stringify(prompt)) ?? ''),
    )
  })

  it('leaves the offline model without it answering the prompt as text, not a plan', async () => {
    const { model } = makeOfflineProvider().chatModel({ service: 'planner' })

    const reply = await model.invoke([new HumanMessage(JSON.stringify(prompt))])

    expect(reply.text.startsWith('[offline model]')).toBe(true)
  })
})
