import type { DefinitionStore, Versioned } from '#platform/store/index.ts'
import { ApiError, notFound } from './api-error.ts'

/** A definition is one DynamoDB item: keep it well under the 400 KB item limit. */
export const MAX_DEFINITION_BYTES = 64 * 1024

/** A stored version as the API shows it. */
export const recordOf = <T>(name: string, { definition, version, createdAt }: Versioned<T>) => ({
  name,
  version,
  createdAt,
  definition,
})

export interface DefinitionRules<T> {
  kind: 'team' | 'trigger'
  /** Problems beyond the schema (e.g. unknown tools); empty when the definition may be saved. */
  check?: (tenantId: string, definition: T) => Promise<string[]>
}

/**
 * Create, update (a new version), read, list and delete of definitions kept as versioned data,
 * with the checks every kind shares: the name in the path is the name in the body, the size
 * limit, and the kind's own checks.
 */
export const makeDefinitionService = <T extends { name: string }>(
  store: DefinitionStore<T>,
  { kind, check }: DefinitionRules<T>,
) => {
  const validate = async (tenantId: string, name: string, definition: T) => {
    if (definition.name !== name)
      throw new ApiError(
        'request.invalid',
        `body.name: "${definition.name}" does not match the path ("${name}")`,
      )
    const bytes = Buffer.byteLength(JSON.stringify(definition))
    if (bytes > MAX_DEFINITION_BYTES)
      throw new ApiError(
        'request.tooLarge',
        `${kind} ${name} is ${bytes} bytes, over the ${MAX_DEFINITION_BYTES}-byte limit`,
      )
    const problems = (await check?.(tenantId, definition)) ?? []
    if (problems.length > 0)
      throw new ApiError(
        kind === 'team' ? 'team.invalid' : 'request.invalid',
        `invalid ${kind} ${name}: ${problems.join('; ')}`,
        {
          problems,
        },
      )
  }

  return {
    list: async (tenantId: string) =>
      (await store.list(tenantId)).map((found) => recordOf(found.definition.name, found)),

    get: async (tenantId: string, name: string) => {
      const found = await store.get(tenantId, name)
      if (!found) throw notFound(kind, name)
      return recordOf(name, found)
    },

    /** Saves version 1 of a new name; a name in use is a conflict (update with `put`). */
    create: async (tenantId: string, definition: T) => {
      await validate(tenantId, definition.name, definition)
      if (await store.get(tenantId, definition.name))
        throw new ApiError(
          `${kind}.exists`,
          `${kind} ${definition.name} exists already; PUT a new version instead`,
        )
      return recordOf(definition.name, await store.save(tenantId, definition.name, definition))
    },

    /** Saves a new version (the first one for a new name). */
    put: async (tenantId: string, name: string, definition: T) => {
      await validate(tenantId, name, definition)
      return recordOf(name, await store.save(tenantId, name, definition))
    },

    remove: async (tenantId: string, name: string) => {
      if (!(await store.remove(tenantId, name))) throw notFound(kind, name)
    },
  }
}

export type DefinitionService<T extends { name: string }> = ReturnType<typeof makeDefinitionService<T>>
