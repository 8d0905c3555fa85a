import type { RunnableConfig } from '@langchain/core/runnables'
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  copyCheckpoint,
  type DeltaChannelHistory,
  type PendingWrite,
} from '@langchain/langgraph-checkpoint'

const addressOf = (config: RunnableConfig) => {
  const { thread_id, checkpoint_ns, checkpoint_id } = config.configurable ?? {}
  return JSON.stringify([thread_id, checkpoint_ns ?? '', checkpoint_id ?? null])
}

/**
 * A saver for one delivery of a single writer: reads a checkpoint from `saver` once and answers the same
 * question again from memory until anything is written. Within a delivery that holds the run's lease only
 * its own writes can change the thread, and every write empties the memory, so no answer is ever stale.
 * Each answer is a fresh copy, as a saver's read would be. Build one per delivery, never share it.
 */
export class DeliveryMemoSaver<V extends string | number = number> extends BaseCheckpointSaver<V> {
  readonly #saver: BaseCheckpointSaver<V>
  readonly #tuples = new Map<string, Promise<CheckpointTuple | undefined>>()

  constructor(saver: BaseCheckpointSaver<V>) {
    super(saver.serde)
    this.#saver = saver
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const address = addressOf(config)
    let read = this.#tuples.get(address)
    if (!read) {
      read = this.#saver.getTuple(config)
      this.#tuples.set(address, read)
      read.catch(() => this.#tuples.delete(address))
    }
    const tuple = await read
    return tuple && { ...tuple, checkpoint: copyCheckpoint(tuple.checkpoint), ...copyWrites(tuple) }
  }

  override list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return this.#saver.list(config, options)
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    this.#tuples.clear()
    try {
      return await this.#saver.put(config, checkpoint, metadata, newVersions)
    } finally {
      this.#tuples.clear()
    }
  }

  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    this.#tuples.clear()
    try {
      await this.#saver.putWrites(config, writes, taskId, taskPath)
    } finally {
      this.#tuples.clear()
    }
  }

  override async deleteThread(threadId: string): Promise<void> {
    this.#tuples.clear()
    await this.#saver.deleteThread(threadId)
  }

  override getDeltaChannelHistory(options: {
    config: RunnableConfig
    channels: string[]
  }): Promise<Record<string, DeltaChannelHistory>> {
    return this.#saver.getDeltaChannelHistory(options)
  }

  override getNextVersion(current: V | undefined): V {
    return this.#saver.getNextVersion(current)
  }
}

const copyWrites = (tuple: CheckpointTuple) =>
  tuple.pendingWrites ? { pendingWrites: tuple.pendingWrites.map((write) => [...write] as typeof write) } : {}
