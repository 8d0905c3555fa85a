import { z } from 'zod'

const SecretName = z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a secret name like search.api-key')

/** How the tool authenticates, with a value taken from a named secret at call time. */
export const HttpAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('bearer'), secret: SecretName }).strict(),
  z.object({ type: z.literal('header'), name: z.string().min(1).max(128), secret: SecretName }).strict(),
  z.object({ type: z.literal('query'), name: z.string().min(1).max(128), secret: SecretName }).strict(),
])

/**
 * An HTTP/API tool defined purely as data: method, URL template (`{field}` placeholders filled
 * from the input, never in the host), JSON Schema of the input, headers, auth from a secret,
 * and which parts of the JSON response to hand back.
 */
export const HttpToolDefinition = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_.-]{0,63}$/, 'must be a tool name like search.web'),
    description: z.string().min(1).max(1000),
    method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
    url: z
      .string()
      .min(1)
      .max(2000)
      .refine((template) => {
        try {
          const probe = new URL(template.replace(/\{[a-zA-Z_][\w]*\}/g, 'x'))
          return (
            (probe.protocol === 'https:' || probe.protocol === 'http:') &&
            !/[{}]/.test(template.split('/')[2] ?? '')
          )
        } catch {
          return false
        }
      }, 'must be an http(s) URL whose host has no placeholders'),
    input: z.record(z.string(), z.unknown()).describe('JSON Schema of the input object'),
    headers: z.record(z.string(), z.string().max(1000)).default({}),
    /** Send the input fields not used in the URL as a JSON body. */
    body: z.enum(['none', 'json']).default('none'),
    auth: HttpAuth.optional(),
    /** Any plan with a team that declares this tool waits for a person's approval (ADR 0023). */
    requiresApproval: z.boolean().optional(),
    response: z
      .object({
        /** Dotted paths into the JSON response (`items[].title`, `total`); the whole body when absent. */
        pick: z
          .array(z.string().regex(/^[A-Za-z_$][\w$]*(\[\])?(\.[A-Za-z_$][\w$]*(\[\])?)*$/))
          .max(20)
          .optional(),
        maxChars: z.number().int().positive().max(200_000).default(20_000),
      })
      .strict()
      .default({ maxChars: 20_000 }),
  })
  .strict()
export type HttpToolDefinition = z.infer<typeof HttpToolDefinition>

/** Reads the value of a named secret (Secrets Manager on AWS, the environment locally). */
export type SecretReader = (name: string) => Promise<string | undefined>

/** Follows a dotted path; `name[]` maps the rest of the path over an array. */
export const project = (value: unknown, path: string): unknown => {
  const [head, ...rest] = path.split('.')
  if (head === undefined || value === null || typeof value !== 'object') return undefined
  const many = head.endsWith('[]')
  const next = (value as Record<string, unknown>)[many ? head.slice(0, -2) : head]
  if (!many) return rest.length === 0 ? next : project(next, rest.join('.'))
  if (!Array.isArray(next)) return undefined
  return rest.length === 0 ? next : next.map((item) => project(item, rest.join('.')))
}
