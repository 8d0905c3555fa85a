import { parseArgs } from 'node:util'
import { CliError } from './cli-error.ts'
import { makeClient } from './client.ts'
import { decideApproval } from './commands/approval.ts'
import { auditBundle, auditRun, exportRun, replay } from './commands/audit.ts'
import { auditConsistency } from './commands/audit-anchors.ts'
import { auditWindow } from './commands/audit-window.ts'
import { chat } from './commands/chat.ts'
import { discardDeadLetter, listDeadLetters, redriveDeadLetter, showDeadLetter } from './commands/dlq.ts'
import { doctor } from './commands/doctor.ts'
import { printEnv } from './commands/env.ts'
import { login } from './commands/login.ts'
import { publish } from './commands/publish.ts'
import { listRuns, showRun, watchRun } from './commands/runs.ts'
import { applyTeams, resetTeams } from './commands/teams.ts'
import { showUsage } from './commands/usage.ts'
import { loadCliConfig } from './config.ts'
import type { CliIo } from './io.ts'

export const USAGE = `chorus — talk to a Chorus API

Usage:
  chorus start                          run Chorus locally (same as npm start)
  chorus login [--tenant <id>]          select a tenant's dev credentials (created when missing), print them
  chorus env [--tenant <id>]            print the exports (CHORUS_URL, CHORUS_TOKEN, ...) of a tenant's
                                        dev credentials: eval "$(npx chorus env)"
  chorus doctor                         check Node, the data dir, the model, credentials, teams (AWS: endpoints)
  chorus chat "<text>" [--chat <id>] [--multitask reject|enqueue|interrupt|rollback]
                                        send a message; print steps as they happen, then the answer
                                        (--multitask: what it does while the chat has a run going)
                                        [--max-tokens n] [--max-tool-calls n] [--max-steps n]
                                        [--max-duration s] [--max-cost usd]: the run's budget
  chorus runs ls [--status s] [--limit n]
  chorus runs show <runId>
  chorus runs watch <runId>             follow a run's events until it ends
  chorus approve <runId> [--reason r] [--plan edited.json]
                                        let a run that waits for approval go on (with an edited plan)
  chorus reject <runId> --reason r      end a run that waits for approval (approval.rejected)
  chorus usage [--since <day>] [--until <day>]
                                        the tenant's ended runs by day and team: runs, steps, tokens,
                                        tool calls, cost in USD (default: the last 30 days)
  chorus dlq ls [--run <id>] [--consumer c] [--limit n]
                                        messages a queue gave up on: reason, receives, run, time
  chorus dlq show <id>                  one dead letter with its event
  chorus dlq redrive <id>               put it back on its queue; a run it failed goes on
  chorus dlq discard <id>               drop it without delivering it
  chorus publish <file.json>            publish external events ({"Entries": [...]}, a list, or one entry)
  chorus teams apply <path>             save team definitions from YAML/JSON files or a directory
  chorus teams reset                    restore the default teams (researcher, writer) of the tenant
  chorus audit <runId> [--public-key f]  verify a run's hash chain, end, call records and anchor (the
                                        latest signed head, checked with the public key), re-derive it
  chorus audit --since <t> [--until <t>]  audit every run of the tenant created in the window: progress,
                                        then runs, match, diverged, in progress, unverified, failures by seq
  chorus audit --consistency [old] [new]  prove the signed anchor head of new (latest) extends old (first)
  chorus audit --bundle <file> --public-key <pem>  the same, offline, on an exported bundle: its
                                        signed head and inclusion proof checked with the public key
                                        (--key k: a bundle HMAC-signed with CHORUS_AUDIT_SIGNING_KEY)
  chorus export <runId> [--out <file>]  the run as a verifiable bundle (events, call records, inclusion
                                        proof and signed head)
  chorus replay --from <t> --to <t> [--run <id>] [--name <n>]
                                        re-deliver archived events to the projections and compare with live

Options:
  --json          machine-readable output
  --url <url>     the API (default: CHORUS_URL, else http://127.0.0.1:3000)
  --tenant <id>   use this tenant's dev credentials (default: CHORUS_TENANT, else the selected one)
  -h, --help      this text

Credentials: --tenant <id>, else CHORUS_TOKEN and CHORUS_API_KEY, else the dev credentials that
npm start and chorus login keep per tenant in <CHORUS_DATA_DIR>/auth/credentials.json
(CHORUS_TENANT, else the tenant selected last).
Exit codes: 0 ok, 1 the run or an entry failed (doctor: a check needs a fix), 2 usage or request error,
3 audit: consistent but unverified (no key given, or no signed anchor head holds the run).
`

const OPTIONS = {
  json: { type: 'boolean', default: false },
  url: { type: 'string' },
  tenant: { type: 'string' },
  chat: { type: 'string', default: 'cli' },
  status: { type: 'string' },
  limit: { type: 'string', default: '20' },
  help: { type: 'boolean', short: 'h', default: false },
  bundle: { type: 'string' },
  key: { type: 'string' },
  'public-key': { type: 'string' },
  consistency: { type: 'boolean', default: false },
  since: { type: 'string' },
  until: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  run: { type: 'string' },
  consumer: { type: 'string' },
  name: { type: 'string' },
  reason: { type: 'string' },
  plan: { type: 'string' },
  multitask: { type: 'string' },
  'max-tokens': { type: 'string' },
  'max-tool-calls': { type: 'string' },
  'max-steps': { type: 'string' },
  'max-duration': { type: 'string' },
  'max-cost': { type: 'string' },
} as const

/** `--max-*` flags as a message's budget (ADR 0031); the API checks the values against the tenant's ceilings. */
const BUDGET_FLAGS = {
  'max-tokens': 'maxTokens',
  'max-tool-calls': 'maxToolCalls',
  'max-steps': 'maxSteps',
  'max-duration': 'maxDurationSec',
  'max-cost': 'maxCostUsd',
} as const

const budgetOf = (values: Partial<Record<keyof typeof BUDGET_FLAGS, string | undefined>>) => {
  const budget: Record<string, number> = {}
  for (const [flag, limit] of Object.entries(BUDGET_FLAGS) as [keyof typeof BUDGET_FLAGS, string][]) {
    const value = values[flag]
    if (value === undefined) continue
    const n = Number(value)
    if (value.trim() === '' || !Number.isFinite(n)) throw usage(`--${flag} must be a number`)
    budget[limit] = n
  }
  return Object.keys(budget).length > 0 ? { budget } : {}
}

const usage = (message: string) => new CliError('usage', `${message}\n\n${USAGE}`)

const need = (value: string | undefined, what: string): string => {
  if (!value) throw usage(`missing ${what}`)
  return value
}

/** Runs one CLI command; resolves with the exit code. */
export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true })
    const [command, sub, arg] = positionals
    if (values.help || !command) {
      io.stdout(USAGE)
      return command || values.help ? 0 : 2
    }
    if (command === 'start') {
      await import('../runtime/local/main.ts')
      return await new Promise<number>(() => {}) // runs until Ctrl-C
    }
    const json = values.json
    if (command === 'login') return await login(io, { tenant: values.tenant, json })
    if (command === 'env') return await printEnv(io, { tenant: values.tenant, url: values.url, json })
    if (command === 'doctor') return await doctor(io, { tenant: values.tenant, url: values.url, json })
    if (command === 'audit' && values.bundle)
      return await auditBundle(io, {
        file: values.bundle,
        key: values.key,
        publicKey: values['public-key'],
        json,
      })
    const client = makeClient(await loadCliConfig(io.env, io.cwd, { url: values.url, tenant: values.tenant }))
    switch (command) {
      case 'chat':
        return await chat(client, io, {
          text: need(positionals.slice(1).join(' '), 'the message'),
          chatId: values.chat,
          ...(values.multitask ? { multitask: values.multitask } : {}),
          ...budgetOf(values),
          json,
        })
      case 'runs': {
        if (sub === 'ls') {
          const limit = Number(values.limit)
          if (!Number.isInteger(limit) || limit < 1) throw usage('--limit must be a positive integer')
          return await listRuns(client, io, { status: values.status, limit, json })
        }
        if (sub === 'show') return await showRun(client, io, { runId: need(arg, 'the run id'), json })
        if (sub === 'watch') return await watchRun(client, io, { runId: need(arg, 'the run id'), json })
        throw usage(`unknown runs command "${sub ?? ''}" (ls, show, watch)`)
      }
      case 'dlq': {
        if (sub === 'ls') {
          const limit = Number(values.limit)
          if (!Number.isInteger(limit) || limit < 1) throw usage('--limit must be a positive integer')
          return await listDeadLetters(client, io, {
            run: values.run,
            consumer: values.consumer,
            limit,
            json,
          })
        }
        const id = () => need(arg, 'the dead-letter id')
        if (sub === 'show') return await showDeadLetter(client, io, { id: id(), json })
        if (sub === 'redrive') return await redriveDeadLetter(client, io, { id: id(), json })
        if (sub === 'discard') return await discardDeadLetter(client, io, { id: id(), json })
        throw usage(`unknown dlq command "${sub ?? ''}" (ls, show, redrive, discard)`)
      }
      case 'approve':
      case 'reject':
        return await decideApproval(client, io, {
          runId: need(sub, 'the run id'),
          decision: command,
          reason: command === 'reject' ? need(values.reason, '--reason') : values.reason,
          planFile: values.plan,
          json,
        })
      case 'usage':
        return await showUsage(client, io, { since: values.since, until: values.until, json })
      case 'publish':
        return await publish(client, io, { file: need(sub, 'the file'), json })
      case 'teams':
        if (sub === 'apply') return await applyTeams(client, io, { path: need(arg, 'the path'), json })
        if (sub === 'reset') return await resetTeams(client, io, { json })
        throw usage(`unknown teams command "${sub ?? ''}" (apply, reset)`)
      case 'audit':
        if (values.consistency)
          return await auditConsistency(client, io, {
            from: sub,
            to: arg,
            publicKey: values['public-key'],
            json,
          })
        if (values.since)
          return await auditWindow(client, io, {
            since: values.since,
            until: values.until,
            publicKey: values['public-key'],
            json,
          })
        return await auditRun(client, io, {
          runId: need(sub, 'the run id (or --bundle <file>, --since <t>, --consistency)'),
          publicKey: values['public-key'],
          json,
        })
      case 'export':
        return await exportRun(client, io, { runId: need(sub, 'the run id'), out: values.out })
      case 'replay':
        return await replay(client, io, {
          from: need(values.from, '--from <time>'),
          to: values.to ?? new Date().toISOString(),
          run: values.run,
          name: values.name ?? `replay-${Date.now()}`,
          json,
        })
      default:
        throw usage(`unknown command "${command}"`)
    }
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`chorus: ${error.code}: ${error.message}\n`)
      for (const problem of error.problems) io.stderr(`  - ${problem}\n`)
      return 2
    }
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`chorus: usage: ${(error as Error).message}\n\n${USAGE}`)
      return 2
    }
    throw error
  }
}
