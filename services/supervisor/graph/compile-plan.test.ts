import { Command, MemorySaver } from '@langchain/langgraph'
import { describe, expect, it } from 'vitest'
import type { Plan } from '#events'
import { compilePlan, waitingSteps } from './compile-plan.ts'

const diamond: Plan = {
  goal: 'g',
  steps: [
    { id: 'a', team: 't', instruction: 'A', dependsOn: [] },
    { id: 'b', team: 't', instruction: 'B', dependsOn: ['a'] },
    { id: 'c', team: 't', instruction: 'C', dependsOn: ['a'] },
    { id: 'd', team: 't', instruction: 'D', dependsOn: ['b', 'c'] },
  ],
}

const waiting = async (graph: ReturnType<typeof compilePlan>, config: object) =>
  waitingSteps(await graph.getState(config))

const complete = async (graph: ReturnType<typeof compilePlan>, config: object, stepId: string) => {
  const id = (await waiting(graph, config)).find((w) => w.request.stepId === stepId)?.interruptId as string
  await graph.invoke(new Command({ resume: { [id]: { text: `out-${stepId}` } } }), config)
}

describe('compilePlan', () => {
  it.each([
    ['b then c', ['b', 'c']],
    ['c then b', ['c', 'b']],
  ])('fans out, joins, and gives D both inputs whatever the order (%s)', async (_, order) => {
    const graph = compilePlan(diamond, new MemorySaver())
    const config = { configurable: { thread_id: `t-${order.join('')}` } }
    await graph.invoke({}, config)
    expect((await waiting(graph, config)).map((w) => w.request.stepId)).toEqual(['a'])

    await complete(graph, config, 'a')
    const fanOut = await waiting(graph, config)
    expect(fanOut.map((w) => w.request.stepId).sort()).toEqual(['b', 'c'])
    expect(fanOut[0]?.request.inputs).toEqual([{ stepId: 'a', output: { text: 'out-a' } }])

    await complete(graph, config, order[0] as string)
    expect((await waiting(graph, config)).map((w) => w.request.stepId)).toEqual([order[1]])
    await complete(graph, config, order[1] as string)

    const join = await waiting(graph, config)
    expect(join.map((w) => w.request)).toEqual([
      {
        stepId: 'd',
        team: 't',
        instruction: 'D',
        inputs: [
          { stepId: 'b', output: { text: 'out-b' } },
          { stepId: 'c', output: { text: 'out-c' } },
        ],
      },
    ])
    await complete(graph, config, 'd')
    const end = await graph.getState(config)
    expect(end.next).toEqual([])
    expect(end.values).toMatchObject({ output_d: { text: 'out-d' } })
  })
})
