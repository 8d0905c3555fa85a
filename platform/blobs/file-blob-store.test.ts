import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeBlobStore } from './blob-store.conformance.ts'
import { blobKeySegment, isBlobKey } from './blob-store.ts'
import { makeFileBlobStore } from './file-blob-store.ts'

const parent = mkdtempSync(join(tmpdir(), 'chorus-blobs-'))
afterAll(() => rmSync(parent, { recursive: true, force: true }))
const freshRoot = () => mkdtempSync(join(parent, 'root-'))

describeBlobStore('file', async () => makeFileBlobStore({ root: freshRoot() }))

describe('file blob store', () => {
  it('never writes or deletes outside its root on a traversal attempt', async () => {
    const root = freshRoot()
    const outside = join(root, '..', 'outside.txt')
    writeFileSync(outside, 'keep me')
    const store = makeFileBlobStore({ root })
    await expect(store.put('../outside.txt', new Uint8Array([1]))).rejects.toMatchObject({
      code: 'blob.invalidKey',
    })
    await expect(store.delete('..')).rejects.toMatchObject({ code: 'blob.invalidKey' })
    expect(existsSync(outside)).toBe(true)
  })

  it('leaves no temporary file behind after a write', async () => {
    const root = freshRoot()
    const store = makeFileBlobStore({ root })
    await Promise.all(Array.from({ length: 8 }, (_, i) => store.put('same/key', new Uint8Array([i]))))
    expect(readdirSync(join(root, 'same'))).toEqual(['key'])
  })
})

describe('blob key segments', () => {
  it.each(['run:acme:01J', '../..', '.', '', 'ü/ö#%', 'T#acme#RUN#x'])(
    'encodes %j as one safe segment',
    (value) => {
      const segment = blobKeySegment(value)
      expect(isBlobKey(segment)).toBe(true)
      expect(segment).not.toContain('/')
    },
  )

  it('keeps distinct values distinct', () => {
    expect(blobKeySegment('a.b')).not.toBe(blobKeySegment('a.2eb'))
    expect(blobKeySegment('a/b')).not.toBe(blobKeySegment('a_b'))
  })
})
