import {
  Command,
  DeltaValue,
  END,
  interrupt,
  MemorySaver,
  START,
  StateGraph,
  StateSchema,
} from '@langchain/langgraph'
import { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { newId } from '#events'
import { isCheckpointConflict } from './conflict.ts'
import { type CheckpointTestbed, startCheckpointTestbed } from './testing.ts'
import { runThreadId } from './thread.ts'

const ApprovalState = new StateSchema({
  request: z.string().default(''),
  answer: z.string().default(''),
  outcome: z.string().default(''),
})

/** ask → (pause for an answer) → finish, like a Chorus step that dispatches and waits. */
const approvalGraph = (checkpointer: BaseCheckpointSaver) =>
  new StateGraph(ApprovalState)
    .addNode('ask', (state) => ({ answer: interrupt<string, string>(`approve ${state.request}?`) }))
    .addNode('finish', (state) => ({ outcome: `${state.request}: ${state.answer}` }))
    .addEdge(START, 'ask')
    .addEdge('ask', 'finish')
    .addEdge('finish', END)
    .compile({ checkpointer })

const STEPS = 30
const ChainState = new StateSchema({
  outputs: new DeltaValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.string(),
      reducer: (current: string[], writes: string[]) => [...current, ...writes],
      snapshotFrequency: 7,
    },
  ),
  count: z.number().default(0),
})

/** A loop that appends one output per step to a DeltaValue channel. */
const chainGraph = (checkpointer: BaseCheckpointSaver) =>
  new StateGraph(ChainState)
    .addNode('step', (state) => ({ outputs: `output ${state.count + 1}`, count: state.count + 1 }))
    .addEdge(START, 'step')
    .addConditionalEdges('step', (state) => (state.count < STEPS ? 'step' : END))
    .compile({ checkpointer })

describe('LangGraph graphs on the DynamoDB saver', () => {
  let testbed: CheckpointTestbed
  beforeAll(async () => {
    testbed = await startCheckpointTestbed()
  })
  afterAll(() => testbed.close())

  it('pauses in one process and resumes in another, by interrupt id', async () => {
    const config = { configurable: { thread_id: runThreadId('acme', newId()) } }
    const first = approvalGraph(await testbed.saver({ shared: true }))
    await first.invoke({ request: 'deploy' }, { ...config, durability: 'sync' })
    const paused = await first.getState(config)
    const interruptId = paused.tasks[0]?.interrupts[0]?.id
    expect(interruptId).toBeDefined()

    const second = approvalGraph(await testbed.saver({ shared: true }))
    const result = await second.invoke(new Command({ resume: { [String(interruptId)]: 'yes' } }), {
      ...config,
      durability: 'sync',
    })

    expect(result.outcome).toBe('deploy: yes')
  })

  it('fails the second of two concurrent resumes of one run with checkpoint.conflict', async () => {
    const config = { configurable: { thread_id: runThreadId('acme', newId()) } }
    await approvalGraph(await testbed.saver({ shared: true })).invoke(
      { request: 'deploy' },
      { ...config, durability: 'sync' },
    )
    const resumes = await Promise.allSettled(
      ['yes', 'no'].map(async (answer) =>
        approvalGraph(await testbed.saver({ shared: true })).invoke(new Command({ resume: answer }), {
          ...config,
          durability: 'sync',
        }),
      ),
    )

    const rejected = resumes.filter((result) => result.status === 'rejected')
    expect(rejected).toHaveLength(1)
    expect(isCheckpointConflict((rejected[0] as PromiseRejectedResult).reason)).toBe(true)
    const state = await approvalGraph(await testbed.saver({ shared: true })).getState(config)
    const winner = resumes.find((result) => result.status === 'fulfilled')
    expect(state.values.outcome).toBe(winner?.status === 'fulfilled' ? winner.value.outcome : undefined)
  })

  it('rebuilds a DeltaValue channel from its snapshots and writes exactly like MemorySaver', async () => {
    const config = { configurable: { thread_id: `chain-${newId()}` }, recursionLimit: 100 }
    const saver = await testbed.saver({ shared: true })
    const memory = new MemorySaver()
    await chainGraph(saver).invoke({}, config)
    await chainGraph(memory).invoke({}, config)

    const reloaded = await chainGraph(await testbed.saver({ shared: true })).getState(config)

    expect(reloaded.values.outputs).toEqual(Array.from({ length: STEPS }, (_, i) => `output ${i + 1}`))
    expect(reloaded.values).toEqual((await chainGraph(memory).getState(config)).values)
    const sizes = []
    for await (const snapshot of chainGraph(saver).getStateHistory(config, { limit: 5 }))
      sizes.push(snapshot.values.outputs.length)
    expect(sizes).toEqual([30, 29, 28, 27, 26])
  })

  it('answers getDeltaChannelHistory like the base class walk, for every checkpoint of a run', async () => {
    const config = { configurable: { thread_id: `chain-${newId()}` }, recursionLimit: 100 }
    const saver = await testbed.saver({ shared: true })
    await chainGraph(saver).invoke({}, config)

    for await (const tuple of saver.list(config)) {
      const query = { config: tuple.config, channels: ['outputs', 'count'] }
      const expected = await BaseCheckpointSaver.prototype.getDeltaChannelHistory.call(saver, query)
      expect(await saver.getDeltaChannelHistory(query)).toEqual(expected)
    }
  })
})
