import type { RunnableConfig } from '@langchain/core/runnables'
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  type DeltaChannelHistory,
  type PendingWrite,
  WRITES_IDX_MAP,
} from '@langchain/langgraph-checkpoint'
import { ChorusError } from '../errors/index.ts'
import type { TransactItem } from '../store/event-log.ts'
import { DeliveryMemoSaver } from './delivery-memo.ts'
import { DynamoCheckpointSaver } from './saver.ts'
import type { SaverOp } from './transact.ts'

type Serialized = [string, Uint8Array | string]

interface HeldPut {
  config: RunnableConfig
  checkpoint: Serialized
  metadata: Serialized
  parentId: string | undefined
}

interface HeldWrite {
  taskId: string
  channel: string
  idx: number
  value: Serialized
}

/**
 * The latest checkpoint of a thread as a delivery committed it, with its pending writes: it seeds the
 * run's next delivery in this process, which then reads nothing (when the run says it is still the latest).
 */
export interface CommittedCheckpoint {
  id: string
  place: string
  ts: string
  put: HeldPut
  writes: readonly HeldWrite[]
}

const place = (config: RunnableConfig) => {
  const { thread_id, checkpoint_ns } = config.configurable ?? {}
  return `${String(thread_id)}\u0000${String(checkpoint_ns ?? '')}`
}

/**
 * The saver of one delivery that holds its run's lease (ADR 0030): reads go to `saver` once (memo),
 * writes are held in memory and answered from there, and `commitItems` hands them over as the items
 * of the delivery's one transaction, beside its events and its step records. Nothing reaches the
 * table before that commit, so a delivery that fails leaves no trace and one that commits leaves all
 * of it. Build one per delivery, never share it.
 */
export class DeliverySaver extends BaseCheckpointSaver<string | number> {
  readonly #saver: BaseCheckpointSaver<string | number>
  readonly #reads: DeliveryMemoSaver<string | number>
  readonly #ops: SaverOp[] = []
  readonly #puts = new Map<string, HeldPut>()
  readonly #latest = new Map<string, string>()
  readonly #writes = new Map<string, HeldWrite[]>()
  /** When the checkpoint this delivery started from was written (its first read). */
  #baseTs: string | undefined

  constructor(saver: BaseCheckpointSaver<string | number>, seed?: CommittedCheckpoint) {
    super(saver.serde)
    this.#saver = saver
    this.#reads = new DeliveryMemoSaver(saver)
    if (seed) {
      this.#puts.set(seed.id, seed.put)
      this.#writes.set(seed.id, [...seed.writes])
      this.#latest.set(seed.place, seed.id)
      this.#baseTs = seed.ts
    }
  }

  /** True when the delivery wrote anything a commit must store. */
  get pending(): boolean {
    return this.#ops.length > 0
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const wanted = config.configurable?.checkpoint_id as string | undefined
    const id = wanted ?? this.#latest.get(place(config))
    const held = id === undefined ? undefined : this.#puts.get(id)
    if (held) return this.#heldTuple(id as string, held)
    const base = await this.#reads.getTuple(config)
    if (base && this.#baseTs === undefined) this.#baseTs = base.checkpoint.ts
    if (!base) return undefined
    const extra = this.#writes.get(base.checkpoint.id)
    if (!extra) return base
    return { ...base, pendingWrites: merge(base.pendingWrites ?? [], await this.#load(extra)) }
  }

  async #heldTuple(id: string, held: HeldPut): Promise<CheckpointTuple> {
    const [checkpoint, metadata, writes] = await Promise.all([
      this.serde.loadsTyped(...held.checkpoint) as Promise<Checkpoint>,
      this.serde.loadsTyped(...held.metadata) as Promise<CheckpointMetadata>,
      this.#load(this.#writes.get(id) ?? []),
    ])
    const { thread_id, checkpoint_ns } = held.config.configurable ?? {}
    const at = (checkpoint_id: string) => ({ configurable: { thread_id, checkpoint_ns, checkpoint_id } })
    return {
      config: at(id),
      checkpoint,
      metadata,
      pendingWrites: writes,
      ...(held.parentId === undefined ? {} : { parentConfig: at(held.parentId) }),
    }
  }

  #load(writes: readonly HeldWrite[]): Promise<[string, string, unknown][]> {
    return Promise.all(
      writes.map(
        async (w) =>
          [w.taskId, w.channel, await this.serde.loadsTyped(...w.value)] as [string, string, unknown],
      ),
    )
  }

  override list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    if (this.pending)
      throw new ChorusError('internal', 'a delivery lists checkpoints only before it writes any')
    return this.#saver.list(config, options)
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const [checkpointBytes, metadataBytes] = await Promise.all([
      this.serde.dumpsTyped(checkpoint),
      this.serde.dumpsTyped(metadata),
    ])
    // The op keeps its own copy: LangGraph goes on changing the checkpoint object after `put`.
    const copy = (await this.serde.loadsTyped(...checkpointBytes)) as Checkpoint
    this.#ops.push({ kind: 'put', config, checkpoint: copy, metadata, newVersions })
    const parentId = config.configurable?.checkpoint_id as string | undefined
    // Only the address is kept: LangGraph's config also carries the running graph, which a remembered
    // checkpoint (see `latestCommitted`) must not keep alive.
    const address = {
      configurable: {
        thread_id: config.configurable?.thread_id,
        checkpoint_ns: config.configurable?.checkpoint_ns ?? '',
      },
    }
    this.#puts.set(checkpoint.id, {
      config: address,
      checkpoint: checkpointBytes,
      metadata: metadataBytes,
      parentId,
    })
    this.#latest.set(place(config), checkpoint.id)
    return {
      configurable: {
        thread_id: config.configurable?.thread_id,
        checkpoint_ns: config.configurable?.checkpoint_ns ?? '',
        checkpoint_id: checkpoint.id,
      },
    }
  }

  override async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath?: string,
  ): Promise<void> {
    const checkpointId = config.configurable?.checkpoint_id as string | undefined
    if (checkpointId === undefined)
      throw new ChorusError('checkpoint.invalidConfig', 'putWrites needs configurable.checkpoint_id')
    this.#ops.push({ kind: 'writes', config, writes, taskId, ...(taskPath ? { taskPath } : {}) })
    const held = this.#writes.get(checkpointId) ?? []
    for (const [index, [channel, value]] of writes.entries()) {
      const idx = WRITES_IDX_MAP[channel] ?? index
      const at = held.findIndex((w) => w.taskId === taskId && w.idx === idx)
      // A task's regular write stands once written; a special write replaces the one before.
      if (at >= 0 && idx >= 0) continue
      const entry = { taskId, channel, idx, value: await this.serde.dumpsTyped(value) }
      if (at >= 0) held[at] = entry
      else held.push(entry)
    }
    this.#writes.set(checkpointId, held)
  }

  override deleteThread(): Promise<void> {
    throw new ChorusError('internal', 'a delivery does not delete threads')
  }

  override getDeltaChannelHistory(options: {
    config: RunnableConfig
    channels: string[]
  }): Promise<Record<string, DeltaChannelHistory>> {
    return this.#saver.getDeltaChannelHistory(options)
  }

  override getNextVersion(current: string | number | undefined): string | number {
    return this.#saver.getNextVersion(current)
  }

  /**
   * The held writes as items of the delivery's transaction; undefined when they cannot go into one
   * (another saver than the table's, too many or too big): `writeThrough` must store them then.
   */
  async commitItems(): Promise<TransactItem[] | undefined> {
    if (!this.pending) return []
    return this.#saver instanceof DynamoCheckpointSaver
      ? this.#saver.transactItems(this.#ops, this.#baseTs)
      : undefined
  }

  /** Writes the held calls one by one on the saver (conflicts surface as the saver reports them). */
  async writeThrough(): Promise<void> {
    for (const op of this.#ops.splice(0)) {
      if (op.kind === 'put') await this.#saver.put(op.config, op.checkpoint, op.metadata, op.newVersions)
      else await this.#saver.putWrites(op.config, op.writes, op.taskId, op.taskPath)
    }
  }

  /** After the commit: what was held is stored now. */
  committed(): void {
    this.#ops.length = 0
  }

  /** The thread's latest checkpoint as this delivery left it, when it knows it whole (it wrote or was seeded with it). */
  async latestCommitted(): Promise<CommittedCheckpoint | undefined> {
    if (this.pending || this.#latest.size !== 1) return undefined
    const [latest] = [...this.#latest]
    if (!latest) return undefined
    const [place, id] = latest
    const put = this.#puts.get(id)
    if (!put) return undefined
    const { ts } = (await this.serde.loadsTyped(...put.checkpoint)) as Checkpoint
    return { id, place, ts, put, writes: [...(this.#writes.get(id) ?? [])] }
  }
}

/** Pending writes after more writes of the same checkpoint: regular ones stand, special ones are replaced. */
const merge = (base: readonly [string, string, unknown][], extra: readonly [string, string, unknown][]) => {
  const merged = [...base]
  for (const write of extra) {
    const special = (WRITES_IDX_MAP[write[1]] ?? 0) < 0
    const at = merged.findIndex((w) => w[0] === write[0] && w[1] === write[1])
    if (at >= 0 && special) merged[at] = write
    else if (at < 0) merged.push(write)
  }
  return merged
}
