#!/usr/bin/env node
// The `chorus` command: runs the TypeScript CLI through tsx (installed by `npm ci`).
import { register } from 'tsx/esm/api'

register()
const { main } = await import('./main.ts')
const { processIo } = await import('./io.ts')
process.exitCode = await main(process.argv.slice(2), processIo())
