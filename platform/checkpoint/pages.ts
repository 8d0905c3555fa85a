/** One page of a Query or Scan. */
export interface Page<T> {
  Items?: T[]
  LastEvaluatedKey?: Record<string, unknown>
}

/**
 * The items of a paginated Query or Scan, fetched lazily: the next page is requested only when the
 * consumer asks for more, so `list({ limit: 1 })` reads one page, not the whole thread.
 */
export async function* paginate<T>(
  fetchPage: (exclusiveStartKey: Record<string, unknown> | undefined) => Promise<Page<T>>,
): AsyncGenerator<T> {
  let startKey: Record<string, unknown> | undefined
  do {
    const page = await fetchPage(startKey)
    yield* page.Items ?? []
    startKey = page.LastEvaluatedKey
  } while (startKey)
}

/** Every item of a paginated Query or Scan. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}
