export * from './bus.ts'
export * from './hand-over.ts'
export * from './local-bus.ts'
