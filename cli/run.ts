import { processIo } from './io.ts'
import { main } from './main.ts'

// The CLI as a process (bundled into dist/cli.js, which cli/bin.js loads): argv and stdio in, exit code out.
process.exitCode = await main(process.argv.slice(2), processIo())
