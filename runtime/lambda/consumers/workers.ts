import { queueConsumer } from './consumer.ts'

/** Lambda entry point of the workers queue. */
export const handler = queueConsumer('workers')
