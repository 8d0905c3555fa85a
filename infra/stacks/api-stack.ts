import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { IFunction } from 'aws-cdk-lib/aws-lambda'
import type { Construct } from 'constructs'
import type { AuthorizerVariable } from '../../runtime/aws/request-authorizer.ts'
import { runtimeEnvironment } from '../config/environment.ts'
import { AUTHORIZER_PROFILE, apiProfile, effectiveAccess } from '../config/functions.ts'
import { LAMBDA_ENTRIES } from '../config/lambda-entries.ts'
import type { StageConfig } from '../config/stages.ts'
import { ApiFirewall } from '../constructs/api-firewall.ts'
import { ChorusApi } from '../constructs/chorus-api.ts'
import { ChorusFunction } from '../constructs/chorus-function.ts'
import { ConsoleHosting } from '../constructs/console-hosting.ts'
import { RunStreams } from '../constructs/run-streams.ts'
import { ChorusUserPool } from '../constructs/user-pool.ts'
import { pascal } from '../naming.ts'
import { type ApiGroupsTable, apiGroupNames, apiRoutes } from '../routing/api-routes.ts'
import type { DataStack } from './data-stack.ts'
import type { EventsStack } from './events-stack.ts'
import { accessTargets, runtimeResources } from './targets.ts'

export interface ApiStackProps extends StackProps {
  stage: StageConfig
  data: DataStack
  events: EventsStack
  /** The API routes table; `runtime/lambda/api/routes.ts` when absent. */
  apiGroups?: ApiGroupsTable
}

/**
 * The HTTP API: the Cognito user pool, one function per API group (own role, own rights) and the
 * REST API in front of them.
 */
export class ApiStack extends Stack {
  readonly userPool: ChorusUserPool
  readonly functions: ReadonlyMap<string, ChorusFunction>
  /** The REQUEST authorizer: the Cognito ID token, then the API key of its tenant (ADR 0024). */
  readonly authorizer: ChorusFunction
  readonly api: ChorusApi
  /** The API stage's web ACL: the allow-list, direct or as the viewer behind CloudFront (ADR 0034). */
  readonly firewall: ApiFirewall
  /** The run event stream: a response-streaming function on the same API and authorizer (ADR 0030). */
  readonly streams: RunStreams
  /** The console: its build behind CloudFront, in front of this API, signed in by Cognito (ADR 0034). */
  readonly console: ConsoleHosting

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props)
    const { stage, data, events } = props
    const targets = accessTargets(data, events, stage.name)
    const resources = runtimeResources(data, events, stage.name)
    this.userPool = new ChorusUserPool(this, 'Users', { stage: stage.name, prod: stage.prod })

    const functions = new Map<string, ChorusFunction>()
    for (const group of apiGroupNames(props.apiGroups)) {
      const profile = apiProfile(group)
      const access = effectiveAccess(profile.access, stage.apiRoute)
      functions.set(
        group,
        new ChorusFunction(this, `${pascal(group)}Api`, {
          entry: LAMBDA_ENTRIES.api(group),
          profile,
          access,
          targets,
          logRetention: stage.logRetentionDays,
          environment: runtimeEnvironment(stage, resources, access),
        }),
      )
    }
    this.functions = functions

    const usageKeyValue = `chorus-${stage.name}-usage-meter`
    const authorizerEnvironment: Partial<Record<AuthorizerVariable, string>> = {
      CHORUS_TABLE_NAME: resources.tableName,
      CHORUS_AUTH_ISSUER: this.userPool.pool.userPoolProviderUrl,
      CHORUS_USAGE_KEY: usageKeyValue,
      CHORUS_LOG_LEVEL: 'info',
    }
    this.authorizer = new ChorusFunction(this, 'Authorizer', {
      entry: LAMBDA_ENTRIES.authorizer,
      profile: AUTHORIZER_PROFILE,
      access: AUTHORIZER_PROFILE.access,
      targets,
      logRetention: stage.logRetentionDays,
      environment: {
        ...(authorizerEnvironment as Record<string, string>),
        NODE_OPTIONS: '--enable-source-maps',
      },
    })

    this.api = new ChorusApi(this, 'Http', {
      stage,
      authorizer: this.authorizer.fn,
      usageKeyValue,
      routes: apiRoutes(props.apiGroups),
      handlers: new Map<string, IFunction>([...functions].map(([group, f]) => [group, f.fn])),
      logRetention: stage.logRetentionDays,
    })
    this.streams = new RunStreams(this, 'RunStreams', { stage, api: this.api, targets, resources })
    this.firewall = new ApiFirewall(this, 'Firewall', {
      stage: stage.name,
      apiStage: this.api.api.deploymentStage,
      allowedIpRanges: stage.allowedIpRanges,
    })
    this.console = new ConsoleHosting(this, 'Console', {
      stage: stage.name,
      api: this.api.api,
      originVerifyValue: this.firewall.originVerifyValue,
      userPool: this.userPool.pool,
      allowedIpRanges: stage.allowedIpRanges,
      logRetentionDays: stage.logRetentionDays,
    })
    // ID tokens of either client pass the authorizer (ADR 0034).
    this.authorizer.fn.addEnvironment(
      'CHORUS_AUTH_AUDIENCE',
      `${this.userPool.client.userPoolClientId},${this.console.client.userPoolClientId}`,
    )

    new CfnOutput(this, 'ApiUrl', { value: this.api.api.url, exportName: `chorus-${stage.name}-api-url` })
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.pool.userPoolId })
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPool.client.userPoolClientId })
    new CfnOutput(this, 'ConsoleUrl', { value: `${this.console.url}/console/` })
  }
}
