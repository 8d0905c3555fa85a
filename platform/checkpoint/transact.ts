import type { RunnableConfig } from '@langchain/core/runnables'
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointMetadata,
  PendingWrite,
} from '@langchain/langgraph-checkpoint'
import { ChorusError } from '../errors/index.ts'
import type { TransactItem } from '../store/event-log.ts'
import { checkpointKeys } from '../store/keys.ts'
import { type RawCondition, rawPutTransaction } from '../store/raw-write.ts'
import { bodyOf, encodeBody } from './body-delta.ts'
import { requireAddress, type SaverContext, serialize } from './context.ts'
import { headCondition, headItem } from './head.ts'
import { retentionOf } from './retention.ts'
import { storeCheckpointPayloads, writeItemsOf } from './write.ts'
import { hashOf, storeAll, valuesByVersion } from './write-values.ts'

/** A saver call held back until its delivery commits. */
export type SaverOp =
  | {
      kind: 'put'
      config: RunnableConfig
      checkpoint: Checkpoint
      metadata: CheckpointMetadata
      newVersions: ChannelVersions
    }
  | { kind: 'writes'; config: RunnableConfig; writes: PendingWrite[]; taskId: string; taskPath?: string }

/** DynamoDB allows 100 writes per transaction; the caller's own writes need some room too. */
const MAX_ITEMS = 80
/** A transaction carries at most 4 MB; checkpoint payloads keep well under it. */
const MAX_BYTES = 2_000_000

/**
 * The writes of a delivery's saver calls as items of one transaction (built as stored, without
 * toolbox's parser: `raw-write.ts`), with the conditions the
 * one-by-one path checks (see `write.ts`): values written once, the head moved from the parent the
 * delivery started from, a task's regular writes inserted only if absent. Undefined when they do not
 * fit one transaction (too many or too big, two calls on one item, values whose expiry a new retention
 * period must push): the caller then writes them one by one first.
 *
 * `parentTs` is when the checkpoint the delivery started from was written.
 */
export const transactItemsOf = async (
  ctx: SaverContext,
  ops: readonly SaverOp[],
  parentTs: string | undefined,
): Promise<TransactItem[] | undefined> => {
  const retention = retentionOf(ctx)
  if (parentTs !== undefined && retention.crossedRefresh(Date.parse(parentTs))) return undefined
  const items = new Map<string, TransactItem>()
  let bytes = 0
  const add = (
    key: { PK: string; SK: string },
    item: TransactItem,
    replace: 'replace' | 'keep' | 'refuse',
  ) => {
    const at = `${key.PK}\u0000${key.SK}`
    if (items.has(at)) {
      if (replace === 'refuse') return false
      if (replace === 'keep') return true
      items.delete(at)
    }
    items.set(at, item)
    return true
  }
  const heads = new Map<string, { pk: string; ns: string; firstParent: string | undefined; last: string }>()

  for (const op of ops) {
    if (op.kind === 'writes') {
      const { specials, regular } = await writeItemsOf(ctx, op.config, op.writes, op.taskId, op.taskPath)
      for (const special of specials) {
        bytes += payloadBytes(special.writes.map((w) => w.value))
        add(special, rawPutTransaction(ctx.entities.writes, special), 'replace')
      }
      if (regular) {
        bytes += payloadBytes(regular.writes.map((w) => w.value))
        const write = rawPutTransaction(ctx.entities.writes, regular, { attr: 'SK', exists: false })
        add(regular, write, 'keep')
      }
      continue
    }
    const { threadId, ns, checkpointId: parentId } = requireAddress(op.config, 'put')
    if (typeof op.checkpoint.id !== 'string' || op.checkpoint.id === '')
      throw new ChorusError('checkpoint.invalidConfig', 'a checkpoint needs a string id')
    const { pk, blobPrefix } = ctx.locate(threadId)
    for (const [version, values] of await valuesByVersion(ctx, op.checkpoint, op.newVersions)) {
      const key = { PK: pk, SK: checkpointKeys.valuesAt(ns, version) }
      const stored = await storeAll(ctx, blobPrefix, values)
      bytes += payloadBytes(Object.values(stored))
      const hash = hashOf(values)
      const write = rawPutTransaction(
        ctx.entities.values,
        { ...key, values: stored, hash, expiresAt: retention.expiresAt },
        {
          or: [
            { attr: 'SK', exists: false },
            { attr: 'hash', eq: hash },
            { attr: 'expiresAt', lte: retention.nowSeconds },
          ],
        },
      )
      if (!add(key, write, 'refuse')) return undefined
    }
    const { stored, expiresAt } = encodeBody(
      ctx,
      { pk, ns, checkpointId: op.checkpoint.id, parentId },
      bodyOf(op.checkpoint),
      retention,
    )
    const [storedBody, storedMetadata] = await storeCheckpointPayloads(
      ctx,
      blobPrefix,
      await serialize(ctx, stored),
      await serialize(ctx, op.metadata),
    )
    bytes += payloadBytes([storedBody, storedMetadata])
    const item = {
      PK: pk,
      SK: checkpointKeys.checkpoint(ns, op.checkpoint.id),
      threadId,
      ...(parentId === undefined ? {} : { parentId }),
      checkpoint: storedBody,
      metadata: storedMetadata,
      expiresAt,
    }
    if (!add(item, rawPutTransaction(ctx.entities.checkpoint, item), 'refuse')) return undefined
    const place = `${pk}\u0000${ns}`
    const head = heads.get(place)
    heads.set(place, { pk, ns, firstParent: head ? head.firstParent : parentId, last: op.checkpoint.id })
  }

  if (ctx.singleWriter)
    for (const { pk, ns, firstParent, last } of heads.values()) {
      // One head write per namespace: from the parent the delivery started from to its last checkpoint.
      const claim = { pk, ns, checkpointId: last, parentId: firstParent, expiresAt: retention.expiresAt }
      const write = rawPutTransaction(
        ctx.entities.head,
        headItem(ctx, claim, retention.now),
        headCondition(ctx, claim, retention.now) as RawCondition,
      )
      add({ PK: pk, SK: checkpointKeys.head(ns) }, write, 'replace')
    }
  if (items.size > MAX_ITEMS || bytes > MAX_BYTES) return undefined
  return [...items.values()]
}

const payloadBytes = (payloads: readonly { text?: string; bytes?: Uint8Array }[]) =>
  payloads.reduce((sum, p) => sum + (p.text?.length ?? 0) + (p.bytes?.byteLength ?? 0), 0)
