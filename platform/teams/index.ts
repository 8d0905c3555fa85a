export * from './check-team.ts'
export * from './demo-teams.ts'
export * from './team-definition.ts'
