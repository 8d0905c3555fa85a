import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3'
import { TenantId } from '#events'
import { tooLarge, type WorkspaceEntry, type Workspaces, workspaceSegments } from './workspace.ts'

export interface S3WorkspacesDeps {
  /** Built by the composition root (`forcePathStyle` for emulators). */
  client: S3Client
  bucket: string
  /** Folder of the bucket holding `<prefix>/<tenantId>/<path>`; `workspaces` by default. */
  prefix?: string
}

const isMissing = (error: unknown): boolean =>
  (error as { name?: string } | null)?.name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404

/**
 * AWS {@link Workspaces}: each tenant's files are S3 objects under `<prefix>/<tenantId>/`. Every key
 * is built from the validated tenant id and path segments (no `..`), so a key of one tenant never
 * falls under another's prefix; directories are the key prefixes (`ListObjectsV2` with a delimiter).
 * A Lambda's warm `/tmp` is never used: it outlives one tenant's invocation.
 */
export const makeS3Workspaces = ({ client, bucket, prefix = 'workspaces' }: S3WorkspacesDeps): Workspaces => {
  const keyOf = (tenantId: TenantId, path: string) =>
    [prefix, TenantId.parse(tenantId), ...workspaceSegments(path)].join('/')

  return {
    read: async (tenantId, path, maxBytes) => {
      const key = keyOf(tenantId, path)
      try {
        const { Body, ContentLength = 0 } = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key }),
        )
        if (ContentLength > maxBytes) {
          await Body?.transformToWebStream().cancel()
          throw tooLarge(path, ContentLength, maxBytes)
        }
        return Body ? new Uint8Array(await Body.transformToByteArray()) : new Uint8Array()
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },

    write: async (tenantId, path, bytes) => {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: keyOf(tenantId, path),
          Body: bytes,
          ContentType: 'application/octet-stream',
        }),
      )
    },

    list: async (tenantId, path, limit) => {
      const dir = `${keyOf(tenantId, path)}/`
      const entries: WorkspaceEntry[] = []
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: dir, Delimiter: '/', ContinuationToken }),
        )
        for (const { Prefix } of page.CommonPrefixes ?? [])
          if (Prefix) entries.push({ name: Prefix.slice(dir.length, -1), type: 'dir' })
        for (const { Key } of page.Contents ?? [])
          if (Key && Key !== dir) entries.push({ name: Key.slice(dir.length), type: 'file' })
        ContinuationToken =
          page.IsTruncated && entries.length < limit ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
      const isRoot = workspaceSegments(path).length === 0
      if (entries.length === 0 && !isRoot) return undefined
      return entries.sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit)
    },
  }
}
