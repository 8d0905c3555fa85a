/** Structured JSON logger: a constant message plus a data object, one line per record. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

export interface Logger {
  debug(message: string, data?: Record<string, unknown>): void
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
  /** A logger that appends the given keys to every record (e.g. runId, eventId). */
  child(bindings: Record<string, unknown>): Logger
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

/** Keys whose values never reach a log line. */
const REDACTED = /authorization|api[-_]?key|secret|password|token/i

const redact = (data: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(data)) out[key] = REDACTED.test(key) ? '[redacted]' : value
  return out
}

export interface LoggerOptions {
  level?: LogLevel
  service?: string
  write?: (line: string) => void
}

export const makeLogger = (options: LoggerOptions = {}, bindings: Record<string, unknown> = {}): Logger => {
  const level = options.level ?? 'info'
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`))
  const emit = (at: Exclude<LogLevel, 'silent'>, message: string, data?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return
    const record = {
      level: at,
      time: new Date().toISOString(),
      ...(options.service ? { service: options.service } : {}),
      message,
      ...redact({ ...bindings, ...data }),
    }
    write(JSON.stringify(record, (_key, value) => (value instanceof Error ? value.message : value)))
  }
  return {
    debug: (m, d) => emit('debug', m, d),
    info: (m, d) => emit('info', m, d),
    warn: (m, d) => emit('warn', m, d),
    error: (m, d) => emit('error', m, d),
    child: (more) => makeLogger(options, { ...bindings, ...more }),
  }
}

/** A logger that drops everything; for tests that do not assert on logs. */
export const silentLogger: Logger = makeLogger({ level: 'silent' })
