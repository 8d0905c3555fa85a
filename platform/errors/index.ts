export * from './chorus-error.ts'
