import { Duration } from 'aws-cdk-lib'
import { LambdaIntegration, ResponseTransferMode } from 'aws-cdk-lib/aws-apigateway'
import { Construct } from 'constructs'
import { STREAMED_ROUTES } from '../../runtime/lambda/api/routes.ts'
import { type RuntimeResources, runtimeEnvironment } from '../config/environment.ts'
import { RUN_STREAM_PROFILE } from '../config/functions.ts'
import { LAMBDA_ENTRIES } from '../config/lambda-entries.ts'
import type { StageConfig } from '../config/stages.ts'
import { apiRoutes } from '../routing/api-routes.ts'
import type { AccessTargets } from './access-policy.ts'
import type { ChorusApi } from './chorus-api.ts'
import { ChorusFunction } from './chorus-function.ts'

export interface RunStreamsProps {
  stage: StageConfig
  api: ChorusApi
  targets: AccessTargets
  resources: RuntimeResources
}

/**
 * API Gateway's longest streamed answer and its integration timeout in `STREAM` mode: Lambda's 15
 * minutes. The function ends each answer before its own timeout; the client resumes (ADR 0030).
 */
export const STREAM_INTEGRATION_TIMEOUT = Duration.minutes(15)

/**
 * The streamed operations (`STREAMED_ROUTES`: `GET /runs/{runId}/events`) on the same REST API as the
 * rest: one function in response-streaming mode (read-only on run items), integrated in `STREAM`
 * transfer mode (API Gateway calls `InvokeWithResponseStream`), behind the same authorizer, usage
 * plan and resource policy as every other route. ADR 0030.
 */
export class RunStreams extends Construct {
  readonly function: ChorusFunction
  readonly integration: LambdaIntegration

  constructor(scope: Construct, id: string, props: RunStreamsProps) {
    super(scope, id)
    const { stage } = props
    const access = RUN_STREAM_PROFILE.access
    this.function = new ChorusFunction(this, 'Streams', {
      entry: LAMBDA_ENTRIES.streams,
      profile: RUN_STREAM_PROFILE,
      access,
      targets: props.targets,
      logRetention: stage.logRetentionDays,
      environment: runtimeEnvironment(stage, props.resources, access),
    })
    this.integration = new LambdaIntegration(this.function.fn, {
      allowTestInvoke: false,
      responseTransferMode: ResponseTransferMode.STREAM,
      timeout: STREAM_INTEGRATION_TIMEOUT,
    })
    for (const route of apiRoutes({ streams: STREAMED_ROUTES })) props.api.addRoute(route, this.integration)
  }
}
