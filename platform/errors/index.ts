export * from './chorus-error.ts'
export * from './redact-paths.ts'
