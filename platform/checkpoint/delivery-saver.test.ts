import {
  Annotation,
  type BaseCheckpointSaver,
  END,
  MemorySaver,
  START,
  StateGraph,
} from '@langchain/langgraph'
import { describe, expect, it } from 'vitest'
import { DeliverySaver } from './delivery-saver.ts'

/** A two-node graph whose state is the list of nodes that ran. */
const graphOn = (checkpointer: DeliverySaver | MemorySaver) =>
  new StateGraph(
    Annotation.Root({ ran: Annotation<string[]>({ reducer: (a, b) => [...a, ...b], default: () => [] }) }),
  )
    .addNode('a', () => ({ ran: ['a'] }))
    .addNode('b', () => ({ ran: ['b'] }))
    .addEdge(START, 'a')
    .addEdge('a', 'b')
    .addEdge('b', END)
    // Chorus's savers version channels by string or number; LangGraph's typing names number only.
    .compile({ checkpointer: checkpointer as BaseCheckpointSaver })

const config = { configurable: { thread_id: 't1' } }

describe('DeliverySaver', () => {
  it('holds a delivery’s writes in memory, answers reads from them, and writes them through in order', async () => {
    const store = new MemorySaver()
    const delivery = new DeliverySaver(store)
    const graph = graphOn(delivery)
    await graph.invoke({ ran: [] }, config)

    expect(delivery.pending).toBe(true)
    expect(await store.getTuple(config)).toBeUndefined()
    expect((await graph.getState(config)).values).toEqual({ ran: ['a', 'b'] })

    await delivery.writeThrough()
    const stored = await store.getTuple(config)
    expect(stored?.checkpoint.channel_values).toMatchObject({ ran: ['a', 'b'] })
    expect((await graphOn(store).getState(config)).values).toEqual({ ran: ['a', 'b'] })
  })

  it('seeds the next delivery with the checkpoint it committed, keeping only its address', async () => {
    const store = new MemorySaver()
    const first = new DeliverySaver(store)
    await graphOn(first).invoke({ ran: [] }, config)
    await first.writeThrough()
    first.committed()
    const committed = await first.latestCommitted()
    expect(committed?.put.config).toEqual({ configurable: { thread_id: 't1', checkpoint_ns: '' } })

    // The store moves on behind the memory's back: a seeded delivery answers from its seed, unread.
    await store.deleteThread('t1')
    const next = new DeliverySaver(store, committed)
    expect((await graphOn(next).getState(config)).values).toEqual({ ran: ['a', 'b'] })
    expect(next.pending).toBe(false)
  })

  it('refuses to list checkpoints once it holds writes (they would be missing)', async () => {
    const delivery = new DeliverySaver(new MemorySaver())
    await graphOn(delivery).invoke({ ran: [] }, config)
    expect(() => delivery.list(config)).toThrow(/before it writes/)
  })
})
