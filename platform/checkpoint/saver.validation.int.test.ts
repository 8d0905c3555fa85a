import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { DynamoCheckpointSaver } from './saver.ts'
import { type CheckpointTestbed, startCheckpointTestbed } from './testing.ts'

// The validation package registers its cases through vitest's globals. Rather than `globals: true`
// for the whole repo, this file installs them for itself before loading the package.
Object.assign(globalThis, { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it })
const { validate, deltaChannelHistoryTests } = await import('@langchain/langgraph-checkpoint-validation')

let testbed: CheckpointTestbed | undefined
const initializer = {
  checkpointerName: 'DynamoCheckpointSaver',
  beforeAll: async () => {
    testbed = await startCheckpointTestbed()
  },
  afterAll: async () => {
    await testbed?.close()
  },
  // Every checkpointer gets a table of its own; the single-writer head check stays on.
  createCheckpointer: async (): Promise<DynamoCheckpointSaver> => {
    if (!testbed) throw new Error('testbed not started')
    return testbed.saver()
  },
}

// The full conformance suite (718 cases), unfiltered.
validate(initializer)
// Opt-in cases for the overridden getDeltaChannelHistory (not part of `validate`).
deltaChannelHistoryTests(initializer)
