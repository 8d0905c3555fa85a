export { checkpointConflict, isCheckpointConflict } from './conflict.ts'
export { DeliveryMemoSaver } from './delivery-memo.ts'
export { type CommittedCheckpoint, DeliverySaver } from './delivery-saver.ts'
export {
  DynamoCheckpointSaver,
  type DynamoCheckpointSaverDeps,
  makeDynamoCheckpointSaver,
} from './saver.ts'
export {
  type LocateThread,
  locateThread,
  parseRunThreadId,
  runThreadId,
  type ThreadLocation,
} from './thread.ts'
export { nextChannelVersion } from './versions.ts'
