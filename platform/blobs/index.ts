export * from './blob-store.ts'
export * from './file-blob-store.ts'
