export * from './dead-letters.ts'
export * from './embedded-dead-letters.ts'
export * from './local-queue.ts'
export * from './queue-store.ts'
