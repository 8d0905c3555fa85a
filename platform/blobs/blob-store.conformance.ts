import { describe, expect, it } from 'vitest'
import type { BlobStore } from './blob-store.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (value: Uint8Array | undefined) => (value ? new TextDecoder().decode(value) : undefined)

/**
 * The behaviour every {@link BlobStore} adapter must show; run it from each adapter's test file.
 * @example describeBlobStore('file', async () => makeFileBlobStore({ root: mkdtempSync(join(tmpdir(), 'b-')) }))
 */
export const describeBlobStore = (name: string, makeStore: () => Promise<BlobStore>) =>
  describe(`BlobStore conformance: ${name}`, () => {
    it('returns the bytes that were put', async () => {
      const store = await makeStore()
      await store.put('a/b/c', bytes('hello'))
      expect(text(await store.get('a/b/c'))).toBe('hello')
    })

    it('returns undefined for a key that was never put', async () => {
      const store = await makeStore()
      expect(await store.get('nothing/here')).toBeUndefined()
    })

    it('replaces the bytes of a key that is put again', async () => {
      const store = await makeStore()
      await store.put('k', bytes('one'))
      await store.put('k', bytes('two'))
      expect(text(await store.get('k'))).toBe('two')
    })

    it('round-trips binary data byte for byte', async () => {
      const store = await makeStore()
      const data = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256)
      await store.put('bin/x', data)
      expect(await store.get('bin/x')).toEqual(data)
    })

    it('deletes a key and everything under it as a prefix, and nothing else', async () => {
      const store = await makeStore()
      await store.put('t1/a', bytes('a'))
      await store.put('t1/b/c', bytes('c'))
      await store.put('t10/a', bytes('other'))
      await store.delete('t1')
      expect(await store.get('t1/a')).toBeUndefined()
      expect(await store.get('t1/b/c')).toBeUndefined()
      expect(text(await store.get('t10/a'))).toBe('other')
      await expect(store.delete('t1')).resolves.toBeUndefined()
    })

    it.each(['../x', 'a/../../x', '/etc/passwd', 'a//b', '', 'a\\b', 'a/./b', 'nul\u0000'])(
      'refuses the unsafe key %j',
      async (key) => {
        const store = await makeStore()
        await expect(store.put(key, bytes('x'))).rejects.toMatchObject({ code: 'blob.invalidKey' })
        await expect(store.get(key)).rejects.toMatchObject({ code: 'blob.invalidKey' })
        await expect(store.delete(key)).rejects.toMatchObject({ code: 'blob.invalidKey' })
      },
    )
  })
