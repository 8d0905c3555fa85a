import {
  CreateSecretCommand,
  type GetSecretValueCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager'
import { afterAll, describe, expect, it } from 'vitest'
import { newId } from '#events'
import { motoClients } from '../../runtime/aws/testing/emulator.ts'
import { silentLogger } from '../log/index.ts'
import { describeSecretStore } from './secret-store.conformance.ts'
import { makeSecretsManagerStore } from './secrets-manager-store.ts'

const clients = motoClients()
afterAll(() => clients.destroy())

const create = (name: string, value: string) =>
  clients.secrets.send(new CreateSecretCommand({ Name: name, SecretString: value }))

describeSecretStore('Secrets Manager (moto)', async (secrets) => {
  for (const [name, value] of Object.entries(secrets)) await create(name, value)
  return makeSecretsManagerStore({ client: clients.secrets, logger: silentLogger })
})

describe('Secrets Manager store', () => {
  const unique = () => `chorus/rotating-${newId().toLowerCase()}`

  it('serves a rotated value once the TTL has passed, without a new store', async () => {
    const name = unique()
    await create(name, 'old-key')
    let now = 1_000
    const store = makeSecretsManagerStore({
      client: clients.secrets,
      logger: silentLogger,
      ttlMs: 60_000,
      clock: () => now,
    })
    expect(await store.get(name)).toBe('old-key')

    await clients.secrets.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'new-key' }))
    now += 59_000
    expect(await store.get(name)).toBe('old-key')
    now += 2_000
    expect(await store.get(name)).toBe('new-key')
  })

  it('makes one call for concurrent reads of a name', async () => {
    const name = unique()
    await create(name, 'v')
    let calls = 0
    const counting = {
      send: (command: GetSecretValueCommand) => {
        calls++
        return clients.secrets.send(command)
      },
    }
    const store = makeSecretsManagerStore({ client: counting as never, logger: silentLogger })
    expect(await Promise.all([store.get(name), store.get(name), store.get(name)])).toEqual(['v', 'v', 'v'])
    expect(calls).toBe(1)
  })

  it('serves the last value when a refresh fails, and fails retryably when there is none', async () => {
    const name = unique()
    await create(name, 'cached')
    let down = false
    let now = 0
    const flaky = {
      send: (command: GetSecretValueCommand) =>
        down
          ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' }))
          : clients.secrets.send(command),
    }
    const store = makeSecretsManagerStore({
      client: flaky as never,
      logger: silentLogger,
      ttlMs: 10,
      clock: () => now,
    })
    expect(await store.get(name)).toBe('cached')
    down = true
    now = 100
    expect(await store.get(name)).toBe('cached')
    await expect(store.get(unique())).rejects.toMatchObject({ code: 'secret.unavailable', retryable: true })
  })
})
