import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
import { marshall, type marshallOptions, unmarshall, type unmarshallOptions } from '@aws-sdk/util-dynamodb'
import type { EmbeddedStore } from './engine.ts'

interface CallContext {
  commandName?: string
  __aws_sdk_context?: { features?: Record<string, unknown> }
}
type Map = Record<string, AttributeValue>
type Output = Record<string, unknown>
type Middleware = Parameters<DynamoDBClient['middlewareStack']['addRelativeTo']>[0]

/**
 * Where the document client (lib-dynamodb) unmarshalls each command's output. Its own
 * `DocumentUnmarshall` step runs after the HTTP response, which the engine skips, so the engine
 * does the same conversion for document commands.
 */
const DOCUMENT_OUTPUT: Record<string, (output: Output, convert: (m: Map) => unknown) => Output> = {
  GetItemCommand: (o, c) => (o.Item ? { ...o, Item: c(o.Item as Map) } : o),
  PutItemCommand: (o, c) => (o.Attributes ? { ...o, Attributes: c(o.Attributes as Map) } : o),
  UpdateItemCommand: (o, c) => (o.Attributes ? { ...o, Attributes: c(o.Attributes as Map) } : o),
  DeleteItemCommand: (o, c) => (o.Attributes ? { ...o, Attributes: c(o.Attributes as Map) } : o),
  QueryCommand: (o, c) => page(o, c),
  ScanCommand: (o, c) => page(o, c),
  BatchGetItemCommand: (o, c) => ({
    ...o,
    Responses: Object.fromEntries(
      Object.entries(o.Responses as Record<string, Map[]>).map(([t, items]) => [t, items.map(c)]),
    ),
  }),
  TransactGetItemsCommand: (o, c) => ({
    ...o,
    Responses: (o.Responses as { Item?: Map }[]).map((r) => (r.Item ? { Item: c(r.Item) } : r)),
  }),
}

const page = (o: Output, c: (m: Map) => unknown): Output => ({
  ...o,
  ...(o.Items ? { Items: (o.Items as Map[]).map(c) } : {}),
  ...(o.LastEvaluatedKey ? { LastEvaluatedKey: c(o.LastEvaluatedKey as Map) } : {}),
})

/** True when lib-dynamodb's `DocumentMarshall` step ran for this call (it records the DDB_MAPPER feature). */
const isDocumentCommand = (context: CallContext) =>
  context.__aws_sdk_context?.features?.DDB_MAPPER !== undefined

/** The name of the middleware through which the embedded engine answers. */
export const EMBEDDED_STORE_MIDDLEWARE = 'chorusEmbeddedStore'

/** Sees a request the way it goes to DynamoDB: the low-level command name and its marshalled input. */
export type RequestObserver = (command: string, input: object) => void

/** The observers of each embedded client's requests (see {@link observeRequests}). */
const embeddedClients = new WeakMap<DynamoDBClient, Set<RequestObserver>>()

/** True when the embedded engine answers this client's commands (see {@link attachEmbeddedStore}). */
export const isEmbeddedClient = (client: DynamoDBClient) => embeddedClients.has(client)

/**
 * Calls `observer` with every request the client makes, whichever engine answers it: before the
 * embedded engine answers it (also on the document client's direct path), else from a middleware
 * right before endpoint resolution, where the input is marshalled as DynamoDB receives it.
 */
export const observeRequests = (client: DynamoDBClient, observer: RequestObserver): void => {
  const observers = embeddedClients.get(client)
  if (observers) {
    observers.add(observer)
    return
  }
  const middleware = ((next: (args: { input: object }) => Promise<unknown>, context: CallContext) =>
    async (args: { input: object }) => {
      observer(context.commandName ?? 'unknown', args.input)
      return next(args)
    }) as unknown as Middleware
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'before',
    toMiddleware: 'endpointV2Middleware',
    name: `chorusRequestObserver${++observerCount}`,
  })
}
let observerCount = 0

const unmarshallOptionsOf = (client: DynamoDBClient) =>
  (client.config as { translateConfig?: { unmarshallOptions?: unmarshallOptions } }).translateConfig
    ?.unmarshallOptions

/** What the engine answers, as the SDK returns it: the output with its `$metadata`. */
const answer = (store: EmbeddedStore, observers: Set<RequestObserver>, command: string, input: object) => {
  for (const observe of observers) observe(command, input)
  return store.execute(command, input) as Output
}
const metadata = () => ({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 })

/**
 * Makes a DynamoDB client answer every command from the embedded engine, in process: a middleware
 * right before endpoint resolution (inside the document client's marshalling, before serialization,
 * signing, retries and HTTP; an endpoint is never used, and resolving it copied the client's whole
 * configuration per request) hands the command's low-level input to the engine and returns its
 * output. Middleware earlier in the stack still sees every low-level command; observers that must
 * see every request, the document client's included, use {@link observeRequests}. Errors are the
 * SDK's own exception classes.
 */
export const attachEmbeddedStore = (client: DynamoDBClient, store: EmbeddedStore): void => {
  const observers = new Set<RequestObserver>()
  const middleware = ((_next: unknown, context: CallContext) => async (args: { input: object }) => {
    const command = context.commandName ?? ''
    // The engine is synchronous: see yieldTurn for when it lets the event loop go on first.
    const turn = yieldTurn()
    if (turn) await turn
    const output = answer(store, observers, command, args.input)
    const document = isDocumentCommand(context) ? DOCUMENT_OUTPUT[command] : undefined
    const options = unmarshallOptionsOf(client)
    const converted = document
      ? document(output, (map) => unmarshall(map, { ...options, convertWithoutMapWrapper: false }))
      : output
    return {
      output: { ...converted, $metadata: metadata() },
      response: { statusCode: 200, headers: {}, body: undefined },
    }
  }) as unknown as Middleware
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'before',
    toMiddleware: 'endpointV2Middleware',
    name: EMBEDDED_STORE_MIDDLEWARE,
    override: true,
  })
  embeddedClients.set(client, observers)
}

/** What a lib-dynamodb command carries besides its input: which members it (un)marshalls. */
interface DocumentCommand {
  input: Record<string, unknown>
  inputKeyNodes: KeyNodes
  clientCommand: { constructor: { name: string } }
}
type KeyNodes = { [member: string]: KeyNodes } | KeyNodes[] | null

const isDocumentClientCommand = (command: unknown): command is DocumentCommand =>
  typeof command === 'object' &&
  command !== null &&
  'inputKeyNodes' in command &&
  'clientCommand' in command &&
  typeof (command as { input?: unknown }).input === 'object'

/**
 * The document client's input marshalling, as lib-dynamodb does it: `keyNodes` names the members
 * holding native values (`{}`: every value of a map, `[]`: every element of a list, `'*'`: every
 * member one level down, `null`: the member itself); everything else passes as it is.
 */
const marshallMembers = (
  value: unknown,
  keyNodes: KeyNodes | undefined,
  options: marshallOptions,
): unknown => {
  if (value === undefined) return undefined
  if (keyNodes === null || keyNodes === undefined) return marshall(value as never, options)
  const names = Object.keys(keyNodes)
  if (names.length === 0) {
    // Every member (of a map) or element (of a list) is a native value; undefined ones are left out.
    if (Array.isArray(value))
      return value.filter((v) => typeof v !== 'function').map((v) => marshallMembers(v, null, options))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as object)) {
      const m = typeof v === 'function' ? undefined : marshallMembers(v, null, options)
      if (m !== undefined) out[k] = m
    }
    return out
  }
  if (names.length === 1 && names[0] === '*') {
    const next = (keyNodes as Record<string, KeyNodes>)['*']
    if (Array.isArray(value)) return value.map((v) => marshallMembers(v, next, options))
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value as object))
      if (typeof v !== 'function') out[k] = marshallMembers(v, next, options)
    return out
  }
  const out: Record<string, unknown> = Array.isArray(value) ? ([] as never) : {}
  for (const [k, v] of Object.entries(value as object)) if (typeof v !== 'function') out[k] = v
  for (const [member, nodes] of Object.entries(keyNodes as Record<string, KeyNodes>)) {
    const converted = marshallMembers((value as Record<string, unknown>)[member], nodes, options)
    if (converted !== undefined) out[member] = converted
  }
  return out
}

/**
 * The document client of an embedded client, answering its own commands without the SDK's
 * middleware stack: each `send` built and sorted the whole stack of the command (~60 µs of CPU a
 * request, three times the engine's own work for a GetItem). It marshalls the input as lib-dynamodb
 * does, tells the client's observers, lets the event loop go on first when {@link yieldTurn} says so,
 * and unmarshalls the output as the middleware path does. Anything that is not a document command
 * goes the usual way.
 */
export const answerDocumentsDirectly = (
  documentClient: DynamoDBDocumentClient,
  client: DynamoDBClient,
  store: EmbeddedStore,
): DynamoDBDocumentClient => {
  const observers = embeddedClients.get(client)
  if (!observers) throw new Error('answerDocumentsDirectly: the client has no embedded store attached')
  const config = documentClient.config as { translateConfig?: { marshallOptions?: marshallOptions } }
  const marshalling: marshallOptions = {
    ...config.translateConfig?.marshallOptions,
    convertTopLevelContainer: config.translateConfig?.marshallOptions?.convertTopLevelContainer ?? true,
  }
  const send = async (command: unknown, ...rest: unknown[]) => {
    if (!isDocumentClientCommand(command))
      return (documentClient.send as (...args: unknown[]) => Promise<unknown>)(command, ...rest)
    const name = command.clientCommand.constructor.name
    const convert = DOCUMENT_OUTPUT[name]
    const input = marshallMembers(command.input, command.inputKeyNodes, marshalling) as object
    const turn = yieldTurn()
    if (turn) await turn
    const output = answer(store, observers, name, input)
    const options = unmarshallOptionsOf(client)
    const converted = convert
      ? convert(output, (map) => unmarshall(map, { ...options, convertWithoutMapWrapper: false }))
      : output
    return { ...converted, $metadata: metadata() }
  }
  return Object.assign(Object.create(documentClient) as DynamoDBDocumentClient, { send })
}

/** How long the requests of one turn of the event loop may run before a request waits for the next turn. */
const TURN_BUDGET_MS = 2

/** When the first request of this turn came (-1: none yet); an immediate clears it as the turn ends. */
let turnStart = -1
const endTurn = () => {
  turnStart = -1
}
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Lets the event loop go on before the engine answers once the requests of this turn have run for
 * {@link TURN_BUDGET_MS}. The engine is synchronous, and a chain of answers given at once would keep
 * every other request and timer waiting until one request's whole work is done (a sync chat ran
 * start to end in one turn). A turn runs at most the budget plus, for each caller, one stretch of
 * its own work between two requests.
 *
 * Waiting for the next turn before every request, as a request over the network would, cost
 * 1.2-1.7 CPU-ms of the main thread per sequential sync chat (68-73 requests; 2.0-2.7 CPU-ms of the
 * process). With the budget a chat waits 8-9 times and saves about half of that: 0.55-0.75 CPU-ms
 * of the main thread, 0.9-1.4 of the process (e.g. 24.3 -> 23.5 and 27.7 -> 26.8; medians of 40
 * windows of 20 chats, the policies alternated in one process, 4 runs). The
 * event loop's worst delay during a burst of 8 concurrent sync chats stays as it was (median of the
 * bursts' maxima 14-20 ms against 13-24; 53-84 ms with no wait at all) and their median wall time
 * went down (~190-270 -> ~145-175 ms): a chat goes on for 2 ms instead of one request at a time.
 * CPU per step at 8 runs in flight did not change (~11.4 ms). Waiting every N requests (N = 8)
 * bounds nothing in time and made the worst delay worse (median 47 ms).
 */
const yieldTurn = (): Promise<void> | undefined => {
  const now = performance.now()
  if (turnStart < 0) {
    turnStart = now
    setImmediate(endTurn)
    return undefined
  }
  return now - turnStart < TURN_BUDGET_MS ? undefined : nextTurn()
}
