import { appendFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { ChorusError } from '#platform/errors/index.ts'
import { leafOf, type RunHead } from '../core/anchor-log.ts'
import type { AnchorStore } from '../core/anchor-store.ts'
import { SignedHead } from '../core/signed-head.ts'

const HEAD_FILE = /^\d{12}\.json$/
const headFile = (size: number) => `${String(size).padStart(12, '0')}.json`

/**
 * A tenant's anchor tree in files under `dir/<tenant>/`: `leaves.jsonl` (one run head per line,
 * only appended) and `heads/<size>.json`, each a signed head created once (`wx`).
 */
export const makeFileAnchorStore = ({ dir }: { dir: string }): AnchorStore => {
  const tenantDir = (tenantId: string) => join(dir, encodeURIComponent(tenantId))
  const names = async (tenantId: string) =>
    (await readdir(join(tenantDir(tenantId), 'heads')).catch(() => [] as string[]))
      .filter((n) => HEAD_FILE.test(n))
      .sort()
  return {
    leaves: async (tenantId) => {
      const text = await readFile(join(tenantDir(tenantId), 'leaves.jsonl'), 'utf8').catch(() => '')
      return text
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as RunHead)
    },
    sizes: async (tenantId) => (await names(tenantId)).map((n) => Number(n.slice(0, 12))),
    head: async (tenantId, size) => {
      const all = await names(tenantId)
      const name = size === undefined ? all.at(-1) : headFile(size)
      if (!name || !all.includes(name)) return undefined
      return SignedHead.parse(JSON.parse(await readFile(join(tenantDir(tenantId), 'heads', name), 'utf8')))
    },
    publish: async (tenantId, { leaves, head }) => {
      await mkdir(join(tenantDir(tenantId), 'heads'), { recursive: true })
      if (leaves.length > 0)
        await appendFile(
          join(tenantDir(tenantId), 'leaves.jsonl'),
          leaves.map((r) => `${leafOf(r)}\n`).join(''),
        )
      const file = join(tenantDir(tenantId), 'heads', headFile(head.treeSize))
      await writeFile(file, `${JSON.stringify(head, null, 2)}\n`, { flag: 'wx' }).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'EEXIST') throw error
        throw new ChorusError('anchor.conflict', `a head of size ${head.treeSize} exists already`, {
          retryable: true,
          cause: error,
        })
      })
    },
  }
}
