import type { RunnableConfig } from '@langchain/core/runnables'
import {
  BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
  WRITES_IDX_MAP,
} from '@langchain/langgraph-checkpoint'
import { Entity, GetItemCommand, item, number, PutItemCommand, QueryCommand, string } from 'dynamodb-toolbox'
import type { ChorusTable } from '#platform/store/table.ts'

const makeEntities = (table: ChorusTable) => ({
  checkpoint: new Entity({
    name: 'FullSnapshot',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      parentId: string().optional(),
      checkpoint: string(),
      metadata: string(),
    }),
  }),
  write: new Entity({
    name: 'FullSnapshotWrite',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      taskId: string(),
      idx: number(),
      channel: string(),
      value: string(),
    }),
  }),
})

const configurable = (config: RunnableConfig) => ({
  threadId: String(config.configurable?.thread_id),
  ns: String(config.configurable?.checkpoint_ns ?? ''),
  checkpointId: config.configurable?.checkpoint_id as string | undefined,
})

/**
 * Baseline for the bench: the naive design, one item per checkpoint holding the whole checkpoint
 * (every channel value, every step), like MemorySaver serialized into DynamoDB. Pending writes are
 * stored exactly as the real saver stores them, so the difference the bench shows is the checkpoint.
 * Only what an invoke needs is implemented (no list).
 */
export class FullSnapshotSaver extends BaseCheckpointSaver {
  readonly #entities: ReturnType<typeof makeEntities>
  readonly #table: ChorusTable

  constructor(table: ChorusTable) {
    super()
    this.#table = table
    this.#entities = makeEntities(table)
  }

  /** JSON text, stored as a string attribute (as the real saver does). */
  async #dump(value: unknown): Promise<string> {
    const [type, bytes] = await this.serde.dumpsTyped(value)
    if (type !== 'json') throw new Error(`the baseline stores JSON only, got ${type}`)
    return new TextDecoder().decode(bytes)
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata) {
    const { threadId, ns, checkpointId: parentId } = configurable(config)
    const [body, meta] = await Promise.all([this.#dump(checkpoint), this.#dump(metadata)])
    await this.#entities.checkpoint
      .build(PutItemCommand)
      .item({
        PK: `NAIVE#${threadId}`,
        SK: `CP#${ns}#${checkpoint.id}`,
        ...(parentId ? { parentId } : {}),
        checkpoint: body,
        metadata: meta,
      })
      .send()
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } }
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string) {
    const { threadId, ns, checkpointId } = configurable(config)
    await Promise.all(
      writes.map(async ([channel, value], index) => {
        const idx = WRITES_IDX_MAP[channel] ?? index
        const text = await this.#dump(value)
        await this.#entities.write
          .build(PutItemCommand)
          .item({
            PK: `NAIVE#${threadId}`,
            SK: `WRITE#${ns}#${checkpointId}#${taskId}#${idx}`,
            taskId,
            idx,
            channel,
            value: text,
          })
          .send()
      }),
    )
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, ns, checkpointId } = configurable(config)
    const pk = `NAIVE#${threadId}`
    const found = checkpointId
      ? (
          await this.#entities.checkpoint
            .build(GetItemCommand)
            .key({ PK: pk, SK: `CP#${ns}#${checkpointId}` })
            .send()
        ).Item
      : (
          await this.#table
            .build(QueryCommand)
            .query({ partition: pk, range: { beginsWith: `CP#${ns}#` } })
            .entities(this.#entities.checkpoint)
            .options({ reverse: true, limit: 1 })
            .send()
        ).Items?.[0]
    if (!found) return undefined
    const id = found.SK.split('#').at(-1) ?? ''
    const { Items = [] } = await this.#table
      .build(QueryCommand)
      .query({ partition: pk, range: { beginsWith: `WRITE#${ns}#${id}#` } })
      .entities(this.#entities.write)
      .send()
    const config_ = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: id } }
    return {
      config: config_,
      checkpoint: (await this.serde.loadsTyped('json', found.checkpoint)) as Checkpoint,
      metadata: (await this.serde.loadsTyped('json', found.metadata)) as CheckpointMetadata,
      pendingWrites: await Promise.all(
        Items.map(
          async (w): Promise<[string, string, unknown]> => [
            w.taskId,
            w.channel,
            await this.serde.loadsTyped('json', w.value),
          ],
        ),
      ),
      ...(found.parentId
        ? {
            parentConfig: {
              configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: found.parentId },
            },
          }
        : {}),
    }
  }

  // biome-ignore lint/correctness/useYield: the baseline does not list; an invoke never needs it
  override async *list(): AsyncGenerator<CheckpointTuple> {
    throw new Error('FullSnapshotSaver does not list (bench baseline)')
  }

  override async deleteThread(): Promise<void> {}
}
