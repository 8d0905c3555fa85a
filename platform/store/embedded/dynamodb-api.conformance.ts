import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  ResourceNotFoundException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '#events'

export interface DynamoApiEnv {
  client: DynamoDBClient
  documentClient: DynamoDBDocumentClient
  /** A table made by `ensureTable` (PK/SK, GSI1, GSI2). */
  tableName: string
  close(): Promise<void>
}

/** The error's name, or 'resolved' when the promise did not reject. */
const failure = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise
    return 'resolved'
  } catch (error) {
    return (error as Error).name
  }
}

/**
 * The part of DynamoDB's API the repositories rely on, asserted the same way on the embedded engine
 * and on DynamoDB (moto): transactions, return values, expressions, key conditions and sort order,
 * sparse indexes, paging, and the requests DynamoDB rejects (the embedded store must be as strict).
 */
export const describeDynamoApiConformance = (name: string, setup: () => Promise<DynamoApiEnv>) =>
  describe(`DynamoDB API conformance: ${name}`, () => {
    let env: DynamoApiEnv
    let TableName: string
    beforeAll(async () => {
      env = await setup()
      TableName = env.tableName
    })
    afterAll(() => env.close())
    const pk = () => `P#${newId()}`

    describe('transactions', () => {
      it('applies every action of a TransactWriteItems together', async () => {
        const PK = pk()
        await env.documentClient.send(new PutCommand({ TableName, Item: { PK, SK: 'c', n: 1 } }))
        await env.documentClient.send(new PutCommand({ TableName, Item: { PK, SK: 'd' } }))
        await env.documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName,
                  Item: { PK, SK: 'a', v: 'x' },
                  ConditionExpression: 'attribute_not_exists(PK)',
                },
              },
              {
                Update: {
                  TableName,
                  Key: { PK, SK: 'c' },
                  UpdateExpression: 'ADD n :one',
                  ExpressionAttributeValues: { ':one': 1 },
                },
              },
              {
                ConditionCheck: {
                  TableName,
                  Key: { PK, SK: 'd' },
                  ConditionExpression: 'attribute_exists(PK)',
                },
              },
            ],
          }),
        )
        const { Items } = await env.documentClient.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :p',
            ExpressionAttributeValues: { ':p': PK },
          }),
        )
        expect(Items).toEqual([
          { PK, SK: 'a', v: 'x' },
          { PK, SK: 'c', n: 2 },
          { PK, SK: 'd' },
        ])
      })

      it('cancels the whole transaction when one condition fails, naming the reason per action', async () => {
        const PK = pk()
        await env.documentClient.send(
          new PutCommand({ TableName, Item: { PK, SK: 'taken', owner: 'first' } }),
        )
        const attempt = env.documentClient.send(
          new TransactWriteCommand({
            TransactItems: [
              { Put: { TableName, Item: { PK, SK: 'new' } } },
              {
                Put: {
                  TableName,
                  Item: { PK, SK: 'taken', owner: 'second' },
                  ConditionExpression: 'attribute_not_exists(PK)',
                  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
                },
              },
            ],
          }),
        )
        const error = await attempt.catch((e: unknown) => e)
        expect(error).toBeInstanceOf(TransactionCanceledException)
        const reasons = (error as TransactionCanceledException).CancellationReasons ?? []
        expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed'])
        expect(reasons[1]?.Item).toEqual({ PK: { S: PK }, SK: { S: 'taken' }, owner: { S: 'first' } })
        expect(
          (await env.documentClient.send(new GetCommand({ TableName, Key: { PK, SK: 'new' } }))).Item,
        ).toBeUndefined()
      })

      it('rejects two actions on one item in a transaction', async () => {
        const PK = pk()
        const put = { Put: { TableName, Item: { PK, SK: 'a' } } }
        expect(
          await failure(env.documentClient.send(new TransactWriteCommand({ TransactItems: [put, put] }))),
        ).toBe('ValidationException')
      })

      it('reads items in request order with TransactGetItems, empty for a missing one', async () => {
        const PK = pk()
        await env.documentClient.send(new PutCommand({ TableName, Item: { PK, SK: 'a', v: 1 } }))
        const { Responses } = await env.documentClient.send(
          new TransactGetCommand({
            TransactItems: [
              { Get: { TableName, Key: { PK, SK: 'missing' } } },
              { Get: { TableName, Key: { PK, SK: 'a' } } },
            ],
          }),
        )
        expect(Responses?.map((r) => r.Item)).toEqual([undefined, { PK, SK: 'a', v: 1 }])
      })
    })

    describe('conditional writes and return values', () => {
      it('fails a conditional put with ConditionalCheckFailedException carrying the old item when asked', async () => {
        const PK = pk()
        const put = (owner: string) =>
          env.documentClient.send(
            new PutCommand({
              TableName,
              Item: { PK, SK: 'x', owner },
              ConditionExpression: 'attribute_not_exists(PK)',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          )
        await put('first')
        const error = await put('second').catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ConditionalCheckFailedException)
        expect((error as ConditionalCheckFailedException).Item).toEqual({
          PK: { S: PK },
          SK: { S: 'x' },
          owner: { S: 'first' },
        })
      })

      it('updates with SET arithmetic, if_not_exists, list_append, nested paths, REMOVE, ADD and DELETE', async () => {
        const Key = { PK: pk(), SK: 'u' }
        await env.documentClient.send(
          new PutCommand({
            TableName,
            Item: {
              ...Key,
              gone: 1,
              tags: new Set(['a', 'b']),
              marks: new Set(['x', 'y']),
              doc: { inner: { n: 1 } },
              list: [1],
            },
          }),
        )
        const { Attributes } = await env.documentClient.send(
          new UpdateCommand({
            TableName,
            Key,
            UpdateExpression:
              'SET #c = if_not_exists(#c, :zero) + :one, #l = list_append(#l, :more), doc.#in.n = doc.#in.n - :one REMOVE gone ADD tags :add DELETE marks :del',
            ExpressionAttributeNames: { '#c': 'count', '#l': 'list', '#in': 'inner' },
            ExpressionAttributeValues: {
              ':zero': 0,
              ':one': 1,
              ':more': [2, 3],
              ':add': new Set(['c']),
              ':del': new Set(['x']),
            },
            ReturnValues: 'ALL_NEW',
          }),
        )
        expect(Attributes).toEqual({
          ...Key,
          count: 1,
          list: [1, 2, 3],
          doc: { inner: { n: 0 } },
          tags: new Set(['a', 'b', 'c']),
          marks: new Set(['y']),
        })
        const updated = await env.documentClient.send(
          new UpdateCommand({
            TableName,
            Key,
            UpdateExpression: 'SET #c = #c + :one',
            ExpressionAttributeNames: { '#c': 'count' },
            ExpressionAttributeValues: { ':one': 1 },
            ReturnValues: 'UPDATED_OLD',
          }),
        )
        expect(updated.Attributes).toEqual({ count: 1 })
        const old = await env.documentClient.send(
          new DeleteCommand({ TableName, Key, ReturnValues: 'ALL_OLD' }),
        )
        expect(old.Attributes?.count).toBe(2)
      })

      it('evaluates AND, OR, NOT, IN, BETWEEN, comparisons, begins_with, contains, size and attribute_type', async () => {
        const Key = { PK: pk(), SK: 'c' }
        await env.documentClient.send(
          new PutCommand({
            TableName,
            Item: { ...Key, n: 5, s: 'hello', l: ['a', 'b'], ss: new Set(['x']) },
          }),
        )
        const holds = async (ConditionExpression: string, values: Record<string, unknown>) =>
          (await failure(
            env.documentClient.send(
              new UpdateCommand({
                TableName,
                Key,
                UpdateExpression: 'SET touched = :t',
                ConditionExpression,
                ExpressionAttributeValues: { ':t': true, ...values },
              }),
            ),
          )) === 'resolved'
        expect(await holds('n BETWEEN :a AND :b AND NOT (s = :x)', { ':a': 1, ':b': 5, ':x': 'nope' })).toBe(
          true,
        )
        expect(await holds('n IN (:a, :b) OR begins_with(s, :p)', { ':a': 1, ':b': 2, ':p': 'hel' })).toBe(
          true,
        )
        expect(
          await holds('contains(l, :v) AND contains(ss, :w) AND contains(s, :sub)', {
            ':v': 'b',
            ':w': 'x',
            ':sub': 'ell',
          }),
        ).toBe(true)
        expect(
          await holds('size(l) = :two AND attribute_type(n, :N) AND n > :four', {
            ':two': 2,
            ':N': 'N',
            ':four': 4,
          }),
        ).toBe(true)
        expect(await holds('n < :four OR attribute_not_exists(s)', { ':four': 4 })).toBe(false)
      })
    })

    describe('queries', () => {
      it('sorts string keys by their UTF-8 bytes', async () => {
        const PK = pk()
        const keys = ['\u{1F600}', '\uFF21', 'b', 'B', '\u00e9', 'a']
        for (const SK of keys) await env.documentClient.send(new PutCommand({ TableName, Item: { PK, SK } }))
        const { Items } = await env.documentClient.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :p',
            ExpressionAttributeValues: { ':p': PK },
          }),
        )
        expect(Items?.map((i) => i.SK)).toEqual(['B', 'a', 'b', '\u00e9', '\uFF21', '\u{1F600}'])
      })

      it('answers every sort-key condition, both directions, with paging, filters, projections and counts', async () => {
        const PK = pk()
        for (let i = 0; i < 12; i++)
          await env.documentClient.send(
            new PutCommand({
              TableName,
              Item: { PK, SK: `S#${String(i).padStart(2, '0')}`, i, odd: i % 2 === 1 },
            }),
          )
        await env.documentClient.send(new PutCommand({ TableName, Item: { PK, SK: 'T#1', i: 99 } }))
        const query = async (
          KeyConditionExpression: string,
          values: Record<string, unknown>,
          extra: object = {},
        ) =>
          (
            await env.documentClient.send(
              new QueryCommand({
                TableName,
                KeyConditionExpression,
                ExpressionAttributeValues: { ':p': PK, ...values },
                ...extra,
              }),
            )
          ).Items?.map((item) => item.i)
        expect(await query('PK = :p AND begins_with(SK, :s)', { ':s': 'S#0' })).toEqual([
          0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        ])
        expect(await query('PK = :p AND SK BETWEEN :a AND :b', { ':a': 'S#03', ':b': 'S#05' })).toEqual([
          3, 4, 5,
        ])
        expect(await query('PK = :p AND SK < :a', { ':a': 'S#02' })).toEqual([0, 1])
        expect(await query('PK = :p AND SK <= :a', { ':a': 'S#02' })).toEqual([0, 1, 2])
        expect(await query('PK = :p AND SK > :a', { ':a': 'S#10' })).toEqual([11, 99])
        expect(await query('PK = :p AND SK >= :a', { ':a': 'S#11' }, { ScanIndexForward: false })).toEqual([
          99, 11,
        ])
        expect(await query('PK = :p AND SK = :a', { ':a': 'S#07' })).toEqual([7])

        const pages: number[][] = []
        let ExclusiveStartKey: Record<string, unknown> | undefined
        do {
          const page = await env.documentClient.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)',
              FilterExpression: 'odd = :t',
              ExpressionAttributeValues: { ':p': PK, ':s': 'S#', ':t': true },
              Limit: 5,
              ScanIndexForward: false,
              ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
            }),
          )
          expect(page.ScannedCount).toBeLessThanOrEqual(5)
          pages.push((page.Items ?? []).map((item) => item.i as number))
          ExclusiveStartKey = page.LastEvaluatedKey
        } while (ExclusiveStartKey)
        expect(pages.flat()).toEqual([11, 9, 7, 5, 3, 1])

        const counted = await env.documentClient.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :p',
            ExpressionAttributeValues: { ':p': PK },
            Select: 'COUNT',
          }),
        )
        expect([counted.Count, counted.Items]).toEqual([13, undefined])
        const projected = await env.documentClient.send(
          new QueryCommand({
            TableName,
            KeyConditionExpression: 'PK = :p AND SK = :s',
            ProjectionExpression: '#i',
            ExpressionAttributeNames: { '#i': 'i' },
            ExpressionAttributeValues: { ':p': PK, ':s': 'S#04' },
          }),
        )
        expect(projected.Items).toEqual([{ i: 4 }])
      })

      it('keeps global secondary indexes sparse and pages through them', async () => {
        const PK = pk()
        const G = `G#${newId()}`
        for (let i = 0; i < 5; i++)
          await env.documentClient.send(
            new PutCommand({
              TableName,
              Item: { PK, SK: `${i}`, ...(i === 2 ? {} : { GSI1PK: G, GSI1SK: `k${4 - i}` }) },
            }),
          )
        const seen: string[] = []
        let ExclusiveStartKey: Record<string, unknown> | undefined
        do {
          const page = await env.documentClient.send(
            new QueryCommand({
              TableName,
              IndexName: 'GSI1',
              KeyConditionExpression: 'GSI1PK = :g',
              ExpressionAttributeValues: { ':g': G },
              Limit: 2,
              ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
            }),
          )
          seen.push(...(page.Items ?? []).map((item) => item.SK as string))
          ExclusiveStartKey = page.LastEvaluatedKey
        } while (ExclusiveStartKey)
        expect(seen).toEqual(['4', '3', '1', '0'])
      })

      it('writes and reads batches', async () => {
        const PK = pk()
        await env.documentClient.send(
          new BatchWriteCommand({
            RequestItems: {
              [TableName]: ['a', 'b', 'c'].map((SK) => ({ PutRequest: { Item: { PK, SK } } })),
            },
          }),
        )
        await env.documentClient.send(
          new BatchWriteCommand({
            RequestItems: { [TableName]: [{ DeleteRequest: { Key: { PK, SK: 'b' } } }] },
          }),
        )
        const { Responses } = await env.documentClient.send(
          new BatchGetCommand({
            RequestItems: { [TableName]: { Keys: ['a', 'b', 'c'].map((SK) => ({ PK, SK })) } },
          }),
        )
        expect((Responses?.[TableName] ?? []).map((item) => item.SK).sort()).toEqual(['a', 'c'])
        const scanned = await env.documentClient.send(
          new ScanCommand({
            TableName,
            FilterExpression: 'PK = :p',
            ExpressionAttributeValues: { ':p': PK },
          }),
        )
        expect(scanned.Items?.map((item) => item.SK).sort()).toEqual(['a', 'c'])
      })
    })

    describe('rejects what DynamoDB rejects', () => {
      const rejected = (promise: Promise<unknown>) =>
        expect(failure(promise)).resolves.toBe('ValidationException')

      it('an empty string as a key attribute or index key, or in a key condition', async () => {
        await rejected(env.documentClient.send(new PutCommand({ TableName, Item: { PK: '', SK: 'a' } })))
        await rejected(
          env.documentClient.send(
            new PutCommand({ TableName, Item: { PK: pk(), SK: 'a', GSI1PK: '', GSI1SK: 'x' } }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new QueryCommand({
              TableName,
              KeyConditionExpression: 'PK = :p AND begins_with(SK, :s)',
              ExpressionAttributeValues: { ':p': pk(), ':s': '' },
            }),
          ),
        )
      })

      it('an item over 400 KB (one under it is stored)', async () => {
        const PK = pk()
        await env.documentClient.send(
          new PutCommand({ TableName, Item: { PK, SK: 'small', blob: 'x'.repeat(300_000) } }),
        )
        await rejected(
          env.documentClient.send(
            new PutCommand({ TableName, Item: { PK, SK: 'big', blob: 'x'.repeat(420_000) } }),
          ),
        )
      })

      it('unused, undefined and malformed expression parts', async () => {
        const Key = { PK: pk(), SK: 'e' }
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET a = :a',
              ExpressionAttributeValues: { ':a': 1, ':b': 2 },
            }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET a = :a',
              ExpressionAttributeNames: { '#unused': 'x' },
              ExpressionAttributeValues: { ':a': 1 },
            }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new UpdateCommand({ TableName, Key, UpdateExpression: 'SET a = :missing' }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET a = :a,',
              ExpressionAttributeValues: { ':a': 1 },
            }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET a = :a, a = :a',
              ExpressionAttributeValues: { ':a': 1 },
            }),
          ),
        )
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET nothing.below = :a',
              ExpressionAttributeValues: { ':a': 1 },
            }),
          ),
        )
      })

      it('a change of a key attribute, a key of the wrong shape', async () => {
        const Key = { PK: pk(), SK: 'k' }
        await rejected(
          env.documentClient.send(
            new UpdateCommand({
              TableName,
              Key,
              UpdateExpression: 'SET SK = :s',
              ExpressionAttributeValues: { ':s': 'x' },
            }),
          ),
        )
        await rejected(env.documentClient.send(new GetCommand({ TableName, Key: { ...Key, extra: 1 } })))
      })

      it('a table that does not exist, with ResourceNotFoundException', async () => {
        const error = await env.client
          .send(
            new GetItemCommand({
              TableName: `missing-${newId().toLowerCase()}`,
              Key: { PK: { S: 'a' }, SK: { S: 'b' } },
            }),
          )
          .catch((e: unknown) => e)
        expect(error).toBeInstanceOf(ResourceNotFoundException)
      })
    })
  })
