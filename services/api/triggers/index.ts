export * from './match-triggers.ts'
export * from './trigger-definition.ts'
export * from './trigger-store.ts'
