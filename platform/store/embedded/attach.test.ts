import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { afterEach, describe, expect, it } from 'vitest'
import { answerDocumentsDirectly, attachEmbeddedStore, observeRequests } from './attach.ts'
import { type EmbeddedStore, openEmbeddedStore } from './engine.ts'

const TableName = 'things'

/** An embedded client whose document client goes through the SDK's middleware stack, or directly. */
const open = (direct: boolean) => {
  const store = openEmbeddedStore({ sweepIntervalMs: 0 })
  store.execute('CreateTableCommand', {
    TableName,
    AttributeDefinitions: ['PK', 'SK', 'G'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byG',
        KeySchema: [{ AttributeName: 'G', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  })
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: 'http://embedded.invalid',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  })
  attachEmbeddedStore(client, store)
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } })
  const seen: string[] = []
  observeRequests(client, (command) => seen.push(command))
  return {
    store,
    seen,
    documents: direct ? answerDocumentsDirectly(documents, client, store) : documents,
  }
}

/** What a call answered, without `$metadata`; a rejection as its class name and message. */
const outcome = async (call: Promise<object>) => {
  try {
    const { $metadata: _, ...rest } = (await call) as { $metadata?: unknown }
    return rest
  } catch (error) {
    return { rejected: `${(error as Error).name}: ${(error as Error).message}` }
  }
}

/** The same calls, in order, on a document client; every outcome. */
const script = async (documents: DynamoDBDocumentClient) => {
  const key = (SK: string) => ({ PK: 'p', SK })
  const item = (SK: string, extra: object = {}) => ({
    ...key(SK),
    G: 'g',
    n: 1.5,
    list: ['a', 2, { deep: true }],
    set: new Set(['x', 'y']),
    bytes: Uint8Array.of(1, 2, 3),
    gone: undefined,
    ...extra,
  })
  return [
    await outcome(documents.send(new PutCommand({ TableName, Item: item('a') }))),
    await outcome(
      documents.send(
        new PutCommand({
          TableName,
          Item: item('a', { n: 2 }),
          ConditionExpression: 'attribute_not_exists(PK)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    ),
    await outcome(documents.send(new PutCommand({ TableName, Item: item('b'), ReturnValues: 'ALL_OLD' }))),
    await outcome(documents.send(new GetCommand({ TableName, Key: key('a') }))),
    await outcome(documents.send(new GetCommand({ TableName, Key: key('missing') }))),
    await outcome(
      documents.send(
        new UpdateCommand({
          TableName,
          Key: key('a'),
          UpdateExpression: 'SET n = n + :one, #m.#k = :v',
          ExpressionAttributeNames: { '#m': 'map', '#k': 'k' },
          ExpressionAttributeValues: { ':one': 1, ':v': { nested: ['v'] } },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    ),
    await outcome(
      documents.send(
        new UpdateCommand({
          TableName,
          Key: key('a'),
          UpdateExpression: 'SET #m = :m, n = n + :one',
          ExpressionAttributeNames: { '#m': 'map' },
          ExpressionAttributeValues: { ':one': 1, ':m': { k: 'v' } },
          ReturnValues: 'UPDATED_OLD',
        }),
      ),
    ),
    await outcome(
      documents.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'PK = :p AND SK > :s',
          FilterExpression: 'n > :n',
          ExpressionAttributeValues: { ':p': 'p', ':s': '0', ':n': 0 },
          Limit: 1,
        }),
      ),
    ),
    await outcome(
      documents.send(
        new QueryCommand({
          TableName,
          IndexName: 'byG',
          KeyConditionExpression: 'G = :g',
          ExpressionAttributeValues: { ':g': 'g' },
          ExclusiveStartKey: { PK: 'p', SK: 'a', G: 'g' },
        }),
      ),
    ),
    await outcome(documents.send(new ScanCommand({ TableName, ProjectionExpression: 'SK, n' }))),
    await outcome(
      documents.send(
        new BatchWriteCommand({
          RequestItems: {
            [TableName]: [{ PutRequest: { Item: item('c') } }, { DeleteRequest: { Key: key('b') } }],
          },
        }),
      ),
    ),
    await outcome(
      documents.send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys: [key('a'), key('c')] } } })),
    ),
    await outcome(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: item('d') } },
            {
              Update: {
                TableName,
                Key: key('c'),
                UpdateExpression: 'SET n = :n',
                ExpressionAttributeValues: { ':n': 9 },
              },
            },
            {
              ConditionCheck: {
                TableName,
                Key: key('missing'),
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
          ],
        }),
      ),
    ),
    await outcome(
      documents.send(
        new TransactWriteCommand({
          TransactItems: [
            { Put: { TableName, Item: item('d') } },
            {
              Delete: {
                TableName,
                Key: key('c'),
                ConditionExpression: 'n = :n',
                ExpressionAttributeValues: { ':n': 1.5 },
              },
            },
          ],
        }),
      ),
    ),
    await outcome(
      documents.send(
        new TransactGetCommand({
          TransactItems: [{ Get: { TableName, Key: key('d') } }, { Get: { TableName, Key: key('c') } }],
        }),
      ),
    ),
    await outcome(documents.send(new DeleteCommand({ TableName, Key: key('a'), ReturnValues: 'ALL_OLD' }))),
    await outcome(documents.send(new GetCommand({ TableName, Key: { PK: 'p' } }))),
  ]
}

describe('the document client of an embedded client, answered directly', () => {
  const stores: EmbeddedStore[] = []
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
  })

  it('answers, rejects, stores and is observed exactly as through the SDK middleware stack', async () => {
    const [stacked, direct] = [open(false), open(true)]
    stores.push(stacked.store, direct.store)
    const expected = await script(stacked.documents)
    expect(await script(direct.documents)).toEqual(expected)
    // The script covers answers with items, pages, keys to go on from, and both kinds of rejection.
    expect(JSON.stringify(expected)).toContain('ConditionalCheckFailedException')
    expect(JSON.stringify(expected)).toContain('TransactionCanceledException')
    expect(JSON.stringify(expected)).toContain('ValidationException')
    expect(expected.some((o) => 'LastEvaluatedKey' in o)).toBe(true)
    const everything = { TableName, ConsistentRead: true }
    expect(direct.store.execute('ScanCommand', everything)).toEqual(
      stacked.store.execute('ScanCommand', everything),
    )
    expect(direct.seen).toEqual(stacked.seen)
    expect(direct.seen).toHaveLength(expected.length)
  })

  it('sends what is not a document command through the client as usual', async () => {
    const { store, seen, documents } = open(true)
    stores.push(store)
    const { GetItemCommand } = await import('@aws-sdk/client-dynamodb')
    const answer = await documents.send(
      new GetItemCommand({ TableName, Key: { PK: { S: 'p' }, SK: { S: 'none' } } }) as never,
    )
    expect(answer).toMatchObject({ $metadata: { httpStatusCode: 200 } })
    expect(seen).toEqual(['GetItemCommand'])
  })
})

describe('how the embedded engine shares the event loop', () => {
  const stores: EmbeddedStore[] = []
  afterEach(() => {
    for (const store of stores.splice(0)) store.close()
  })
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve))

  it.each([
    ['through the SDK middleware stack', false],
    ['answered directly', true],
  ])('lets a timer run during a long chain of requests (%s)', async (_, direct) => {
    const { store, documents } = open(direct)
    stores.push(store)
    await documents.send(new PutCommand({ TableName, Item: { PK: 'p', SK: 's', n: 1 } }))
    // Thousands of requests run for far longer than a turn may: the timer must not wait for them all.
    const chain = 3000
    let answered = 0
    let answeredWhenTimerRan = -1
    setTimeout(() => {
      answeredWhenTimerRan = answered
    }, 0)
    for (let i = 0; i < chain; i++) {
      await documents.send(new GetCommand({ TableName, Key: { PK: 'p', SK: 's' } }))
      answered += 1
    }
    expect(answeredWhenTimerRan).toBeGreaterThanOrEqual(0)
    expect(answeredWhenTimerRan).toBeLessThan(chain)
  })

  it.each([
    ['through the SDK middleware stack', false],
    ['answered directly', true],
  ])('answers the first request of a turn within that turn (%s)', async (_, direct) => {
    const { store, documents } = open(direct)
    stores.push(store)
    // Two turns on, no request of an earlier turn is left in the current one.
    await nextTurn()
    await nextTurn()
    let nextTurnRan = false
    setImmediate(() => {
      nextTurnRan = true
    })
    const answer = await documents.send(new GetCommand({ TableName, Key: { PK: 'p', SK: 's' } }))
    expect(answer.Item).toBeUndefined()
    expect(nextTurnRan).toBe(false)
  })
})
