import { PutItemCommand, QueryCommand } from 'dynamodb-toolbox'
import type { z } from 'zod'
import { makeDefinitionEntity } from './entities/definition.ts'
import { type DefinitionKind, gsi, keys, SK_PREFIX } from './keys.ts'
import { rawQueryLast } from './raw-read.ts'
import { DefinitionItem } from './stored-items.ts'
import { type ChorusTable, isConditionalFailure } from './table.ts'

export interface Versioned<T> {
  definition: T
  version: number
  createdAt: string
}

/** A latest version with the name it is stored under (a prompt's name is not in its definition). */
export type Named<T> = Versioned<T> & { name: string }

/** One page of names: at most `limit`, in name order, after the name a previous page ended with. */
export interface DefinitionPage<T> {
  items: Named<T>[]
  /** The last name of this page when more follow: the next page starts after it. */
  next?: string
}

/** Versioned definitions of one kind (teams, prompts) per tenant; the latest version is the live one. */
export interface DefinitionStore<T> {
  /** Saves a new version (1 for a new name) and returns it. */
  save(tenantId: string, name: string, definition: T): Promise<Versioned<T>>
  /** Saves version 1 unless the name has any version (also a deleted one); true when it was created. */
  seed(tenantId: string, name: string, definition: T): Promise<boolean>
  /** The latest version, or the given one; undefined when missing or deleted. */
  get(tenantId: string, name: string, version?: number): Promise<Versioned<T> | undefined>
  /** The latest version of every name, deleted ones left out. */
  list(tenantId: string): Promise<Versioned<T>[]>
  /**
   * The latest version of each name in GSI1 order (by name), `limit` at a time after `after`; deleted
   * names left out. Each query is bounded by the index's key condition (`GSI1SK > after#999999`).
   */
  page(tenantId: string, page: { limit: number; after?: string }): Promise<DefinitionPage<T>>
  /** Deletes a name with a tombstone version (earlier versions stay, for audit); false when nothing to delete. */
  remove(tenantId: string, name: string): Promise<boolean>
}

/** The stored JSON of a tombstone version. */
const TOMBSTONE = 'null'
/** The highest version the key's six digits hold: `name#999999` sorts after every version of the name. */
const LAST_VERSION = 999_999

export const makeDefinitionStore = <S extends z.ZodType>(
  table: ChorusTable,
  kind: DefinitionKind,
  schema: S,
  clock: () => Date = () => new Date(),
): DefinitionStore<z.infer<S>> => {
  type T = z.infer<S>
  const entity = makeDefinitionEntity(table, kind)
  const pk = (tenantId: string, name: string) => keys.definition(tenantId, kind, name, 0).PK

  const decode = (item: {
    definitionJson: string
    version: number
    createdAt: string
  }): Versioned<T> | undefined =>
    item.definitionJson === TOMBSTONE
      ? undefined
      : {
          definition: schema.parse(JSON.parse(item.definitionJson)),
          version: item.version,
          createdAt: item.createdAt,
        }

  /** The latest version (or the given one), read as stored without toolbox's formatter (raw-read.ts). */
  const latest = async (tenantId: string, name: string, version?: number) =>
    rawQueryLast(
      entity,
      pk(tenantId, name),
      version === undefined
        ? { beginsWith: SK_PREFIX.version }
        : { eq: keys.definition(tenantId, kind, name, version).SK },
      DefinitionItem,
    )

  /** Writes `json` as `version`; a conditional put, so a version is never overwritten. */
  const write = async (tenantId: string, name: string, json: string, version: number) => {
    const createdAt = clock().toISOString()
    await entity
      .build(PutItemCommand)
      .item({
        tenantId,
        name,
        version,
        definitionJson: json,
        createdAt,
        ...gsi.definitionsByName(tenantId, kind, name, version),
      })
      .options({ condition: { attr: 'version', exists: false } })
      .send()
    return createdAt
  }

  /** Writes the next version, going again when a concurrent writer took it. */
  const writeNext = async (tenantId: string, name: string, json: string) => {
    for (;;) {
      const version = ((await latest(tenantId, name))?.version ?? 0) + 1
      try {
        return { version, createdAt: await write(tenantId, name, json, version) }
      } catch (error) {
        if (!isConditionalFailure(error)) throw error
      }
    }
  }

  return {
    get: async (tenantId, name, version) => {
      const found = await latest(tenantId, name, version)
      return found ? decode(found) : undefined
    },
    save: async (tenantId, name, definition) => {
      const valid = schema.parse(definition)
      const { version, createdAt } = await writeNext(tenantId, name, JSON.stringify(valid))
      return { definition: valid, version, createdAt }
    },
    seed: async (tenantId, name, definition) => {
      if (await latest(tenantId, name)) return false // it exists, or was deleted on purpose
      try {
        await write(tenantId, name, JSON.stringify(schema.parse(definition)), 1)
        return true
      } catch (error) {
        if (isConditionalFailure(error)) return false
        throw error
      }
    },
    remove: async (tenantId, name) => {
      const found = await latest(tenantId, name)
      if (!found || found.definitionJson === TOMBSTONE) return false
      await writeNext(tenantId, name, TOMBSTONE)
      return true
    },
    list: async (tenantId) => {
      const { Items = [] } = await table
        .build(QueryCommand)
        .query({ index: 'GSI1', partition: gsi.definitionsByName(tenantId, kind, '', 0).GSI1PK })
        .entities(entity)
        .options({ maxPages: Number.POSITIVE_INFINITY })
        .send()
      const newest = new Map<string, (typeof Items)[number]>()
      for (const found of Items) newest.set(found.name, found) // ascending name#version: the last one wins
      return [...newest.values()].flatMap((found) => decode(found) ?? [])
    },
    page: async (tenantId, { limit, after }) => {
      const partition = gsi.definitionsByName(tenantId, kind, '', 0).GSI1PK
      const range = after
        ? { gt: gsi.definitionsByName(tenantId, kind, after, LAST_VERSION).GSI1SK }
        : undefined
      type Item = { name: string; definitionJson: string; version: number; createdAt: string }
      // Versions of a name are adjacent, ascending: a name's group is complete once the next one starts.
      const groups: { name: string; latest: Item }[] = []
      const live = (complete: typeof groups) => complete.filter((g) => g.latest.definitionJson !== TOMBSTONE)
      let start: Record<string, unknown> | undefined
      do {
        const { Items = [], LastEvaluatedKey } = await table
          .build(QueryCommand)
          .query({ index: 'GSI1', partition, ...(range ? { range } : {}) })
          .entities(entity)
          .options({ limit: limit + 1, ...(start ? { exclusiveStartKey: start } : {}) })
          .send()
        for (const found of Items) {
          const last = groups.at(-1)
          if (last?.name === found.name) last.latest = found
          else groups.push({ name: found.name, latest: found })
        }
        start = LastEvaluatedKey
      } while (start && live(groups.slice(0, -1)).length <= limit)
      const named = live(start ? groups.slice(0, -1) : groups).flatMap(({ name, latest }) => {
        const found = decode(latest)
        return found ? [{ name, ...found }] : []
      })
      const items = named.slice(0, limit)
      const next = named.length > limit ? items.at(-1)?.name : undefined
      return { items, ...(next ? { next } : {}) }
    },
  }
}
