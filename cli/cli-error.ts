/** A failure the CLI reports in one line: a code and a message saying what to do. */
export class CliError extends Error {
  readonly code: string
  /** Details to show under the message (e.g. every validation problem). */
  readonly problems: string[]

  constructor(code: string, message: string, problems: string[] = []) {
    super(message)
    this.name = 'CliError'
    this.code = code
    this.problems = problems
  }
}
