import { RemovalPolicy } from 'aws-cdk-lib'
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  JsonSchemaType,
  JsonSchemaVersion,
  LambdaIntegration,
  LogGroupLogDestination,
  type Method,
  MethodLoggingLevel,
  type Model,
  Period,
  type RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway'
import type { IUserPool } from 'aws-cdk-lib/aws-cognito'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import type { StageConfig } from '../config/stages.ts'
import { acknowledge } from '../nag/acknowledge.ts'
import type { ApiRouteSpec } from '../routing/api-routes.ts'
import { ipAllowPolicy } from './ip-allow-policy.ts'

export interface ChorusApiProps {
  stage: StageConfig
  userPool: IUserPool
  routes: readonly ApiRouteSpec[]
  /** The function serving each group. */
  handlers: ReadonlyMap<string, IFunction>
  logRetention: RetentionDays
}

/** One JSON line per request: who (Cognito subject, API key), from where, what, and how it ended. */
const ACCESS_LOG = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    time: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    sub: '$context.authorizer.claims.sub',
    apiKeyId: '$context.identity.apiKeyId',
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

/** A public route (the liveness probe) has no authorizer by design; it stays behind the IP policy. */
const acknowledgePublic = (method: Method, route: string) => {
  const reason =
    `${route} is the liveness probe: it answers a fixed status and reads no tenant data; ` +
    'the resource policy still limits it to the allowed source ranges'
  acknowledge(method, 'APIG4', reason)
  acknowledge(method, 'COG4', reason)
}

/**
 * The REST API: regional, reachable only from the stage's IP ranges; every method but the public
 * liveness probe behind the Cognito authorizer and an API key (usage plan with throttle and quota);
 * requests validated (path parameters, a JSON object where a body is required); access and
 * execution logs. Resources come from the API routes table, each group's methods integrated with
 * its own function.
 */
export class ChorusApi extends Construct {
  readonly api: RestApi

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
      policy: ipAllowPolicy(stage.allowedIpRanges),
      apiKeySourceType: ApiKeySourceType.HEADER,
      cloudWatchRole: true,
      // One CloudWatch role per account and region serves every REST API there: another stage may rely on it.
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
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
    acknowledge(
      this.api,
      'APIG3',
      'No WAF web ACL: the resource policy admits only the configured source ranges and every method needs ' +
        'a Cognito token and an API key; add a web ACL if the API is ever opened to the internet',
    )
    for (const type of [ResponseType.DEFAULT_4XX, ResponseType.DEFAULT_5XX])
      this.api.addGatewayResponse(`${type.responseType}Json`, { type, templates: ERROR_TEMPLATE })

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [props.userPool],
      authorizerName: `chorus-${stage.name}-cognito`,
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
    this.addRoutes(props, { authorizer, validator, jsonObject })

    const plan = this.api.addUsagePlan('UsagePlan', {
      name: `chorus-${stage.name}`,
      throttle: { rateLimit: stage.apiThrottle.rateLimit, burstLimit: stage.apiThrottle.burstLimit },
      quota: { limit: stage.apiThrottle.dailyQuota, period: Period.DAY },
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    })
    plan.addApiKey(this.api.addApiKey('DefaultKey', { apiKeyName: `chorus-${stage.name}-default` }))
  }

  private addRoutes(
    props: ChorusApiProps,
    shared: { authorizer: CognitoUserPoolsAuthorizer; validator: RequestValidator; jsonObject: Model },
  ) {
    const integrations = new Map<string, LambdaIntegration>()
    for (const route of props.routes) {
      const handler = props.handlers.get(route.group)
      if (!handler) throw new Error(`no function for API group ${route.group}`)
      let integration = integrations.get(route.group)
      if (!integration) {
        integration = new LambdaIntegration(handler, { allowTestInvoke: false })
        integrations.set(route.group, integration)
      }
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        requestValidator: shared.validator,
        requestParameters: Object.fromEntries(
          route.pathParams.map((p) => [`method.request.path.${p}`, true]),
        ),
        ...(route.requiresBody ? { requestModels: { 'application/json': shared.jsonObject } } : {}),
        ...(route.public
          ? { authorizationType: AuthorizationType.NONE, apiKeyRequired: false }
          : {
              authorizer: shared.authorizer,
              authorizationType: AuthorizationType.COGNITO,
              apiKeyRequired: true,
            }),
      })
      if (route.public) acknowledgePublic(method, `${route.method} /${route.path}`)
    }
  }
}
