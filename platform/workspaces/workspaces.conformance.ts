import { describe, expect, it } from 'vitest'
import type { Workspaces } from './workspace.ts'

const bytes = (text: string) => new TextEncoder().encode(text)
const text = (value: Uint8Array | undefined) => (value ? new TextDecoder().decode(value) : undefined)
const LIMIT = 1024

/**
 * The behaviour every {@link Workspaces} adapter must show, tenant isolation first; run it from
 * each adapter's test file with a factory that gives a fresh, empty set of workspaces.
 */
export const describeWorkspaces = (name: string, makeWorkspaces: () => Promise<Workspaces>) =>
  describe(`Workspaces conformance: ${name}`, () => {
    it('reads back what a tenant wrote, and lists files and directories by name', async () => {
      const ws = await makeWorkspaces()
      await ws.write('acme', 'notes/a.txt', bytes('hello'))
      await ws.write('acme', 'top.txt', bytes('top'))
      expect(text(await ws.read('acme', 'notes/a.txt', LIMIT))).toBe('hello')
      expect(text(await ws.read('acme', './notes//a.txt', LIMIT))).toBe('hello')
      expect(await ws.list('acme', '.', 100)).toEqual([
        { name: 'notes', type: 'dir' },
        { name: 'top.txt', type: 'file' },
      ])
      expect(await ws.list('acme', 'notes', 100)).toEqual([{ name: 'a.txt', type: 'file' }])
    })

    it('replaces a file that is written again', async () => {
      const ws = await makeWorkspaces()
      await ws.write('acme', 'k.txt', bytes('one'))
      await ws.write('acme', 'k.txt', bytes('two'))
      expect(text(await ws.read('acme', 'k.txt', LIMIT))).toBe('two')
    })

    it('answers undefined for a missing file or directory, and an empty list for a new workspace', async () => {
      const ws = await makeWorkspaces()
      expect(await ws.read('acme', 'missing.txt', LIMIT)).toBeUndefined()
      expect(await ws.list('acme', 'missing', 100)).toBeUndefined()
      expect(await ws.list('acme', '.', 100)).toEqual([])
    })

    it("keeps every tenant out of another tenant's files: read, list and overwrite", async () => {
      const ws = await makeWorkspaces()
      await ws.write('tenant-a', 'secret-a.txt', bytes('for a only'))
      await ws.write('tenant-a', 'private/plan.txt', bytes('a plan'))

      expect(await ws.read('tenant-b', 'secret-a.txt', LIMIT)).toBeUndefined()
      expect(await ws.read('tenant-b', 'private/plan.txt', LIMIT)).toBeUndefined()
      expect(await ws.list('tenant-b', '.', 100)).toEqual([])
      expect(await ws.list('tenant-b', 'private', 100)).toBeUndefined()

      await ws.write('tenant-b', 'secret-a.txt', bytes('overwritten by b'))
      expect(text(await ws.read('tenant-a', 'secret-a.txt', LIMIT))).toBe('for a only')
      expect(text(await ws.read('tenant-b', 'secret-a.txt', LIMIT))).toBe('overwritten by b')
    })

    it('keeps tenants whose ids share a prefix apart', async () => {
      const ws = await makeWorkspaces()
      await ws.write('t1', 'x.txt', bytes('t1'))
      expect(await ws.read('t10', 'x.txt', LIMIT)).toBeUndefined()
      expect(await ws.list('t10', '.', 100)).toEqual([])
    })

    it.each([
      ['a parent segment', '../secret.txt'],
      ["another tenant's directory", '../tenant-a/secret-a.txt'],
      ['a nested parent segment', 'notes/../../tenant-a/secret-a.txt'],
      ['an absolute path', '/etc/passwd'],
      ['a drive letter', 'C:/windows/win.ini'],
      ['a backslash path', '..\\tenant-a\\secret-a.txt'],
      ['a NUL byte', 'a\u0000.txt'],
      ['a control character', 'a\n.txt'],
    ])('refuses %s on read, write and list', async (_, path) => {
      const ws = await makeWorkspaces()
      await ws.write('tenant-a', 'secret-a.txt', bytes('for a only'))
      const refused = { code: 'tool.pathRefused' }
      await expect(ws.read('tenant-b', path, LIMIT)).rejects.toMatchObject(refused)
      await expect(ws.write('tenant-b', path, bytes('x'))).rejects.toMatchObject(refused)
      await expect(ws.list('tenant-b', path, 100)).rejects.toMatchObject(refused)
      expect(text(await ws.read('tenant-a', 'secret-a.txt', LIMIT))).toBe('for a only')
    })

    it('refuses a tenant id that is not a tenant slug', async () => {
      const ws = await makeWorkspaces()
      await expect(ws.read('../acme', 'a.txt', LIMIT)).rejects.toThrow()
      await expect(ws.write('', 'a.txt', bytes('x'))).rejects.toThrow()
    })

    it('refuses to read a file over the size limit', async () => {
      const ws = await makeWorkspaces()
      await ws.write('acme', 'big.txt', bytes('x'.repeat(65)))
      await expect(ws.read('acme', 'big.txt', 64)).rejects.toMatchObject({ code: 'tool.tooLarge' })
    })

    it('lists at most `limit` entries', async () => {
      const ws = await makeWorkspaces()
      await Promise.all(['a', 'b', 'c', 'd'].map((n) => ws.write('acme', `many/${n}.txt`, bytes(n))))
      expect(await ws.list('acme', 'many', 2)).toEqual([
        { name: 'a.txt', type: 'file' },
        { name: 'b.txt', type: 'file' },
      ])
    })
  })
