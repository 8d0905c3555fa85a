// vitest globalSetup: brings dist/ up to date once before the tests that run `node cli/bin.js` in child
// processes, instead of each of them rebuilding, and the console (dist/console) for the browser tests.
// A source that does not build is reported here and again by those tests; the other tests still run.
import { ensureBuilt } from './launch.js'

export default async function setup() {
  await ensureBuilt({ withConsole: true }).catch((error) =>
    process.stderr.write(`dist/ not rebuilt: ${error.message}\n`),
  )
}
