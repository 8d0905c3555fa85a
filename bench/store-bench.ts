/**
 * The embedded store's cost per request: the SQLite engine answering the SDK client in process
 * against dynalite over loopback HTTP (the former default), in the same run, through the same
 * document client. Prints a Markdown table of requests/s and CPU-µs per request for GetItem,
 * PutItem, a conditional UpdateItem and a Query of 20 items, then the RSS of a fresh process
 * before and after 5,000 partition queries on each engine.
 *
 *   tsx bench/store-bench.ts                 # both engines, full sizes
 *   CHORUS_BENCH_SCALE=0.1 tsx bench/store-bench.ts
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb'
import { makeDynamoClients } from '#platform/store/client.ts'
import { openEmbeddedStore } from '#platform/store/embedded/engine.ts'
import { ensureTable } from '#platform/store/table.ts'
import { startEmbeddedDynamo } from './dynalite-server.ts'

type Engine = 'embedded' | 'dynalite'
const TABLE = 'chorus-bench'
const scale = Number(process.env.CHORUS_BENCH_SCALE ?? '1')
const ops = Math.max(100, Math.round(3000 * scale))

/** Both engines on disk in a scratch directory, as the local runtime keeps them. */
const open = async (engine: Engine, dir: string) => {
  if (engine === 'embedded') {
    const store = openEmbeddedStore({ path: join(dir, 'store.sqlite'), sweepIntervalMs: 0 })
    const clients = makeDynamoClients({ embedded: store })
    return { ...clients, close: async () => store.close() }
  }
  const server = await startEmbeddedDynamo({ path: join(dir, 'dynamodb') })
  const clients = makeDynamoClients({ endpoint: server.endpoint })
  return { ...clients, close: () => server.close() }
}

type Clients = Awaited<ReturnType<typeof open>>

/** The table as the runtime makes it; dynalite has no TTL API, so there the table alone. */
const makeTable = (clients: Clients) =>
  ensureTable(clients.client, TABLE).catch((error: Error) => {
    if (error.name !== 'UnknownOperationException') throw error
  })

const seed = async ({ documentClient }: Clients, partitions: number) => {
  for (let p = 0; p < partitions; p++)
    for (let i = 0; i < 20; i++)
      await documentClient.send(
        new PutCommand({
          TableName: TABLE,
          Item: { PK: `P#${p}`, SK: `S#${String(i).padStart(3, '0')}`, n: i, text: 'x'.repeat(200) },
        }),
      )
}

/** Runs `work` `n` times in sequence: requests per second and CPU microseconds per request. */
const measure = async (n: number, work: (i: number) => Promise<unknown>) => {
  for (let i = 0; i < Math.min(200, n); i++) await work(i) // warm-up
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) await work(i)
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  const used = process.cpuUsage(cpu)
  return { perSecond: n / seconds, cpuMicros: (used.user + used.system) / n }
}

const operations = (clients: Clients) => {
  const d = clients.documentClient
  return {
    'GetItem ': (i: number) =>
      d.send(new GetCommand({ TableName: TABLE, Key: { PK: `P#${i % 50}`, SK: 'S#007' } })),
    'PutItem ': (i: number) =>
      d.send(
        new PutCommand({
          TableName: TABLE,
          Item: { PK: `W#${i % 500}`, SK: 'item', n: i, text: 'y'.repeat(200) },
        }),
      ),
    'UpdateItem (conditional)': (i: number) =>
      d.send(
        new UpdateCommand({
          TableName: TABLE,
          Key: { PK: `P#${i % 50}`, SK: 'S#001' },
          UpdateExpression: 'SET #n = #n + :one, #t = :t',
          ConditionExpression: 'attribute_exists(PK) AND #n >= :zero',
          ExpressionAttributeNames: { '#n': 'n', '#t': 'touched' },
          ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':t': i },
        }),
      ),
    'Query (20 items)': (i: number) =>
      d.send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)',
          ExpressionAttributeValues: { ':p': `P#${i % 50}`, ':s': 'S#' },
        }),
      ),
  }
}

/** In a child process (fresh heap): RSS before and after 5,000 queries of one partition each. */
const rssChild = async (engine: Engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-store-bench-'))
  try {
    const clients = await open(engine, dir)
    await makeTable(clients)
    await seed(clients, 100)
    const query = operations(clients)['Query (20 items)']
    for (let i = 0; i < 200; i++) await query(i)
    globalThis.gc?.()
    const before = process.memoryUsage().rss
    for (let i = 0; i < 5000; i++) await query(i * 7)
    globalThis.gc?.()
    const after = process.memoryUsage().rss
    await clients.close()
    process.stdout.write(JSON.stringify({ before, after }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const rssOf = (engine: Engine): { before: number; after: number } =>
  JSON.parse(
    execFileSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), 'rss', engine],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    ),
  )

const main = async () => {
  const rows: string[] = []
  const results: Record<string, Record<Engine, { perSecond: number; cpuMicros: number }>> = {}
  for (const engine of ['embedded', 'dynalite'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'chorus-store-bench-'))
    try {
      const clients = await open(engine, dir)
      await makeTable(clients)
      await seed(clients, 50)
      for (const [name, work] of Object.entries(operations(clients))) {
        process.stderr.write(`${engine}: ${name}\n`)
        results[name] = { ...results[name], [engine]: await measure(ops, work) } as Record<
          Engine,
          { perSecond: number; cpuMicros: number }
        >
      }
      await clients.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
  rows.push(
    '| request | embedded engine req/s | dynalite req/s | embedded CPU-µs/req | dynalite CPU-µs/req | CPU ratio |',
  )
  rows.push('|---|---:|---:|---:|---:|---:|')
  for (const [name, r] of Object.entries(results).map(([n, v]) => [n.trim(), v] as const))
    rows.push(
      `| ${name} | ${fmt(r.embedded.perSecond)} | ${fmt(r.dynalite.perSecond)} | ${fmt(r.embedded.cpuMicros)} | ${fmt(r.dynalite.cpuMicros)} | ${(r.dynalite.cpuMicros / r.embedded.cpuMicros).toFixed(1)}× |`,
    )
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`
  rows.push(
    '',
    '| engine | RSS before | RSS after 5,000 partition queries | growth |',
    '|---|---:|---:|---:|',
  )
  for (const engine of ['embedded', 'dynalite'] as const) {
    process.stderr.write(`${engine}: RSS\n`)
    const { before, after } = rssOf(engine)
    rows.push(`| ${engine} | ${mb(before)} | ${mb(after)} | +${mb(after - before)} |`)
  }
  process.stdout.write(
    `${rows.join('\n')}\n\n${ops} requests each, sequential, one process, Node ${process.version}.\n`,
  )
}

if (process.argv[2] === 'rss') await rssChild(process.argv[3] as Engine)
else await main()
