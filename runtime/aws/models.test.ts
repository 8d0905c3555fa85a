import { describe, expect, it } from 'vitest'
import type { SecretStore } from '#platform/secrets/index.ts'
import { loadAwsConfig } from './config.ts'
import { makeAwsModels } from './models.ts'

const config = (extra: Record<string, string> = {}) =>
  loadAwsConfig({
    CHORUS_TABLE_NAME: 'chorus',
    CHORUS_EVENT_BUS_NAME: 'chorus-bus',
    CHORUS_BUCKET_NAME: 'chorus-blobs',
    ...extra,
  })

const keyOf = (models: Awaited<ReturnType<typeof makeAwsModels>>) =>
  (models.provider.chatModel({ service: 'workers' }).model as unknown as { apiKey?: string }).apiKey

describe('AWS models', () => {
  it('are the offline model when no OpenAI secret is configured', async () => {
    const models = await makeAwsModels(config(), { get: async () => 'unused' })
    expect(models.provider.offline).toBe(true)
  })

  it('pick up a rotated key on refresh, without a new container', async () => {
    let current = 'sk-old'
    const reads: string[] = []
    const secrets: SecretStore = {
      get: async (name) => {
        reads.push(name)
        return current
      },
    }
    const models = await makeAwsModels(config({ CHORUS_OPENAI_SECRET_ID: 'chorus/openai' }), secrets)
    expect(models.provider.offline).toBe(false)
    expect(keyOf(models)).toBe('sk-old')

    await models.refresh()
    expect(keyOf(models)).toBe('sk-old')
    current = 'sk-new'
    await models.refresh()

    expect(keyOf(models)).toBe('sk-new')
    expect(new Set(reads)).toEqual(new Set(['chorus/openai']))
  })
})
