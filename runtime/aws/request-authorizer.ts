import type {
  APIGatewayAuthorizerResult,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventHeaders,
} from 'aws-lambda'
import { z } from 'zod'
import { type Authorizer, isAuthError, makeAuthorizer, makeJwtVerifier } from '#platform/auth/index.ts'
import { ChorusError } from '#platform/errors/index.ts'
import { type Logger, makeLogger } from '#platform/log/index.ts'
import { makeApiKeyStore, makeDynamoClients, makeTable } from '#platform/store/index.ts'

/** What the API's Lambda REQUEST authorizer reads from its environment (ADR 0024). */
export const AuthorizerConfigSchema = z.object({
  AWS_REGION: z.string().min(1).default('us-east-1'),
  /** The DynamoDB endpoint of an emulator (moto); AWS's own when unset. */
  CHORUS_DYNAMODB_ENDPOINT: z.url().optional(),
  CHORUS_AWS_ENDPOINT: z.url().optional(),
  CHORUS_TABLE_NAME: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a valid table name'),
  /** The one trusted issuer: the user pool's `https://cognito-idp.<region>.amazonaws.com/<poolId>`. */
  CHORUS_AUTH_ISSUER: z.url(),
  /** The issuer's keys; `<issuer>/.well-known/jwks.json` (Cognito's) when unset. */
  CHORUS_AUTH_JWKS_URL: z.url().optional(),
  /**
   * Required `aud`: the app client ids (comma-separated: the CLI's and the console's), which Cognito
   * puts in ID tokens (access tokens have none).
   */
  CHORUS_AUTH_AUDIENCE: z.string().min(1).optional(),
  CHORUS_AUTH_TENANT_CLAIM: z.string().min(1).default('custom:tenant'),
  /**
   * The API Gateway API key every allowed request is metered under (`usageIdentifierKey`): the API
   * takes keys from the authorizer, so the usage plan's throttle and quota still apply. An identifier,
   * not a credential: API Gateway ignores keys sent by clients.
   */
  CHORUS_USAGE_KEY: z.string().min(20).optional(),
  CHORUS_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
})

export type AuthorizerVariable = keyof z.input<typeof AuthorizerConfigSchema>

export interface AuthorizerConfig {
  region: string
  dynamoEndpoint?: string
  tableName: string
  issuer: string
  jwksUrl: string
  /** The accepted `aud` values (any one of them). */
  audience?: string[]
  tenantClaim: string
  usageKey?: string
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
}

/** Parses the authorizer's environment; fails fast naming every bad variable. */
export const loadAuthorizerConfig = (env: Record<string, string | undefined>): AuthorizerConfig => {
  const parsed = AuthorizerConfigSchema.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ChorusError('config.invalid', `invalid authorizer configuration: ${problems}`)
  }
  const e = parsed.data
  const dynamoEndpoint = e.CHORUS_DYNAMODB_ENDPOINT ?? e.CHORUS_AWS_ENDPOINT
  return {
    region: e.AWS_REGION,
    ...(dynamoEndpoint ? { dynamoEndpoint } : {}),
    tableName: e.CHORUS_TABLE_NAME,
    issuer: e.CHORUS_AUTH_ISSUER,
    jwksUrl: e.CHORUS_AUTH_JWKS_URL ?? `${e.CHORUS_AUTH_ISSUER.replace(/\/+$/, '')}/.well-known/jwks.json`,
    ...(e.CHORUS_AUTH_AUDIENCE
      ? {
          audience: e.CHORUS_AUTH_AUDIENCE.split(',')
            .map((id) => id.trim())
            .filter(Boolean),
        }
      : {}),
    tenantClaim: e.CHORUS_AUTH_TENANT_CLAIM,
    ...(e.CHORUS_USAGE_KEY ? { usageKey: e.CHORUS_USAGE_KEY } : {}),
    logLevel: e.CHORUS_LOG_LEVEL,
  }
}

const header = (headers: APIGatewayRequestAuthorizerEventHeaders | null, name: string) => {
  if (!headers) return undefined
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)
  return found?.[1] ?? undefined
}

/**
 * Every method of the API's stage: API Gateway caches the answer per identity (token + key) and
 * reuses it for the caller's next requests to any route, so the policy must not name one method.
 */
const wholeApi = (methodArn: string): string => {
  const [apiArn, stage] = methodArn.split('/')
  if (!apiArn?.startsWith('arn:') || !stage) throw new Error(`not an execute-api method ARN: ${methodArn}`)
  return `${apiArn}/${stage}/*/*`
}

const policy = (effect: 'Allow' | 'Deny', resource: string) => ({
  Version: '2012-10-17',
  Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
})

export interface RequestAuthorizerDeps {
  /** The same check the local server runs (`makeAuthorizer`, ADR 0009). */
  authorize: Authorizer
  usageKey?: string
  logger: Logger
}

/**
 * A Lambda REQUEST authorizer over `makeAuthorizer`: the bearer JWT, then the API key against the
 * token's tenant. Allowed: a policy over the whole stage with the context handlers read
 * (`principalId`, `tenantId`, `apiKeyId`) and the usage key. Refused (a token or key problem): a Deny
 * with the `AuthError` code in the context, logged; API Gateway answers 403. A refusal is an answer,
 * not a function error, so the function's error alarm fires only when the check itself fails (the
 * table unreachable): that throws, and API Gateway answers 500.
 */
export const makeRequestAuthorizer =
  ({ authorize, usageKey, logger }: RequestAuthorizerDeps) =>
  async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const resource = wholeApi(event.methodArn)
    try {
      const caller = await authorize({
        authorization: header(event.headers, 'authorization'),
        apiKey: header(event.headers, 'x-api-key'),
      })
      return {
        principalId: caller.principalId,
        policyDocument: policy('Allow', resource),
        context: { ...caller },
        ...(usageKey ? { usageIdentifierKey: usageKey } : {}),
      }
    } catch (error) {
      if (!isAuthError(error)) throw error
      logger.info('request refused', {
        code: error.code,
        reason: error.message,
        sourceIp: event.requestContext.identity.sourceIp,
      })
      return {
        principalId: 'refused',
        policyDocument: policy('Deny', resource),
        context: { code: error.code },
      }
    }
  }

/**
 * The authorizer of a Lambda container: the table's API keys and the issuer's JWKS (fetched once,
 * cached by `jose`), built from the environment.
 */
export const startRequestAuthorizer = (config: AuthorizerConfig) => {
  const { documentClient } = makeDynamoClients({
    region: config.region,
    ...(config.dynamoEndpoint ? { endpoint: config.dynamoEndpoint } : {}),
  })
  const apiKeys = makeApiKeyStore(makeTable(documentClient, config.tableName))
  const verifyToken = makeJwtVerifier({
    issuer: config.issuer,
    jwks: { url: config.jwksUrl },
    tenantClaim: config.tenantClaim,
    ...(config.audience ? { audience: config.audience } : {}),
  })
  return makeRequestAuthorizer({
    authorize: makeAuthorizer({ verifyToken, apiKeys }),
    ...(config.usageKey ? { usageKey: config.usageKey } : {}),
    logger: makeLogger({ level: config.logLevel, service: 'authorizer' }),
  })
}
