import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import { assertBlobKey, type BlobStore } from './blob-store.ts'

export interface S3BlobStoreDeps {
  /** Built by the composition root (`forcePathStyle` for emulators). */
  client: S3Client
  bucket: string
  /** Folder inside the bucket that holds every blob, e.g. `chorus`; none when absent. */
  prefix?: string
}

/** S3 answers 404 for a missing key as `NoSuchKey` (GetObject) or a bare `NotFound`. */
const isMissing = (error: unknown): boolean =>
  error instanceof NoSuchKey ||
  (error as { name?: string } | null)?.name === 'NoSuchKey' ||
  (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode === 404

/**
 * AWS {@link BlobStore}: one S3 object per key. A PutObject replaces an object atomically (readers
 * see the old or the new bytes), S3 reads are strongly consistent, and a prefix delete lists the
 * keys under `key/` and deletes them in batches of 1,000.
 */
export const makeS3BlobStore = ({ client, bucket, prefix }: S3BlobStoreDeps): BlobStore => {
  if (prefix !== undefined) assertBlobKey(prefix)
  const objectKey = (key: string) => {
    assertBlobKey(key)
    return prefix ? `${prefix}/${key}` : key
  }

  const deleteKeys = async (keys: string[]) => {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000)
      const { Errors = [] } = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      )
      const failed = Errors.filter((e) => e.Code !== 'NoSuchKey')
      if (failed.length > 0)
        throw new Error(
          `S3 could not delete ${failed.length} object(s): ${failed[0]?.Code} ${failed[0]?.Message}`,
        )
    }
  }

  return {
    put: async (key, bytes) => {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: objectKey(key),
          Body: bytes,
          ContentType: 'application/octet-stream',
        }),
      )
    },

    get: async (key) => {
      try {
        const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey(key) }))
        return Body ? new Uint8Array(await Body.transformToByteArray()) : new Uint8Array()
      } catch (error) {
        if (isMissing(error)) return undefined
        throw error
      }
    },

    delete: async (keyOrPrefix) => {
      const exact = objectKey(keyOrPrefix)
      const keys = [exact]
      let ContinuationToken: string | undefined
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: `${exact}/`, ContinuationToken }),
        )
        for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key)
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (ContinuationToken)
      await deleteKeys(keys)
    },
  }
}
