import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { motoClients, uniquePrefix } from '../../runtime/aws/testing/emulator.ts'
import { makeS3Workspaces } from './s3-workspaces.ts'
import { describeWorkspaces } from './workspaces.conformance.ts'

const clients = motoClients()
afterAll(() => clients.destroy())

const freshBucket = async () => {
  const bucket = uniquePrefix('workspaces')
  await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }))
  return bucket
}

describeWorkspaces('S3 (moto)', async () =>
  makeS3Workspaces({ client: clients.s3, bucket: await freshBucket() }),
)

describe('S3 workspaces', () => {
  it("keeps each tenant's files under workspaces/<tenantId>/ of the bucket", async () => {
    const bucket = await freshBucket()
    await makeS3Workspaces({ client: clients.s3, bucket }).write('acme', 'notes/a.txt', new Uint8Array([7]))
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: 'workspaces/acme/notes/a.txt' }),
    )
    expect(await object.Body?.transformToByteArray()).toEqual(new Uint8Array([7]))
  })

  it('lists more than one page of keys, up to the limit', async () => {
    const ws = makeS3Workspaces({ client: clients.s3, bucket: await freshBucket() })
    await Promise.all(
      Array.from({ length: 1005 }, (_, i) =>
        ws.write('acme', `d/f${String(i).padStart(4, '0')}`, new Uint8Array()),
      ),
    )
    const listed = await ws.list('acme', 'd', 2000)
    expect(listed).toHaveLength(1005)
    expect(listed?.at(-1)).toEqual({ name: 'f1004', type: 'file' })
  })
})
