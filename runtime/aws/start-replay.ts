import { type EventBridgeClient, StartReplayCommand } from '@aws-sdk/client-eventbridge'
import type { ReplayDelivery } from '#services/audit/index.ts'

/**
 * Replays on AWS: EventBridge `StartReplay` re-sends the archive's events of the window to the bus
 * with a `replay-name`; only the projector's replay rule takes them (`events/rules.ts`), and the SQS
 * consumer carries the name into `meta.replay`. EventBridge replays run asynchronously; the
 * comparison endpoint shows the replayed views as they fill.
 */
export const startReplayDelivery =
  ({
    client,
    archiveArn,
    busArn,
  }: {
    client: EventBridgeClient
    archiveArn: string
    busArn: string
  }): ReplayDelivery =>
  async (_events, request) => {
    await client.send(
      new StartReplayCommand({
        ReplayName: request.name,
        EventSourceArn: archiveArn,
        EventStartTime: new Date(request.from),
        EventEndTime: new Date(request.to),
        Destination: { Arn: busArn },
      }),
    )
  }
