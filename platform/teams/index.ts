export * from './demo-teams.ts'
export * from './team-definition.ts'
