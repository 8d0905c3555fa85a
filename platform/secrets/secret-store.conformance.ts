import { describe, expect, it } from 'vitest'
import { newId } from '#events'
import type { SecretStore } from './secret-store.ts'

/** Makes a store that holds exactly these secrets (names are unique per test). */
export type MakeSecretStore = (secrets: Record<string, string>) => Promise<SecretStore>

/**
 * The behaviour every {@link SecretStore} adapter must show; run it from each adapter's test file.
 * @example describeSecretStore('env', async (s) => makeEnvSecretStore({ env: envOf(s) }))
 */
export const describeSecretStore = (name: string, makeStore: MakeSecretStore) =>
  describe(`SecretStore conformance: ${name}`, () => {
    const unique = (label: string) => `chorus/test-${label}-${newId().toLowerCase()}`

    it('returns the value of a secret', async () => {
      const key = unique('key')
      const store = await makeStore({ [key]: 'sk-test-123' })
      expect(await store.get(key)).toBe('sk-test-123')
    })

    it('returns values verbatim: JSON, unicode and surrounding spaces', async () => {
      const json = unique('json')
      const text = unique('text')
      const store = await makeStore({ [json]: '{"user":"u","password":"p ä"}', [text]: '  spaced é  ' })
      expect(JSON.parse(await store.get(json))).toEqual({ user: 'u', password: 'p ä' })
      expect(await store.get(text)).toBe('  spaced é  ')
    })

    it('fails a missing secret with secret.notFound, not retryable', async () => {
      const store = await makeStore({ [unique('other')]: 'x' })
      await expect(store.get(unique('missing'))).rejects.toMatchObject({
        code: 'secret.notFound',
        retryable: false,
      })
    })

    it('keeps secrets apart by name', async () => {
      const a = unique('a')
      const b = unique('b')
      const store = await makeStore({ [a]: 'value-a', [b]: 'value-b' })
      expect([await store.get(a), await store.get(b)]).toEqual(['value-a', 'value-b'])
    })
  })
