export * from './offline/offline-chat-model.ts'
export * from './planning-prompt.ts'
export * from './provider.ts'
export * from './scripted-chat-model.ts'
