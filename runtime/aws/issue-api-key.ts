import { realpathSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { TenantId } from '#events'
import { issueApiKey } from '#platform/auth/index.ts'
import { makeApiKeyStore, makeDynamoClients, makeTable } from '#platform/store/index.ts'

export const USAGE = `Issue a Chorus API key for a tenant on AWS (stored hashed in the table; printed once).

Usage: npx tsx runtime/aws/issue-api-key.ts --tenant <id> [--label <text>] [--table <name>] [--region <r>]

  --tenant   the tenant the key belongs to (the custom:tenant of its users' tokens)
  --label    who or what the key is for (default: "issued by an operator")
  --table    the table (default: CHORUS_TABLE_NAME; the Data stack's TableName output)
  --region   the region (default: AWS_REGION)
Credentials come from the AWS SDK's usual chain; CHORUS_DYNAMODB_ENDPOINT points it at an emulator.
The key goes to stdout, its id to stderr.`

export interface IssueOptions {
  tenantId: string
  label: string
  tableName: string
  region: string
  endpoint?: string
}

/** Reads the command line and environment; throws a usage message naming what is missing or wrong. */
export const issueOptions = (argv: string[], env: Record<string, string | undefined>): IssueOptions => {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      label: { type: 'string', default: 'issued by an operator' },
      table: { type: 'string' },
      region: { type: 'string' },
    },
    strict: true,
  })
  const tenant = TenantId.safeParse(values.tenant)
  if (!tenant.success) throw new Error(`--tenant must be a tenant id (a lowercase slug)\n\n${USAGE}`)
  const tableName = values.table ?? env.CHORUS_TABLE_NAME
  if (!tableName) throw new Error(`--table or CHORUS_TABLE_NAME is required\n\n${USAGE}`)
  const region = values.region ?? env.AWS_REGION
  if (!region) throw new Error(`--region or AWS_REGION is required\n\n${USAGE}`)
  return {
    tenantId: tenant.data,
    label: values.label,
    tableName,
    region,
    ...(env.CHORUS_DYNAMODB_ENDPOINT ? { endpoint: env.CHORUS_DYNAMODB_ENDPOINT } : {}),
  }
}

/** Mints a key for the tenant in the table the API's authorizer reads (ADR 0024). */
export const issueKeyOnAws = async (options: IssueOptions): Promise<{ keyId: string; key: string }> => {
  const { client, documentClient } = makeDynamoClients({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  })
  try {
    return await issueApiKey(
      makeApiKeyStore(makeTable(documentClient, options.tableName)),
      options.tenantId,
      options.label,
    )
  } finally {
    client.destroy()
  }
}

const isMain = (() => {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url))
  } catch {
    return false
  }
})()

if (isMain) {
  try {
    const options = issueOptions(process.argv.slice(2), process.env)
    const { keyId, key } = await issueKeyOnAws(options)
    process.stderr.write(`issued API key ${keyId} for tenant ${options.tenantId} in ${options.tableName}\n`)
    process.stdout.write(`${key}\n`)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 2
  }
}
