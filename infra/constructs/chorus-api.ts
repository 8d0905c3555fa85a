import { Duration, RemovalPolicy } from 'aws-cdk-lib'
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  EndpointType,
  IdentitySource,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type Model,
  Period,
  RequestAuthorizer,
  type RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { StageConfig } from '../config/stages.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import type { ApiRouteSpec } from '../routing/api-routes.ts'

export interface ChorusApiProps {
  stage: StageConfig
  /** The REQUEST authorizer's function: the Cognito ID token and the API key of its tenant (ADR 0024). */
  authorizer: IFunction
  /**
   * The value of the API Gateway key the authorizer meters allowed requests under (`usageIdentifierKey`);
   * an identifier, not a credential: the API takes keys from the authorizer, never from clients.
   */
  usageKeyValue: string
  routes: readonly ApiRouteSpec[]
  /** The function serving each group. */
  handlers: ReadonlyMap<string, IFunction>
  logRetention: RetentionDays
}

/** The API's one stage: the first segment of its URL (`…/v1/chats`). */
export const API_STAGE_NAME = 'v1'

/**
 * How long API Gateway keeps the authorizer's answer per identity (token and API key): a revoked key
 * or an expired token may pass for up to this long after its last check.
 */
export const AUTHORIZER_CACHE = Duration.minutes(5)

/** One JSON line per request: who (Cognito subject, tenant, Chorus API key), from where, what, and how it ended. */
const ACCESS_LOG = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    sub: '$context.authorizer.principalId',
    tenant: '$context.authorizer.tenantId',
    apiKeyId: '$context.authorizer.apiKeyId',
    method: '$context.httpMethod',
    resource: '$context.resourcePath',
    status: '$context.status',
    latencyMs: '$context.responseLatency',
    error: '$context.error.message',
  }),
)

/** Errors API Gateway answers itself, in the `{ error: { code, message } }` shape the handlers use. */
const ERROR_TEMPLATE = {
  'application/json':
    '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}',
}

/** A public route (the liveness probe) has no authorizer by design; it stays behind the web ACL's allow-list. */
const acknowledgePublic = (method: Method, route: string) => {
  const reason =
    `${route} is the liveness probe: it answers a fixed status and reads no tenant data; ` +
    "the stage's web ACL still limits it to the allowed source ranges"
  acknowledge(method, 'APIG4', reason)
  acknowledge(method, 'COG4', reason)
}

/** A method behind the Lambda authorizer, which verifies the user pool's tokens itself (cdk-nag COG4). */
const acknowledgeRequestAuthorizer = (method: Method, route: string) =>
  acknowledge(
    method,
    'COG4',
    `${route} is behind the Lambda REQUEST authorizer, which verifies the Cognito user pool's ID tokens ` +
      '(issuer, audience, signature, expiry) and then the API key of the token tenant (ADR 0024)',
  )

/**
 * The REST API: regional (its IP allow-list is the stage's web ACL, `ApiFirewall`); every method but the public
 * ones behind the Lambda REQUEST authorizer (Cognito ID token and the API key of its tenant, cached
 * per identity), metered by a usage plan with throttle and quota;
 * requests validated (path parameters, a JSON object where a body is required); access and
 * execution logs. Resources come from the API routes table, each group's methods integrated with
 * its own function.
 */
export class ChorusApi extends Construct {
  readonly api: RestApi
  private readonly shared: { authorizer: RequestAuthorizer; validator: RequestValidator; jsonObject: Model }

  constructor(scope: Construct, id: string, props: ChorusApiProps) {
    super(scope, id)
    const { stage } = props
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.api = new RestApi(this, 'Api', {
      restApiName: `chorus-${stage.name}`,
      description: 'Chorus HTTP API',
      endpointTypes: [EndpointType.REGIONAL],
      // No resource policy: the stage's allow-list is its web ACL (ApiFirewall), which also sees the
      // viewer behind CloudFront; a policy on aws:SourceIp would deny every call through the console (ADR 0034).
      // The authorizer names the usage key of each allowed request; keys sent by clients are not read here.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      cloudWatchRole: true,
      // One CloudWatch role per account and region serves every REST API there: another stage may rely on it.
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: ACCESS_LOG,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    })
    acknowledge(
      this.api,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'API Gateway pushes execution logs with the AWS managed AmazonAPIGatewayPushToCloudWatchLogs ' +
        'policy on its account-level CloudWatch role; AWS maintains that policy for exactly this purpose',
    )
    for (const type of [ResponseType.DEFAULT_4XX, ResponseType.DEFAULT_5XX])
      this.api.addGatewayResponse(`${type.responseType}Json`, { type, templates: ERROR_TEMPLATE })

    // Both headers are the identity: the cached answer of one token never serves another API key.
    const authorizer = new RequestAuthorizer(this, 'Authorizer', {
      handler: props.authorizer,
      identitySources: [IdentitySource.header('Authorization'), IdentitySource.header('x-api-key')],
      resultsCacheTtl: AUTHORIZER_CACHE,
      authorizerName: `chorus-${stage.name}-tenant-keys`,
    })
    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'parameters-and-body',
      validateRequestParameters: true,
      validateRequestBody: true,
    })
    const jsonObject = this.api.addModel('JsonObject', {
      contentType: 'application/json',
      modelName: 'JsonObject',
      schema: { schema: JsonSchemaVersion.DRAFT4, title: 'JsonObject', type: JsonSchemaType.OBJECT },
    })
    this.shared = { authorizer, validator, jsonObject }
    this.addRoutes(props)

    const plan = this.api.addUsagePlan('UsagePlan', {
      name: `chorus-${stage.name}`,
      throttle: { rateLimit: stage.apiThrottle.rateLimit, burstLimit: stage.apiThrottle.burstLimit },
      quota: { limit: stage.apiThrottle.dailyQuota, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    })
    plan.addApiKey(
      this.api.addApiKey('UsageKey', {
        apiKeyName: `chorus-${stage.name}-usage`,
        description: 'Meters requests the authorizer allowed (usage plan); not a client credential',
        value: props.usageKeyValue,
      }),
    )
  }

  private addRoutes(props: ChorusApiProps) {
    const integrations = new Map<string, LambdaIntegration>()
    for (const route of props.routes) {
      const handler = props.handlers.get(route.group)
      if (!handler) throw new Error(`no function for API group ${route.group}`)
      let integration = integrations.get(route.group)
      if (!integration) {
        integration = new LambdaIntegration(handler, { allowTestInvoke: false })
        integrations.set(route.group, integration)
      }
      this.addRoute(route, integration)
    }
  }

  /**
   * One route with its integration: path parameters and body validated, behind the authorizer and
   * metered by the usage plan unless public. Streamed routes come here too (`RunStreams`).
   */
  addRoute(route: ApiRouteSpec, integration: LambdaIntegration): Method {
    const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
      requestValidator: this.shared.validator,
      requestParameters: Object.fromEntries(route.pathParams.map((p) => [`method.request.path.${p}`, true])),
      ...(route.requiresBody ? { requestModels: { 'application/json': this.shared.jsonObject } } : {}),
      ...(route.public
        ? { authorizationType: AuthorizationType.NONE, apiKeyRequired: false }
        : {
            authorizer: this.shared.authorizer,
            authorizationType: AuthorizationType.CUSTOM,
            // Required for the usage plan to meter it; the key comes from the authorizer.
            apiKeyRequired: true,
          }),
    })
    if (route.public) acknowledgePublic(method, `${route.method} /${route.path}`)
    else acknowledgeRequestAuthorizer(method, `${route.method} /${route.path}`)
    return method
  }
}
