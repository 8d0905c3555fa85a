export * from './local-queue.ts'
export * from './queue-store.ts'
