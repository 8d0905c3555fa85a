export * from './directory-workspaces.ts'
export * from './s3-workspaces.ts'
export * from './workspace.ts'
