import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyApiKey } from '#platform/auth/index.ts'
import { ensureTable, makeApiKeyStore, makeTable } from '#platform/store/index.ts'
import { issueOptions } from './issue-api-key.ts'
import { motoClients, motoEndpoint, uniquePrefix } from './testing/emulator.ts'

const SCRIPT = fileURLToPath(new URL('./issue-api-key.ts', import.meta.url))
const run = promisify(execFile)

describe('issuing an API key on AWS (the operator command, on moto DynamoDB)', () => {
  const clients = motoClients()
  afterAll(() => clients.destroy())

  it('prints a key once that the authorizer accepts for its tenant only', async () => {
    const tableName = uniquePrefix('issue-key')
    await ensureTable(clients.dynamo.client, tableName)
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', SCRIPT, '--tenant', 'acme', '--label', 'alice laptop', '--table', tableName],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          CHORUS_DYNAMODB_ENDPOINT: motoEndpoint(),
        },
      },
    )
    const key = stdout.trim()
    expect(key).toMatch(/^ck_[0-9a-f]{16}_[0-9a-f]{64}$/)
    const keyId = key.split('_')[1]
    expect(stderr).toContain(`issued API key ${keyId} for tenant acme in ${tableName}`)
    const store = makeApiKeyStore(makeTable(clients.dynamo.documentClient, tableName))
    expect(await verifyApiKey(store, 'acme', key)).toBe(keyId)
    expect(await verifyApiKey(store, 'globex', key)).toBeUndefined()
    // Only the hash is stored.
    expect(JSON.stringify(await store.get('acme', keyId ?? ''))).not.toContain(key)
    expect(await store.get('acme', keyId ?? '')).toMatchObject({ label: 'alice laptop' })
  }, 60_000)

  it('refuses to run without a valid tenant, a table or a region, naming what is missing', () => {
    expect(() => issueOptions(['--table', 't-1'], { AWS_REGION: 'eu-west-1' })).toThrow(/--tenant/)
    expect(() => issueOptions(['--tenant', 'Acme Corp'], {})).toThrow(/--tenant/)
    expect(() => issueOptions(['--tenant', 'acme'], { AWS_REGION: 'eu-west-1' })).toThrow(/CHORUS_TABLE_NAME/)
    expect(() => issueOptions(['--tenant', 'acme'], { CHORUS_TABLE_NAME: 'chorus-dev' })).toThrow(
      /AWS_REGION/,
    )
    expect(
      issueOptions(['--tenant', 'acme'], { CHORUS_TABLE_NAME: 'chorus-dev', AWS_REGION: 'eu-west-1' }),
    ).toEqual({
      tenantId: 'acme',
      label: 'issued by an operator',
      tableName: 'chorus-dev',
      region: 'eu-west-1',
    })
  })
})
