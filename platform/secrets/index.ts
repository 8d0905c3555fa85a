export * from './env-secret-store.ts'
export * from './secret-store.ts'
