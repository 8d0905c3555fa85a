import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkDocPaths, markdownFiles, mentionsIn } from './check-doc-paths.js'

const made: string[] = []
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A small repository on disk: each key a path, each value the file's text. */
const repo = async (files: Record<string, string>) => {
  const root = await mkdtemp(join(tmpdir(), 'doc-paths-'))
  made.push(root)
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), text)
  }
  execFileSync('git', ['init', '--quiet'], { cwd: root })
  return root
}

describe('mentionsIn', () => {
  it('finds links, reference links, inline code words and fenced words, each with its line', () => {
    const markdown = [
      '# Title', // 1
      'See [the store](store/README.md) and `platform/store/keys.ts`.', // 2
      'A span that wraps `npx tsx', // 3
      'runtime/aws/issue-api-key.ts` onto the next line.', // 4
      '```sh', // 5
      'node scripts/build.js', // 6
      '```', // 7
      '[ref]: docs/aws.md', // 8
      '![a picture](docs/console/run-view.png "the run")', // 9
    ].join('\n')

    const mentions = mentionsIn(markdown)

    expect(mentions).toContainEqual({ kind: 'link', path: 'store/README.md', line: 2 })
    expect(mentions).toContainEqual({ kind: 'code', path: 'platform/store/keys.ts', line: 2, whole: true })
    expect(mentions).toContainEqual({
      kind: 'code',
      path: 'runtime/aws/issue-api-key.ts',
      line: 3,
      whole: false,
    })
    expect(mentions).toContainEqual({ kind: 'code', path: 'scripts/build.js', line: 6, whole: false })
    expect(mentions).toContainEqual({ kind: 'link', path: 'docs/aws.md', line: 8 })
    expect(mentions).toContainEqual({ kind: 'link', path: 'docs/console/run-view.png', line: 9 })
    expect(mentions.filter((m) => m.kind === 'link')).toHaveLength(3)
  })
})

describe('checkDocPaths', () => {
  it('names each mentioned path that does not exist, with its file and line', async () => {
    const root = await repo({
      'README.md': [
        'The [store](platform/README.md), a [missing page](docs/gone.md), `platform/store/keys.ts`,',
        '`platform/store/gone.ts` and `#platform/store/keys.ts`, `#services/api/index.ts`.',
        '```sh',
        'node scripts/build.js && node scripts/gone.js',
        '```',
      ].join('\n'),
      'platform/README.md': '`store/keys.ts`, `store/old-keys.ts`, a lone `saver.ts`, [up](../README.md)',
      'platform/store/keys.ts': '',
      'scripts/build.js': '',
    })

    const missing = checkDocPaths({ root })

    expect(missing).toEqual([
      { file: 'README.md', line: 1, path: 'docs/gone.md' },
      { file: 'README.md', line: 2, path: 'platform/store/gone.ts' },
      { file: 'README.md', line: 2, path: '#services/api/index.ts' },
      { file: 'README.md', line: 4, path: 'scripts/gone.js' },
      { file: 'platform/README.md', line: 1, path: 'store/old-keys.ts' },
      { file: 'platform/README.md', line: 1, path: 'saver.ts' },
    ])
  })

  it('leaves alone what is not a path of the repository', async () => {
    const root = await repo({
      'README.md': [
        'Answers `application/json` at `/runs/{runId}` and `GET /runs`; keys under `<data dir>/auth/`;',
        'tests are `*.int.test.ts`; draws with `@xyflow/react`; see [docs](https://example.com/a.md),',
        '[a section](#section) and [mail](mailto:someone@example.com); `--out run.jsonl`, `.yaml`,',
        '`T#<tenant>#RUN#<run>`, `~/.config/chorus/audit-keys`, `http://127.0.0.1:3000/`, `#platform/*`.',
      ].join('\n'),
      'platform/README.md': '',
    })

    expect(checkDocPaths({ root })).toEqual([])
  })

  it('resolves a folder README’s paths from its folder, its parents and as the tail of a longer path', async () => {
    const root = await repo({
      'runtime/README.md': '`aws/app.ts`, `consumers/intake.ts`, `platform/queue/`, `lambda/gone.ts`',
      'runtime/aws/app.ts': '',
      'runtime/lambda/consumers/intake.ts': '',
      'platform/queue/local-queue.ts': '',
    })

    expect(checkDocPaths({ root })).toEqual([{ file: 'runtime/README.md', line: 1, path: 'lambda/gone.ts' }])
  })

  it('skips what git ignores and what Chorus writes where it runs', async () => {
    const root = await repo({
      '.gitignore': 'dist/\ncdk.out/\n',
      'README.md':
        '`dist/cli.js` is built, `infra/cdk.out` too; data in `.chorus/data/queues.sqlite`, `queues.sqlite`',
      'infra/app.ts': '',
    })

    expect(checkDocPaths({ root })).toEqual([])
  })

  it('reads every Markdown file outside dependencies and outputs', async () => {
    const root = await repo({
      'README.md': '',
      'docs/adr/0001-x.md': '',
      'node_modules/pkg/README.md': '',
      'dist/notes.md': '',
    })

    expect(markdownFiles(root).sort()).toEqual(['README.md', 'docs/adr/0001-x.md'])
  })
})
