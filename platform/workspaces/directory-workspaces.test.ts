import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeDirectoryWorkspaces } from './directory-workspaces.ts'
import { describeWorkspaces } from './workspaces.conformance.ts'

const roots: string[] = []
const freshRoot = () => {
  const root = mkdtempSync(join(tmpdir(), 'chorus-ws-'))
  roots.push(root)
  return root
}
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true })
})

describeWorkspaces('directories', async () => makeDirectoryWorkspaces({ root: freshRoot() }))

describe('directory workspaces', () => {
  it("keeps each tenant's files in <root>/<tenantId>/", async () => {
    const root = freshRoot()
    await makeDirectoryWorkspaces({ root }).write('acme', 'notes/a.txt', new TextEncoder().encode('hi'))
    expect(readFileSync(join(root, 'acme', 'notes', 'a.txt'), 'utf8')).toBe('hi')
  })

  it("refuses symlinks planted in a tenant's directory that lead to another tenant or outside", async () => {
    const root = freshRoot()
    const ws = makeDirectoryWorkspaces({ root })
    await ws.write('tenant-a', 'secret-a.txt', new TextEncoder().encode('for a only'))
    mkdirSync(join(root, 'tenant-b'), { recursive: true })
    writeFileSync(join(root, 'outside.txt'), 'outside')
    symlinkSync(join(root, 'tenant-a', 'secret-a.txt'), join(root, 'tenant-b', 'link-to-a.txt'))
    symlinkSync(join(root, 'tenant-a'), join(root, 'tenant-b', 'dir-of-a'))
    symlinkSync(join(root, 'outside.txt'), join(root, 'tenant-b', 'link-out.txt'))

    for (const path of ['link-to-a.txt', 'dir-of-a/secret-a.txt', 'link-out.txt'])
      await expect(ws.read('tenant-b', path, 1024)).rejects.toMatchObject({ code: 'tool.pathRefused' })
    await expect(ws.write('tenant-b', 'dir-of-a/planted.txt', new Uint8Array([1]))).rejects.toMatchObject({
      code: 'tool.pathRefused',
    })
    await expect(ws.list('tenant-b', 'dir-of-a', 10)).rejects.toMatchObject({ code: 'tool.pathRefused' })
    expect(await ws.list('tenant-a', '.', 10)).toEqual([{ name: 'secret-a.txt', type: 'file' }])
  })
})
