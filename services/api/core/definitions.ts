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

/** One thing wrong with a submitted definition: the dotted field path ('' for the whole) and why. */
export interface FieldProblem {
  path: string
  message: string
}

/** A submitted definition read: the typed value, or every problem found. */
export type ParsedDefinition<T> = { success: true; data: T } | { success: false; problems: FieldProblem[] }

export interface DefinitionRules<T> {
  kind: 'team' | 'trigger'
  /** Reads a definition submitted for a tenant: its schema and the kind's own checks, all problems at once. */
  parse: (tenantId: string, input: unknown) => Promise<ParsedDefinition<T>>
}

/** `body.tools.1: unknown tool "x"`: a problem as the API names it, by its path in the request body. */
const inBody = ({ path, message }: FieldProblem) => `${path ? `body.${path}` : 'body'}: ${message}`

/**
 * Create, update (a new version), read, list and delete of definitions kept as versioned data.
 * A submitted definition is read whole first (`read`): the size limit, then its schema, the
 * kind's checks and the name in the path, every problem in one answer.
 */
export const makeDefinitionService = <T extends { name: string }>(
  store: DefinitionStore<T>,
  { kind, parse }: DefinitionRules<T>,
) => ({
  /**
   * The definition in a request body, or an `ApiError` listing every problem: 400 (`team.invalid`,
   * `request.invalid` for other kinds) with the field paths, or 413 over the size limit.
   */
  read: async (tenantId: string, input: unknown, pathName?: string): Promise<T> => {
    const bytes = Buffer.byteLength(JSON.stringify(input) ?? '')
    if (bytes > MAX_DEFINITION_BYTES)
      throw new ApiError(
        'request.tooLarge',
        `a ${kind} of ${bytes} bytes is over the ${MAX_DEFINITION_BYTES}-byte limit`,
      )
    const parsed = await parse(tenantId, input)
    const problems = parsed.success ? [] : parsed.problems.map(inBody)
    const name = (input as { name?: unknown } | null)?.name
    if (pathName !== undefined && name !== pathName)
      problems.unshift(
        inBody({ path: 'name', message: `${JSON.stringify(name)} does not match the path ("${pathName}")` }),
      )
    if (!parsed.success || problems.length > 0)
      throw new ApiError(
        kind === 'team' ? 'team.invalid' : 'request.invalid',
        `invalid ${kind}${typeof name === 'string' ? ` ${name}` : ''}: ${problems.join('; ')}`,
        { problems },
      )
    return parsed.data
  },

  list: async (tenantId: string) =>
    (await store.list(tenantId)).map((found) => recordOf(found.definition.name, found)),

  /** The latest version of a name, or the one asked for (earlier versions stay readable). */
  get: async (tenantId: string, name: string, version?: number) => {
    const found = await store.get(tenantId, name, version)
    if (!found) throw notFound(kind, version === undefined ? name : `${name} version ${version}`)
    return recordOf(name, found)
  },

  /** Saves version 1 of a new name (a definition `read` returned); a name in use is a conflict. */
  create: async (tenantId: string, definition: T) => {
    if (await store.get(tenantId, definition.name))
      throw new ApiError(
        `${kind}.exists`,
        `${kind} ${definition.name} exists already; PUT a new version instead`,
      )
    return recordOf(definition.name, await store.save(tenantId, definition.name, definition))
  },

  /** Saves a new version (the first one for a new name) of a definition `read` returned. */
  put: async (tenantId: string, definition: T) =>
    recordOf(definition.name, await store.save(tenantId, definition.name, definition)),

  remove: async (tenantId: string, name: string) => {
    if (!(await store.remove(tenantId, name))) throw notFound(kind, name)
  },
})

export type DefinitionService<T extends { name: string }> = ReturnType<typeof makeDefinitionService<T>>
