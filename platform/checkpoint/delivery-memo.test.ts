import { MemorySaver } from '@langchain/langgraph'
import { emptyCheckpoint } from '@langchain/langgraph-checkpoint'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DeliveryMemoSaver } from './delivery-memo.ts'

// The validation package registers its cases through vitest's globals (see saver.validation.int.test.ts).
Object.assign(globalThis, { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it })
const { validate } = await import('@langchain/langgraph-checkpoint-validation')

/** Counts the reads that reach the saver underneath. */
class CountingSaver extends MemorySaver {
  reads = 0
  override getTuple(...args: Parameters<MemorySaver['getTuple']>) {
    this.reads++
    return super.getTuple(...args)
  }
}

// A memo over a saver is still a saver: the whole conformance suite. Under the name of the saver it wraps,
// so the suite skips the one case MemorySaver itself cannot pass (it stores whole values, not deltas).
validate({
  checkpointerName: 'MemorySaver',
  createCheckpointer: async () => new DeliveryMemoSaver(new MemorySaver()),
})

describe('DeliveryMemoSaver', () => {
  const config = { configurable: { thread_id: 't', checkpoint_ns: '' } }

  it('reads a checkpoint once until something is written, and hands out copies', async () => {
    const saver = new CountingSaver()
    const memo = new DeliveryMemoSaver(saver)
    await memo.put(config, { ...emptyCheckpoint(), id: '1', channel_values: { a: 1 } }, {} as never, {})
    const first = await memo.getTuple(config)
    const second = await memo.getTuple(config)
    expect(saver.reads).toBe(1)
    expect(second?.checkpoint).toEqual(first?.checkpoint)
    expect(second?.checkpoint).not.toBe(first?.checkpoint)
    if (first) first.checkpoint.channel_values.a = 2
    expect((await memo.getTuple(config))?.checkpoint.channel_values.a).toBe(1)

    await memo.putWrites({ configurable: { ...config.configurable, checkpoint_id: '1' } }, [['a', 3]], 'task')
    expect((await memo.getTuple(config))?.pendingWrites).toEqual([['task', 'a', 3]])
    expect(saver.reads).toBe(2)
  })

  it('reads again after a new checkpoint', async () => {
    const saver = new CountingSaver()
    const memo = new DeliveryMemoSaver(saver)
    await memo.put(config, { ...emptyCheckpoint(), id: '1' }, {} as never, {})
    expect((await memo.getTuple(config))?.checkpoint.id).toBe('1')
    await memo.put(
      { configurable: { ...config.configurable, checkpoint_id: '1' } },
      { ...emptyCheckpoint(), id: '2' },
      {} as never,
      {},
    )
    expect((await memo.getTuple(config))?.checkpoint.id).toBe('2')
    expect(saver.reads).toBe(2)
  })
})
