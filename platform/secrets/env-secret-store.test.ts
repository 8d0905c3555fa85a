import { describe, expect, it } from 'vitest'
import { envNameOf, makeEnvSecretStore } from './env-secret-store.ts'
import { describeSecretStore } from './secret-store.conformance.ts'

describeSecretStore('env', async (secrets) =>
  makeEnvSecretStore({
    env: Object.fromEntries(Object.entries(secrets).map(([name, value]) => [envNameOf(name), value])),
  }),
)

describe('env secret store', () => {
  it('reads a secret from an explicitly mapped variable', async () => {
    const store = makeEnvSecretStore({
      env: { OPENAI_API_KEY: 'sk-1' },
      names: { 'chorus/openai': 'OPENAI_API_KEY' },
    })
    expect(await store.get('chorus/openai')).toBe('sk-1')
  })

  it('treats an empty variable as a missing secret', async () => {
    const store = makeEnvSecretStore({ env: { [envNameOf('x')]: '' } })
    await expect(store.get('x')).rejects.toMatchObject({ code: 'secret.notFound' })
  })

  it('does not see variables set after it was built', async () => {
    const env: Record<string, string> = {}
    const store = makeEnvSecretStore({ env })
    env[envNameOf('late')] = 'v'
    await expect(store.get('late')).rejects.toMatchObject({ code: 'secret.notFound' })
  })
})
