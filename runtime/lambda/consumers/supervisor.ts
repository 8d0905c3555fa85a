import { queueConsumer } from './consumer.ts'

/** Lambda entry point of the supervisor queue. */
export const handler = queueConsumer('supervisor')
