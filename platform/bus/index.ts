export * from './bus.ts'
export * from './local-bus.ts'
