import { queueConsumer } from './consumer.ts'

/** Lambda entry point of the projector queue (run read models, live and replayed). */
export const handler = queueConsumer('projector')
