import { isChorusError } from '#platform/errors/index.ts'
import { makeLogger } from '#platform/log/index.ts'
import { startChorus } from './app.ts'
import { banner } from './banner.ts'
import { makeEmbeddedCheckpointer } from './checkpointer.ts'
import { loadConfig } from './config.ts'

/** `npm start`: the whole of Chorus in one process on the embedded default. */
const main = async () => {
  const config = loadConfig()
  const logger = makeLogger({ level: config.logLevel })
  const chorus = await startChorus({ config, logger, checkpointer: makeEmbeddedCheckpointer(config) })
  process.stdout.write(
    banner({
      url: chorus.url,
      config,
      modelLabel: chorus.modelLabel,
      seededTeams: chorus.seededTeams,
      auth: chorus.auth,
    }),
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info('stopping', { signal })
    await chorus.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  const message = isChorusError(error)
    ? `${error.code}: ${error.message}`
    : String((error as Error)?.stack ?? error)
  process.stderr.write(`chorus failed to start: ${message}\n`)
  process.exit(1)
})
