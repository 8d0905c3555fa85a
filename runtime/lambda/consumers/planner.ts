import { queueConsumer } from './consumer.ts'

/** Lambda entry point of the planner queue. */
export const handler = queueConsumer('planner')
