import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { ChorusError } from '#platform/errors/index.ts'
import { leafOf, type RunHead } from '../core/anchor-log.ts'
import type { AnchorStore } from '../core/anchor-store.ts'
import { SignedHead } from '../core/signed-head.ts'

/** The retention every object is written with (the bucket's default retention stands behind it). */
export interface ObjectLock {
  mode: 'COMPLIANCE' | 'GOVERNANCE'
  retentionDays: number
}

export interface S3AnchorStoreDeps {
  /** Built by the composition root. */
  client: S3Client
  /** A bucket with Object Lock enabled (so versioned). */
  bucket: string
  /** Retention of what this store writes; only the anchoring function writes. */
  lock?: ObjectLock
  now?: () => Date
}

const pad = (size: number) => String(size).padStart(12, '0')
const HEAD_KEY = /\/heads\/(\d{12})\.json$/

const isPreconditionFailed = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 412 ||
  (error as { name?: string } | null)?.name === 'PreconditionFailed'

/**
 * A tenant's anchor tree in an S3 bucket with Object Lock (ADR 0026): `trees/<tenant>/heads/<size>.json`,
 * each signed head written once (`If-None-Match: *`, so two anchorers never fork a size), and
 * `trees/<tenant>/leaves/<size>-<rootHash>.jsonl`, the leaves that head added (named by its root,
 * so a writer that lost the race never overwrites the winner's). Every object is written with the
 * Object Lock mode and retain-until date. Heads and leaf batches never change once written: a
 * process caches what it read. Reading a tree costs one list per 1,000 heads plus one GET per head
 * and leaf batch not cached yet; the latest head, one list of the keys after the largest size this
 * process saw (one request when there is no newer head) plus one GET if it is new.
 */
export const makeS3AnchorStore = ({
  client,
  bucket,
  lock,
  now = () => new Date(),
}: S3AnchorStoreDeps): AnchorStore => {
  const tenantPrefix = (tenantId: string) => `trees/${encodeURIComponent(tenantId)}`
  const heads = new Map<string, SignedHead>()
  const batches = new Map<string, RunHead[]>()

  const getText = async (key: string) => {
    const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))
    return (await answer.Body?.transformToString('utf8')) ?? ''
  }
  const put = (key: string, body: string, contentType: string, ifNoneMatch?: '*') => {
    const retainUntil = lock ? new Date(now().getTime() + lock.retentionDays * 86_400_000) : undefined
    return client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...(lock ? { ObjectLockMode: lock.mode, ObjectLockRetainUntilDate: retainUntil } : {}),
        ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
      }),
    )
  }
  /** The sizes of the tenant's heads, smallest first: all of them, or those after `after`. */
  const list = async (tenantId: string, after?: number) => {
    const prefix = `${tenantPrefix(tenantId)}/heads/`
    const found: number[] = []
    let token: string | undefined
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ...(after !== undefined ? { StartAfter: `${prefix}${pad(after)}.json` } : {}),
          ...(token ? { ContinuationToken: token } : {}),
        }),
      )
      for (const o of page.Contents ?? []) {
        const size = HEAD_KEY.exec(o.Key ?? '')?.[1]
        if (size) found.push(Number(size))
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return found.sort((a, b) => a - b)
  }
  /** The largest head size seen per tenant: heads are never deleted, so only keys after it can be new. */
  const largest = new Map<string, number>()
  const seen = (tenantId: string, sizes: number[]) => {
    const top = sizes.at(-1)
    if (top !== undefined && top > (largest.get(tenantId) ?? 0)) largest.set(tenantId, top)
    return sizes
  }
  const sizes = async (tenantId: string) => seen(tenantId, await list(tenantId))
  /** The latest head's size: one list of the keys after the largest seen (one request when none is new). */
  const latest = async (tenantId: string) => {
    const known = largest.get(tenantId)
    return seen(tenantId, await list(tenantId, known)).at(-1) ?? known
  }
  const headOf = async (tenantId: string, size: number) => {
    const key = `${tenantPrefix(tenantId)}/heads/${pad(size)}.json`
    const cached = heads.get(key)
    if (cached) return cached
    const head = SignedHead.parse(JSON.parse(await getText(key)))
    heads.set(key, head)
    return head
  }
  const batchOf = async (tenantId: string, head: SignedHead) => {
    const key = `${tenantPrefix(tenantId)}/leaves/${pad(head.treeSize)}-${head.rootHash}.jsonl`
    const cached = batches.get(key)
    if (cached) return cached
    const leaves = (await getText(key))
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as RunHead)
    batches.set(key, leaves)
    return leaves
  }

  return {
    sizes,
    head: async (tenantId, size) => {
      if (size === undefined) {
        const top = await latest(tenantId)
        return top === undefined ? undefined : headOf(tenantId, top)
      }
      return (await sizes(tenantId)).includes(size) ? headOf(tenantId, size) : undefined
    },
    leaves: async (tenantId) => {
      const all = await sizes(tenantId)
      const signed = await Promise.all(all.map((size) => headOf(tenantId, size)))
      const leaves = await Promise.all(signed.map((head) => batchOf(tenantId, head)))
      return leaves.flat()
    },
    publish: async (tenantId, { leaves, head }) => {
      const prefix = tenantPrefix(tenantId)
      const batch = `${prefix}/leaves/${pad(head.treeSize)}-${head.rootHash}.jsonl`
      const lines = leaves.map(leafOf)
      await put(batch, lines.map((l) => `${l}\n`).join(''), 'application/x-ndjson')
      const key = `${prefix}/heads/${pad(head.treeSize)}.json`
      try {
        await put(key, JSON.stringify(head), 'application/json', '*')
      } catch (error) {
        if (!isPreconditionFailed(error)) throw error
        throw new ChorusError('anchor.conflict', `a head of size ${head.treeSize} exists already`, {
          retryable: true,
          cause: error,
        })
      }
      // What this process wrote, it need not read back.
      heads.set(key, head)
      batches.set(
        batch,
        lines.map((l) => JSON.parse(l) as RunHead),
      )
      seen(tenantId, [head.treeSize])
    },
  }
}
