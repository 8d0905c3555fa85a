import { binary, Entity, item, list, map, number, record, string } from 'dynamodb-toolbox'
import type { ChorusTable } from '../store/table.ts'

/**
 * A serialized value: inline `text` (JSON) or `bytes`, or a `ref` to the blob store when too big;
 * `type` is the serde's type tag, left out when it is `json`; `zip` names the compression of `bytes`
 * or of the blob (`deflate-raw`), left out when there is none.
 */
const payload = () =>
  map({
    type: string().optional(),
    text: string().optional(),
    bytes: binary().optional(),
    ref: string().optional(),
    zip: string().optional(),
  })

/**
 * The checkpoint items of a thread's partition (keys from `checkpointKeys` in `platform/store/keys.ts`):
 * - `Checkpoint` `CP#<ns>#<id>`: the checkpoint without its channel values, its metadata, its parent.
 * - `CheckpointHead` `CP#<ns>`: the latest checkpoint of a namespace, moved by conditional writes only.
 * - `ChannelValues` `BLOB#<ns>#<version>`: the values of the channels that got this version, written once.
 * - `PendingWrites` `WRITE#<ns>#<checkpoint>#<task>#<R|idx>`: a task's regular writes, or one special write.
 * The checkpoint id, namespace and task id are read back from the sort key, not stored twice.
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
  values: new Entity({
    name: 'ChannelValues',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      values: record(string(), payload()),
      hash: string(),
      expiresAt: number(),
    }),
  }),
  writes: new Entity({
    name: 'PendingWrites',
    table,
    timestamps: false,
    schema: item({
      PK: string().key(),
      SK: string().key(),
      taskPath: string(),
      writes: list(map({ channel: string(), idx: number(), value: payload() })),
      expiresAt: number(),
    }),
  }),
})

export type CheckpointEntities = ReturnType<typeof makeCheckpointEntities>

/** A stored payload as it sits in an item (`type` absent means `json`). */
export interface StoredPayload {
  type?: string
  text?: string
  bytes?: Uint8Array
  ref?: string
  zip?: string
}
