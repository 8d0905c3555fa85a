import type { z } from 'zod'
import type { AwsConfigSchema } from '../../runtime/aws/config.ts'
import type { Access } from './functions.ts'
import type { StageConfig } from './stages.ts'

/** The variables `runtime/aws/config.ts` reads: a typo here is a type error, not a cold-start failure. */
export type RuntimeVariable = keyof z.input<typeof AwsConfigSchema>

/** Deploy-time names of what a function talks to (tokens from the other stacks). */
export interface RuntimeResources {
  tableName: string
  busName: string
  busArn: string
  archiveArn: string
  bucketName: string
  modelKeySecretArn: string
  toolSecretPrefix: string
  /** Each consumer's queue and dead-letter queue URLs. */
  queues: readonly { consumer: string; url: string; dlqUrl: string }[]
}

/** `CHORUS_<CONSUMER>_QUEUE_URL` and `_DLQ_URL` of every consumer, for functions that touch dead letters. */
const queueVariables = (resources: RuntimeResources): Record<string, string> =>
  Object.fromEntries(
    resources.queues.flatMap(({ consumer, url, dlqUrl }) => [
      [`CHORUS_${consumer.toUpperCase()}_QUEUE_URL`, url],
      [`CHORUS_${consumer.toUpperCase()}_DLQ_URL`, dlqUrl],
    ]),
  )

/**
 * A function's environment, as the AWS composition root expects it: table, bus and bucket for all;
 * the model key's id only where the function calls models (others run without, so they never read
 * it); the tool-secret prefix only where teams run. `extra` adds queue URLs and the like.
 * @example runtimeEnvironment(stage, resources, access, { CHORUS_PLANNER_QUEUE_URL: url })
 */
export const runtimeEnvironment = (
  stage: StageConfig,
  resources: RuntimeResources,
  access: Access,
  extra: Partial<Record<RuntimeVariable, string>> = {},
): Record<string, string> => {
  const variables: Partial<Record<RuntimeVariable, string>> = {
    CHORUS_TABLE_NAME: resources.tableName,
    CHORUS_EVENT_BUS_NAME: resources.busName,
    CHORUS_BUCKET_NAME: resources.bucketName,
    CHORUS_QUEUE_MAX_RECEIVES: String(stage.maxReceives),
    CHORUS_API_ROUTE: stage.apiRoute,
    CHORUS_LOG_LEVEL: 'info',
    ...(access.models
      ? { CHORUS_OPENAI_SECRET_ID: resources.modelKeySecretArn, CHORUS_OPENAI_MODEL: stage.modelName }
      : {}),
    ...(access.tools ? { CHORUS_SECRET_PREFIX: resources.toolSecretPrefix } : {}),
    ...(access.replays
      ? { CHORUS_ARCHIVE_ARN: resources.archiveArn, CHORUS_EVENT_BUS_ARN: resources.busArn }
      : {}),
    ...(access.deadLetters ? queueVariables(resources) : {}),
    ...extra,
  }
  return { ...(variables as Record<string, string>), NODE_OPTIONS: '--enable-source-maps' }
}
