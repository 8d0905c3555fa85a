export * from './match-triggers.ts'
export * from './trigger-definition.ts'
