import { Tags } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import type { StageConfig } from '../config/stages.ts'
import { PRODUCER_TAG } from '../constructs/bus-policy.ts'
import type { ApiGroupsTable } from '../routing/api-routes.ts'
import { ApiStack } from '../stacks/api-stack.ts'
import { AuditStack } from '../stacks/audit-stack.ts'
import { ConsumersStack } from '../stacks/consumers-stack.ts'
import { DataStack } from '../stacks/data-stack.ts'
import { EventsStack } from '../stacks/events-stack.ts'
import { MonitoringStack } from '../stacks/monitoring-stack.ts'

export interface ChorusStageOptions {
  /** The API routes table; `runtime/lambda/api/routes.ts` when absent. */
  apiGroups?: ApiGroupsTable
}

/** The stacks of one stage, in deployment order. */
export interface ChorusStacks {
  data: DataStack
  events: EventsStack
  consumers: ConsumersStack
  api: ApiStack
  audit: AuditStack
  monitoring: MonitoringStack
}

/**
 * Adds one stage of Chorus to an app: `Chorus-<stage>-Data`, `-Events`, `-Consumers`, `-Api` and
 * `-Monitoring`, wired by cross-stack references.
 * @example addChorusStage(app, stageConfig('dev'))
 */
export const addChorusStage = (
  scope: Construct,
  stage: StageConfig,
  options: ChorusStageOptions = {},
): ChorusStacks => {
  const env = { region: stage.region, ...(stage.account ? { account: stage.account } : {}) }
  const common = { env, stage, tags: { application: 'chorus', stage: stage.name } }
  const name = (part: string) => `Chorus-${stage.name}-${part}`
  const data = new DataStack(scope, name('Data'), {
    ...common,
    description: 'Chorus: table, blob bucket, secrets',
    terminationProtection: stage.prod,
  })
  const events = new EventsStack(scope, name('Events'), {
    ...common,
    description: 'Chorus: event bus, archive, consumer rules and queues',
  })
  const consumers = new ConsumersStack(scope, name('Consumers'), {
    ...common,
    description: 'Chorus: queue consumers and the task runner',
    data,
    events,
  })
  const api = new ApiStack(scope, name('Api'), {
    ...common,
    description: 'Chorus: user pool, REST API and its functions',
    data,
    events,
    ...(options.apiGroups ? { apiGroups: options.apiGroups } : {}),
  })
  const audit = new AuditStack(scope, name('Audit'), {
    ...common,
    description: 'Chorus: run anchors (KMS signing key, Object Lock bucket, anchoring function)',
    data,
    events,
  })
  audit.allowReading(api.functions)
  const monitoring = new MonitoringStack(scope, name('Monitoring'), {
    ...common,
    description: 'Chorus: alarms',
    events,
    consumers,
    api,
  })
  // The roles that may put chorus.* events on the bus (its resource policy denies everyone else).
  for (const stack of [consumers, api])
    Tags.of(stack).add(PRODUCER_TAG, stage.name, { includeResourceTypes: ['AWS::IAM::Role'] })
  return { data, events, consumers, api, audit, monitoring }
}
