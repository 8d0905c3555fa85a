import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { z } from 'zod'
import type { ChainLink, ModelCallRecord, ToolCallRecord } from '#platform/store/index.ts'
import type { RunAnchor } from './anchor-log.ts'
import { auditRecords } from './audit-run.ts'
import type { AuditReport } from './report.ts'
import { SignedHead } from './signed-head.ts'

/** Format of an exported run: JSON lines, a header first and a head line (chain head + digest) last. */
export const BUNDLE_FORMAT = 'chorus.audit-bundle/1'

const Header = z.object({
  kind: z.literal('header'),
  format: z.literal(BUNDLE_FORMAT),
  tenantId: z.string(),
  runId: z.string(),
  exportedAt: z.string(),
})
const EventLine = z.object({
  kind: z.literal('event'),
  seq: z.number(),
  eventId: z.string(),
  prevHash: z.string(),
  hash: z.string(),
  body: z.string(),
})
const ModelLine = z.object({
  kind: z.literal('modelCall'),
  record: z.custom<ModelCallRecord>((v) => typeof v === 'object' && v !== null),
})
const ToolLine = z.object({
  kind: z.literal('toolCall'),
  record: z.custom<ToolCallRecord>((v) => typeof v === 'object' && v !== null),
})
/** The run's latest anchored head, its inclusion proof and the signed tree head (ADR 0019). */
const AnchorLine = z.object({
  kind: z.literal('anchor'),
  leaf: z.object({ tenantId: z.string(), runId: z.string(), length: z.number().int(), head: z.string() }),
  index: z.number().int(),
  proof: z.array(z.string()),
  signedHead: SignedHead,
})
const Head = z.object({
  kind: z.literal('head'),
  chainHead: z.string(),
  events: z.number(),
  digest: z.string(),
  signature: z.string().optional(),
})

const digestOf = (lines: readonly string[]) => createHash('sha256').update(lines.join('\n')).digest('hex')
const sign = (key: string, digest: string) => createHmac('sha256', key).update(digest).digest('hex')

/**
 * Writes a run's log and records as a bundle, with the run's anchor (inclusion proof and signed
 * head) when it has one: checkable with the tenant's public key alone. With `signingKey` the
 * digest is also signed (HMAC-SHA256, a shared secret).
 */
export const exportBundle = (input: {
  tenantId: string
  runId: string
  links: readonly ChainLink[]
  modelCalls: readonly ModelCallRecord[]
  toolCalls: readonly ToolCallRecord[]
  signingKey?: string
  anchor?: RunAnchor
  now?: Date
}): string => {
  const lines = [
    JSON.stringify({
      kind: 'header',
      format: BUNDLE_FORMAT,
      tenantId: input.tenantId,
      runId: input.runId,
      exportedAt: (input.now ?? new Date()).toISOString(),
    }),
    ...input.links.map((link) => JSON.stringify({ kind: 'event', ...link })),
    ...input.modelCalls.map((record) => JSON.stringify({ kind: 'modelCall', record })),
    ...input.toolCalls.map((record) => JSON.stringify({ kind: 'toolCall', record })),
    ...(input.anchor ? [JSON.stringify({ kind: 'anchor', ...input.anchor })] : []),
  ]
  const digest = digestOf(lines)
  const chainHead = input.links.at(-1)?.hash ?? ''
  const head = {
    kind: 'head',
    chainHead,
    events: input.links.length,
    digest,
    ...(input.signingKey ? { signature: sign(input.signingKey, digest) } : {}),
  }
  return `${[...lines, JSON.stringify(head)].join('\n')}\n`
}

export type BundleVerdict = { ok: true; report: AuditReport } | { ok: false; problem: string }

/**
 * Verifies a bundle offline: its digest (and HMAC, given `signingKey`), then a full audit of its
 * records; given the tenant's `publicKey`, also its anchor (signed head, inclusion proof, the
 * anchored head in its events).
 */
export const verifyBundle = async (
  text: string,
  options: { signingKey?: string; publicKey?: string } = {},
): Promise<BundleVerdict> => {
  const lines = text.split('\n').filter((line) => line.length > 0)
  const last = lines.pop()
  const parse = (line: string | undefined) => {
    try {
      return line === undefined ? undefined : (JSON.parse(line) as unknown)
    } catch {
      return undefined
    }
  }
  const head = Head.safeParse(parse(last))
  const header = Header.safeParse(parse(lines[0]))
  if (!head.success || !header.success)
    return { ok: false, problem: 'not a Chorus audit bundle (header or head line missing)' }
  if (digestOf(lines) !== head.data.digest)
    return { ok: false, problem: 'the bundle was changed after export (digest mismatch)' }
  if (options.signingKey) {
    const expected = Buffer.from(sign(options.signingKey, head.data.digest))
    const given = Buffer.from(head.data.signature ?? '')
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, problem: 'the signature does not match the key' }
  }
  const links: ChainLink[] = []
  const modelCalls: ModelCallRecord[] = []
  const toolCalls: ToolCallRecord[] = []
  let runAnchor: RunAnchor | undefined
  for (const [index, line] of lines.slice(1).entries()) {
    const json = parse(line)
    const anchor = AnchorLine.safeParse(json)
    if (anchor.success) {
      const { kind: _, ...rest } = anchor.data
      runAnchor = rest
      continue
    }
    const event = EventLine.safeParse(json)
    const model = ModelLine.safeParse(json)
    const tool = ToolLine.safeParse(json)
    if (event.success)
      links.push({
        seq: event.data.seq,
        eventId: event.data.eventId,
        prevHash: event.data.prevHash,
        hash: event.data.hash,
        body: event.data.body,
      })
    else if (model.success) modelCalls.push(model.data.record)
    else if (tool.success) toolCalls.push(tool.data.record)
    else return { ok: false, problem: `line ${index + 2} is not a bundle record` }
  }
  if ((links.at(-1)?.hash ?? '') !== head.data.chainHead || links.length !== head.data.events)
    return { ok: false, problem: 'the chain head does not match the events in the bundle' }
  const report = await auditRecords({
    tenantId: header.data.tenantId,
    runId: header.data.runId,
    links,
    modelCalls,
    toolCalls,
    ...(options.publicKey ? { anchor: { runAnchor, publicKey: options.publicKey } } : {}),
  })
  return { ok: true, report }
}
