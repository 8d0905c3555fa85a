/** An attribute value in DynamoDB's JSON wire format. */
type AttributeValue = {
  S?: string
  N?: string
  B?: string
  BOOL?: boolean
  NULL?: boolean
  M?: Record<string, AttributeValue>
  L?: AttributeValue[]
  SS?: string[]
  NS?: string[]
  BS?: string[]
}

const utf8 = (text: string) => Buffer.byteLength(text)
const numberSize = (n: string) => Math.ceil(n.replace(/^[-0.]+|[.eE].*$|\./g, '').length / 2) + 1
const binarySize = (b64: string) => Buffer.from(b64, 'base64').byteLength

/** Size of one attribute value by DynamoDB's item-size rules (what write units and storage bill). */
const valueSize = (value: AttributeValue): number => {
  if (value.S !== undefined) return utf8(value.S)
  if (value.N !== undefined) return numberSize(value.N)
  if (value.B !== undefined) return binarySize(value.B)
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1
  if (value.M)
    return 3 + Object.entries(value.M).reduce((sum, [name, v]) => sum + utf8(name) + valueSize(v) + 1, 0)
  if (value.L) return 3 + value.L.reduce((sum, v) => sum + valueSize(v) + 1, 0)
  if (value.SS) return value.SS.reduce((sum, s) => sum + utf8(s), 0)
  if (value.NS) return value.NS.reduce((sum, n) => sum + numberSize(n), 0)
  if (value.BS) return value.BS.reduce((sum, b) => sum + binarySize(b), 0)
  return 0
}

/** Size of an item (attribute names plus values). */
export const itemSize = (item: Record<string, AttributeValue>): number =>
  Object.entries(item).reduce((sum, [name, value]) => sum + utf8(name) + valueSize(value), 0)

/**
 * Bytes of the items a write request stores: the item of a PutItem, every item of a BatchWrite
 * put; for an UpdateItem, its key and the values it sets; a transaction's puts and updates alike.
 */
export const storedBytes = (command: string, body: string): number => {
  const request = JSON.parse(body) as {
    Item?: Record<string, AttributeValue>
    Key?: Record<string, AttributeValue>
    ExpressionAttributeValues?: Record<string, AttributeValue>
    RequestItems?: Record<string, { PutRequest?: { Item: Record<string, AttributeValue> } }[]>
    TransactItems?: {
      Put?: { Item: Record<string, AttributeValue> }
      Update?: {
        Key: Record<string, AttributeValue>
        ExpressionAttributeValues?: Record<string, AttributeValue>
      }
    }[]
  }
  if (command === 'PutItemCommand' && request.Item) return itemSize(request.Item)
  if (command === 'UpdateItemCommand')
    return itemSize(request.Key ?? {}) + itemSize(request.ExpressionAttributeValues ?? {})
  if (command === 'BatchWriteItemCommand')
    return Object.values(request.RequestItems ?? {})
      .flat()
      .reduce((sum, entry) => sum + (entry.PutRequest ? itemSize(entry.PutRequest.Item) : 0), 0)
  if (command === 'TransactWriteItemsCommand')
    return (request.TransactItems ?? []).reduce(
      (sum, { Put, Update }) =>
        sum +
        (Put ? itemSize(Put.Item) : 0) +
        (Update ? itemSize(Update.Key) + itemSize(Update.ExpressionAttributeValues ?? {}) : 0),
      0,
    )
  return 0
}
