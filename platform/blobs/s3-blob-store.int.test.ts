import { CreateBucketCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { describeBlobStore } from './blob-store.conformance.ts'
import { makeS3BlobStore } from './s3-blob-store.ts'

const clients = motoClients()
afterAll(() => clients.destroy())

const freshBucket = async () => {
  const bucket = uniquePrefix('blobs')
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }))
  return bucket
}

describeBlobStore('S3 (moto)', async () =>
  makeS3BlobStore({ client: clients.s3, bucket: await freshBucket() }),
)
describeBlobStore('S3 with a prefix (moto)', async () =>
  makeS3BlobStore({ client: clients.s3, bucket: await freshBucket(), prefix: 'chorus' }),
)

describe('S3 blob store', () => {
  it('deletes a prefix of more than one page of keys', async () => {
    const store = makeS3BlobStore({ client: clients.s3, bucket: await freshBucket() })
    const keys = Array.from({ length: 1005 }, (_, i) => `run/k${i}`)
    await Promise.all(keys.map((key) => store.put(key, new Uint8Array([1]))))
    await store.put('runs/keep', new Uint8Array([2]))
    await store.delete('run')
    expect(await store.get('run/k0')).toBeUndefined()
    expect(await store.get('run/k1004')).toBeUndefined()
    expect(await store.get('runs/keep')).toEqual(new Uint8Array([2]))
  })

  it('keeps stores with different prefixes in one bucket apart', async () => {
    const bucket = await freshBucket()
    const a = makeS3BlobStore({ client: clients.s3, bucket, prefix: 'a' })
    const b = makeS3BlobStore({ client: clients.s3, bucket, prefix: 'b' })
    await a.put('k', new Uint8Array([1]))
    expect(await b.get('k')).toBeUndefined()
    await b.delete('k')
    expect(await a.get('k')).toEqual(new Uint8Array([1]))
  })
})
