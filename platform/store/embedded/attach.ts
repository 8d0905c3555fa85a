import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { unmarshall, type unmarshallOptions } from '@aws-sdk/util-dynamodb'
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

const embeddedClients = new WeakSet<DynamoDBClient>()

/** True when the embedded engine answers this client's commands (see {@link attachEmbeddedStore}). */
export const isEmbeddedClient = (client: DynamoDBClient) => embeddedClients.has(client)

/**
 * Makes a DynamoDB client answer every command from the embedded engine, in process: a middleware
 * right before endpoint resolution (inside the document client's marshalling, before serialization,
 * signing, retries and HTTP; an endpoint is never used, and resolving it copied the client's whole
 * configuration per request) hands the command's low-level input to the engine and returns its
 * output. Middleware earlier in the stack (request counters, the document client's marshalling)
 * still sees every command; middleware meant to see requests where the engine answers them goes
 * `before` {@link EMBEDDED_STORE_MIDDLEWARE}. Errors are the SDK's own exception classes.
 */
export const attachEmbeddedStore = (client: DynamoDBClient, store: EmbeddedStore): void => {
  const middleware = ((_next: unknown, context: CallContext) => async (args: { input: object }) => {
    const command = context.commandName ?? ''
    // Answer on the next turn of the event loop, as a request over the network would: the engine is
    // synchronous, and a chain of answers given at once would keep every other request and timer
    // waiting until one request's whole work is done (a sync chat ran start to end in one turn).
    await nextTurn()
    const output = store.execute(command, args.input) as Output
    const document = isDocumentCommand(context) ? DOCUMENT_OUTPUT[command] : undefined
    const options = (client.config as { translateConfig?: { unmarshallOptions?: unmarshallOptions } })
      .translateConfig?.unmarshallOptions
    const converted = document
      ? document(output, (map) => unmarshall(map, { ...options, convertWithoutMapWrapper: false }))
      : output
    return {
      output: { ...converted, $metadata: { httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 } },
      response: { statusCode: 200, headers: {}, body: undefined },
    }
  }) as unknown as Middleware
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'before',
    toMiddleware: 'endpointV2Middleware',
    name: EMBEDDED_STORE_MIDDLEWARE,
    override: true,
  })
  embeddedClients.add(client)
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))
