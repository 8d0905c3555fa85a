#!/usr/bin/env node
// The `chorus` command: runs the compiled CLI, dist/cli.js (built by `npm ci`; rebuilt first, with a note
// on stderr, when a source file is newer than the build). No TypeScript is compiled at run time.
import { launch } from '../scripts/launch.js'

await launch('cli')
