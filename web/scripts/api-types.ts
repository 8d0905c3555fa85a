// The console's API types, generated from the OpenAPI document the server serves (openapi-typescript):
// `npm run console:api` writes web/src/api/schema.ts; web/scripts/api-types.test.ts fails when it is stale.
import { writeFile } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'
import { API_OPERATIONS, ErrorBody, openApiDocument } from '#services/api/index.ts'

/** Where the generated types live (committed, so the console type-checks without a server). */
export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/schema.ts', import.meta.url))

const HEADER = `// Generated from the OpenAPI document of services/api (routes.ts) by openapi-typescript.
// Do not edit: run \`npm run console:api\` after changing an operation or a schema.
`

/** The text of web/src/api/schema.ts for the current operations table. */
export const generateApiTypes = async (): Promise<string> => {
  const document = openApiDocument(API_OPERATIONS, ErrorBody)
  const ast = await openapiTS(document as unknown as OpenAPI3, { alphabetize: false })
  return `${HEADER}\n${astToString(ast)}`
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(API_TYPES_FILE, await generateApiTypes())
  process.stdout.write(`wrote ${API_TYPES_FILE}\n`)
}
