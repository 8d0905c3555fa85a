import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeFileTools } from './file-tools.ts'

const context = { tenantId: 'acme', runId: 'r', stepId: 's' }

describe('file tools', () => {
  let base: string
  let root: string
  let read: ReturnType<typeof makeFileTools>[0]
  let write: ReturnType<typeof makeFileTools>[1]
  let list: ReturnType<typeof makeFileTools>[2]
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'chorus-files-'))
    root = join(base, 'root')
    mkdirSync(join(root, 'notes'), { recursive: true })
    writeFileSync(join(root, 'notes', 'a.txt'), 'hello')
    writeFileSync(join(base, 'secret.txt'), 'outside')
    symlinkSync(join(base, 'secret.txt'), join(root, 'link-out.txt'))
    symlinkSync(base, join(root, 'dir-out'))
    ;[read, write, list] = makeFileTools({ root, maxBytes: 64 }) as [typeof read, typeof write, typeof list]
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('reads, writes and lists inside the root', async () => {
    expect(await read.call({ path: 'notes/a.txt' }, context)).toMatchObject({
      ok: true,
      data: { content: 'hello' },
    })
    expect(await write.call({ path: 'out/new.txt', content: 'made' }, context)).toMatchObject({ ok: true })
    expect(await read.call({ path: 'out/new.txt' }, context)).toMatchObject({
      ok: true,
      data: { content: 'made' },
    })
    const listed = await list.call({ path: 'notes' }, context)
    expect(listed).toMatchObject({ ok: true, data: { entries: [{ name: 'a.txt', type: 'file' }] } })
  })

  it.each([
    ['a parent segment', '../secret.txt'],
    ['a nested parent segment', 'notes/../../secret.txt'],
    ['an absolute path', '/etc/passwd'],
    ['a symlink to a file outside', 'link-out.txt'],
    ['a path through a symlinked directory', 'dir-out/secret.txt'],
  ])('refuses %s', async (_, path) => {
    const result = await read.call({ path }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.pathRefused', retryable: false } })
  })

  it('refuses to write through a symlinked directory', async () => {
    const result = await write.call({ path: 'dir-out/planted.txt', content: 'x' }, context)
    expect(result).toMatchObject({ ok: false, error: { code: 'tool.pathRefused' } })
  })

  it('enforces the size limit and validates input', async () => {
    expect(await write.call({ path: 'big.txt', content: 'x'.repeat(65) }, context)).toMatchObject({
      ok: false,
      error: { code: 'tool.tooLarge' },
    })
    expect(await read.call({ nope: 1 }, context)).toMatchObject({
      ok: false,
      error: { code: 'tool.invalidInput' },
    })
    expect(await read.call({ path: 'missing.txt' }, context)).toMatchObject({
      ok: false,
      error: { code: 'tool.notFound' },
    })
  })
})
