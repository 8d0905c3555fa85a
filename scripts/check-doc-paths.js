// Fails naming every path of this repository that a Markdown file mentions and that does not exist, so the docs
// cannot drift from the code unseen. Run by `npm run lint:docs` (part of `npm run lint`, so of CI).
//
// What counts as a mention:
// - a relative link or image, `[text](path)` or `[ref]: path`: resolved from the Markdown file's folder, as GitHub
//   resolves it (a leading `/` means the repository root); URLs and `#anchors` are not paths;
// - a word of inline code or of a fenced block that looks like a path of the repository: it starts with a name
//   that exists in the file's folder, one of its parent folders or the root (`platform/store/keys.ts`,
//   `aws/app.ts` in runtime/README.md), or, as the whole of an inline code span, it ends in a file extension
//   (`saver.ts`). `#events`, `#platform/…` and `#services/…` stand for the folders package.json "imports" names.
//   Words holding a placeholder or a pattern (`<id>`, `{runId}`, `*.test.ts`), URLs, HTTP paths (`/runs`),
//   flags and npm package names (`@xyflow/react`) are not paths.
// A code path resolves when it exists from the file's folder, a parent folder or the root; a path whose first
// name is not a top-level entry may also be the tail of a longer path (`consumers/intake.ts` for
// runtime/lambda/consumers/intake.ts). Paths git ignores (`.chorus/data`, `dist/cli.js`) are outputs, never
// checked; so are the RUNTIME_FILES below, which Chorus writes where it runs.

import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

/** Folders never searched for Markdown or for the tail of a path: dependencies, outputs, git. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'cdk.out', '.git', '.chorus', '.scratch'])

/**
 * Files that Chorus writes where it runs (its data dir, its key dir, what the CLI exports) or that a user's example
 * holds, which the docs name without a folder.
 */
export const RUNTIME_FILES = new Set([
  'credentials.json',
  'latest.json',
  'leaves.jsonl',
  'queues.sqlite',
  'run.jsonl',
  'secret-a.txt',
  'store.locked',
  'store.sqlite',
])

/** Extensions that make a lone word of inline code a file name. */
const FILE_EXTENSION = /\.(ts|tsx|js|mjs|cjs|json|jsonl|md|ya?ml|sh|png|svg|html|css|sqlite|txt)$/

/** The npm packages this repository depends on: `ipaddr.js` names a package, not a file. */
const PACKAGES = (() => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  return new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})])
})()

/** The import aliases of package.json "imports", as the folders they stand for. */
const ALIASES = [
  [/^#events$/, 'events/index.ts'],
  [/^#platform\//, 'platform/'],
  [/^#services\//, 'services/'],
]

/**
 * Every path-like mention of a Markdown text, with its line: `{ kind: 'link' | 'code', path, line }`.
 * `code` mentions carry `whole: true` when the word is the whole of an inline code span.
 * @example mentionsIn('See [the store](store/README.md) and `platform/store/keys.ts`.')
 */
export const mentionsIn = (markdown) => {
  const mentions = []
  // Fenced blocks are read line by line; the prose around them (blanked where a block was, so offsets keep their
  // lines) is read whole, because an inline code span may wrap onto the next line.
  const lines = markdown.split('\n')
  let fence
  const prose = lines.map((text, index) => {
    const mark = /^\s*(```+|~~~+)/.exec(text)
    if (mark && (fence === undefined || mark[1].startsWith(fence))) {
      fence = fence === undefined ? mark[1] : undefined
      return ''
    }
    if (fence === undefined) return text
    for (const word of words(text)) mentions.push({ kind: 'code', path: word, line: index + 1, whole: false })
    return ''
  })
  const text = prose.join('\n')
  const lineAt = (offset) => text.slice(0, offset).split('\n').length
  const outsideCode = text.replace(/(`+)((?:(?!\n[ \t]*\n)[\s\S])+?)\1/g, (span, ticks, code, offset) => {
    const inSpan = words(code)
    const line = lineAt(offset + ticks.length + code.search(/\S/))
    for (const word of inSpan) mentions.push({ kind: 'code', path: word, line, whole: inSpan.length === 1 })
    return span.replace(/[^\n]/g, ' ')
  })
  for (const match of outsideCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    mentions.push({ kind: 'link', path: match[1], line: lineAt(match.index) })
  for (const match of outsideCode.matchAll(/^[ \t]*\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?=\s|$)/gm))
    mentions.push({ kind: 'link', path: match[1], line: lineAt(match.index) })
  return mentions.sort((a, b) => a.line - b.line)
}

/** The words of a code span or line, without the quotes and punctuation around them. */
const words = (code) =>
  code
    .split(/[\s,;()[\]]+/)
    .map((w) => w.replace(/^["'`]+|["'`.:]+$/g, '').replace(/:\d+(:\d+)?$/, ''))
    .filter((w) => w !== '')

/** The repository path a word of code names, or undefined when it is not a path (see the header). */
const codePath = (word) => {
  const alias = ALIASES.find(([pattern]) => pattern.test(word))
  const path = alias ? word.replace(alias[0], alias[1]) : word
  if (/[<>{}*$=|#@!?%&^~…]|:\/\/|^\/|^-|^\.{1,2}$|^\.[a-z]+$/.test(path)) return undefined
  if (PACKAGES.has(path)) return undefined
  return path
}

/** Whether a link target is a path of this repository (not a URL, an e-mail address or an anchor alone). */
const isRepoLink = (target) => !/^([a-z][a-z0-9+.-]*:|#|\/\/)/i.test(target)

/**
 * Checks the mentions of each Markdown file and answers the ones that do not exist, as
 * `{ file, line, path }` (file relative to `root`, in the order found).
 * @example checkDocPaths({ root }) // [] when every mentioned path exists
 */
export const checkDocPaths = ({ root = ROOT, files = markdownFiles(root) } = {}) => {
  const topLevel = new Set(readdirSync(root))
  const tails = allPaths(root)
  const candidates = []
  for (const file of files) {
    const dir = posix.dirname(file)
    const folders = foldersFrom(dir)
    for (const mention of mentionsIn(readFileSync(join(root, file), 'utf8'))) {
      const found =
        mention.kind === 'link' ? linkCandidates(mention.path, dir) : codeCandidates(mention, folders, root)
      if (found === undefined) continue
      const { paths, tail } = found
      if (paths.some((p) => existsSync(join(root, p)))) continue
      const clean = stripSlash(mention.kind === 'link' ? paths[0] : codePath(mention.path))
      if (tail && !topLevel.has(clean.split('/')[0]) && tails.some((p) => p.endsWith(`/${clean}`))) continue
      if (RUNTIME_FILES.has(posix.basename(clean))) continue
      candidates.push({ file, line: mention.line, path: mention.path, resolved: paths })
    }
  }
  const ignored = gitIgnored(
    root,
    candidates.flatMap((c) => c.resolved),
  )
  return candidates
    .filter((c) => !c.resolved.some((p) => ignored.has(p)))
    .map(({ file, line, path }) => ({ file, line, path }))
}

/** A link's target relative to the root, or undefined when it is not a path of the repository. */
const linkCandidates = (target, dir) => {
  if (!isRepoLink(target)) return undefined
  const path = decoded(target.replace(/[#?].*$/, ''))
  if (path === '') return undefined
  const resolved = path.startsWith('/') ? path.slice(1) : posix.normalize(posix.join(dir, path))
  return { paths: [resolved === '.' ? '' : resolved], tail: false }
}

/** A link target with its %-escapes decoded (`my%20file.md`); as written when it is not valid escaping. */
const decoded = (target) => {
  try {
    return decodeURI(target)
  } catch {
    return target
  }
}

/** Where a word of code may point, from the file's folder up to the root; undefined when it is no path. */
const codeCandidates = (mention, folders, root) => {
  const path = codePath(mention.path)
  if (path === undefined) return undefined
  const first = path.split('/')[0]
  const namesAnEntry = folders.some((folder) => existsSync(join(root, folder, first)))
  if (!namesAnEntry && !(mention.whole && FILE_EXTENSION.test(path))) return undefined
  return { paths: folders.map((folder) => posix.normalize(posix.join(folder, path))), tail: true }
}

const stripSlash = (path) => path.replace(/\/+$/, '')

/** The folder of a Markdown file and each folder above it, the root (`.`) last. */
const foldersFrom = (dir) => {
  const folders = []
  for (let d = dir; ; d = posix.dirname(d)) {
    folders.push(d)
    if (d === '.') return folders
  }
}

/** Every Markdown file of the repository, relative to the root, outside dependencies and outputs. */
export const markdownFiles = (root) => allPaths(root).filter((p) => p.endsWith('.md'))

/** Every file and folder of the repository relative to the root, outside dependencies and outputs. */
const allPaths = (root) => {
  const found = []
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name)) continue
      const path = dir === '' ? entry.name : `${dir}/${entry.name}`
      found.push(path)
      if (entry.isDirectory()) walk(path)
    }
  }
  walk('')
  return found
}

/** The paths among these that git ignores (build outputs, data); none when git is not there. */
const gitIgnored = (root, paths) => {
  const inside = [...new Set(paths.filter((p) => p !== '' && !p.startsWith('../')))]
  if (inside.length === 0) return new Set()
  try {
    const out = execFileSync('git', ['check-ignore', '--no-index', '--stdin'], {
      cwd: root,
      input: inside.flatMap((p) => [p, `${stripSlash(p)}/`]).join('\n'),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'ignore'],
    })
    return ignoredSet(out)
  } catch (error) {
    // exit code 1: none of them is ignored; anything else: no git here, so nothing counts as ignored
    return ignoredSet(error.stdout ? String(error.stdout) : '')
  }
}

/** git's answer as a set of paths, each also without its trailing slash (a folder that does not exist yet). */
const ignoredSet = (out) =>
  new Set(
    out
      .split('\n')
      .filter((p) => p !== '')
      .flatMap((p) => [p, stripSlash(p)]),
  )

const main = () => {
  const missing = checkDocPaths()
  for (const { file, line, path } of missing)
    process.stderr.write(`${file}:${line}: ${path} does not exist\n`)
  if (missing.length > 0) {
    process.stderr.write(`\n${missing.length} path(s) mentioned in the docs do not exist\n`)
    process.exitCode = 1
  }
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === '') main()
