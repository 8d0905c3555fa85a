import { z } from 'zod'
import { isChorusError } from '#platform/errors/index.ts'
import { makeLogger } from '#platform/log/index.ts'
import { apiGroup } from '../lambda/api/group.ts'
import { API_GROUPS, type ApiGroup } from '../lambda/api/routes.ts'
import { handler as intake } from '../lambda/consumers/intake.ts'
import { handler as planner } from '../lambda/consumers/planner.ts'
import { handler as projector } from '../lambda/consumers/projector.ts'
import { handler as supervisor } from '../lambda/consumers/supervisor.ts'
import { handler as workers } from '../lambda/consumers/workers.ts'
import { startLocalServer } from '../local/http-server.ts'
import { makeAwsClients } from './clients.ts'
import { AwsConfigSchema, loadAwsConfig } from './config.ts'
import { makeEmulatorDriver, provisionEmulatorStack } from './emulator-driver.ts'

/** What this script reads besides the AWS runtime's own variables. */
const EmulatorEnv = z.object({
  CHORUS_EMULATOR_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,40}$/, 'must be 3-41 lowercase letters, digits and dashes')
    .default('chorus-dev'),
  CHORUS_HOST: z.string().min(1).default('127.0.0.1'),
  CHORUS_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  CHORUS_TENANT: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
    .default('local'),
})

/**
 * `npm run start:aws`: Chorus in AWS mode against an emulator or an account you point it at
 * (`CHORUS_AWS_ENDPOINT`, or per-service `CHORUS_<SERVICE>_ENDPOINT`). It provisions the stack under
 * `CHORUS_EMULATOR_PREFIX` (idempotent), serves the API groups' Lambda handlers over HTTP, and plays the
 * SQS event sources by polling the consumer queues into the consumers' Lambda handlers.
 */
const main = async () => {
  const local = EmulatorEnv.parse(process.env)
  const aws = AwsConfigSchema.partial().parse(process.env)
  const all = aws.CHORUS_AWS_ENDPOINT
  const clients = makeAwsClients(aws.AWS_REGION ?? 'us-east-1', {
    dynamodb: aws.CHORUS_DYNAMODB_ENDPOINT ?? all,
    eventbridge: aws.CHORUS_EVENTBRIDGE_ENDPOINT ?? all,
    sqs: aws.CHORUS_SQS_ENDPOINT ?? all,
    s3: aws.CHORUS_S3_ENDPOINT ?? all,
    secretsmanager: aws.CHORUS_SECRETSMANAGER_ENDPOINT ?? all,
  })
  const stack = await provisionEmulatorStack(clients, { prefix: local.CHORUS_EMULATOR_PREFIX })
  // The Lambda entry points read their configuration from the environment, as on AWS.
  Object.assign(process.env, stack.env, { CHORUS_SEED_TENANT: local.CHORUS_TENANT })
  const config = loadAwsConfig(process.env)
  const logger = makeLogger({ level: config.logLevel })

  const routes = (Object.keys(API_GROUPS) as ApiGroup[]).flatMap((group) =>
    API_GROUPS[group].map((route) => {
      const [method = 'GET', path = '/'] = route.split(' ')
      return { method, path, handler: apiGroup(group) }
    }),
  )
  const server = await startLocalServer(local.CHORUS_HOST, local.CHORUS_PORT, {
    logger,
    routes,
    authorize: () => ({ tenantId: local.CHORUS_TENANT, principalId: 'local-dev' }),
  })
  process.stdout.write(
    `Chorus (AWS mode) at ${server.url}\n  bus ${stack.busName}, table ${stack.tableName}, bucket ${stack.bucket}\n` +
      `  endpoints ${JSON.stringify(config.endpoints)}\n  route of API runs: ${config.apiRoute}\nStop with Ctrl-C.\n`,
  )

  const driver = makeEmulatorDriver({
    clients,
    stack,
    handlers: { planner, supervisor, workers, projector },
    intake,
  })
  let stopping = false
  const stop = async () => {
    stopping = true
    await server.close()
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  while (!stopping) {
    const totals = await driver.drain({ retryAfterSeconds: 2 })
    if (Object.values(totals).every((t) => t.received === 0)) await new Promise((r) => setTimeout(r, 250))
  }
  clients.destroy()
}

main().catch((error: unknown) => {
  const message = isChorusError(error)
    ? `${error.code}: ${error.message}`
    : String((error as Error)?.stack ?? error)
  process.stderr.write(`chorus (AWS mode) failed: ${message}\n`)
  process.exit(1)
})
