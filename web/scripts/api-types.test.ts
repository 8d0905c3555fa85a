import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { API_TYPES_FILE, generateApiTypes } from './api-types.ts'

describe("the console's API types", () => {
  it('match the OpenAPI document of the operations table (else: npm run console:api)', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8')

    const generated = await generateApiTypes()

    expect(committed === generated, 'web/src/api/schema.ts is stale: run npm run console:api').toBe(true)
  })
})
