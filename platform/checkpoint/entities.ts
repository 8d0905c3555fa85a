import { binary, Entity, item, map, number, string } from 'dynamodb-toolbox'
import type { ChorusTable } from '../store/table.ts'

/** A serialized value: inline `bytes`, or `ref` to the blob store when too big for an item. */
const payload = () => map({ type: string(), bytes: binary().optional(), ref: string().optional() })

/**
 * The checkpoint items of a thread's partition (keys from `checkpointKeys` in `platform/store/keys.ts`):
 * - `Checkpoint` `CP#<ns>#<id>`: the checkpoint without its channel values, its metadata, its parent.
 * - `CheckpointHead` `CP#<ns>`: the latest checkpoint of a namespace, moved by conditional writes only.
 * - `ChannelValue` `BLOB#<ns>#<channel>#<version>`: one channel's value at one version, written once.
 * - `PendingWrite` `WRITE#<ns>#<checkpoint>#<task>#<idx>`: one write of a task against a checkpoint.
 * Every item carries `expiresAt` (epoch seconds, the table's TTL attribute).
 */
export const makeCheckpointEntities = (table: ChorusTable) => ({
  checkpoint: new Entity({
    name: 'Checkpoint',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      threadId: string(),
      parentId: string().optional(),
      checkpoint: payload(),
      metadata: payload(),
      expiresAt: number(),
    }),
  }),
  head: new Entity({
    name: 'CheckpointHead',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      checkpointId: string(),
      parentId: string().optional(),
      writerId: string(),
      claimedAt: number(),
      expiresAt: number(),
    }),
  }),
  value: new Entity({
    name: 'ChannelValue',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      value: payload(),
      hash: string(),
      expiresAt: number(),
    }),
  }),
  write: new Entity({
    name: 'PendingWrite',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      taskId: string(),
      idx: number(),
      channel: string(),
      taskPath: string(),
      value: payload(),
      expiresAt: number(),
    }),
  }),
})

export type CheckpointEntities = ReturnType<typeof makeCheckpointEntities>

/** A stored payload as it sits in an item. */
export interface StoredPayload {
  type: string
  bytes?: Uint8Array
  ref?: string
}
