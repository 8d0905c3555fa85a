export * from './offline/offline-chat-model.ts'
export * from './planning-prompt.ts'
export * from './provider.ts'
