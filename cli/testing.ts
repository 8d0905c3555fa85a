import type { CliIo } from './io.ts'
import { main } from './main.ts'

/** Runs the CLI in-process with captured output, as tests need it. */
export const runCli = async (argv: string[], env: Record<string, string>, cwd = process.cwd()) => {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    env,
    cwd,
    tty: false,
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}
