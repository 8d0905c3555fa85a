import type { TestProject } from 'vitest/node'
import { installMotoLocally, type MotoServer, startMotoServer } from './moto-server.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** moto server's endpoint, or '' when it could not start (then `motoProblem` says why). */
    motoEndpoint: string
    motoProblem: string
  }
}

/**
 * vitest `globalSetup`: one moto server for the whole run, on loopback, stopped at the end. When
 * moto is missing the other tests still run, and every AWS-mode test fails with the install hint
 * (see `emulator.ts`), never skipped.
 */
export default async function setup(project: TestProject) {
  let moto: MotoServer | undefined
  try {
    moto = await startMotoServer().catch(() => {
      installMotoLocally((line) => process.stderr.write(`${line}\n`))
      return startMotoServer()
    })
    project.provide('motoEndpoint', moto.endpoint)
    project.provide('motoProblem', '')
  } catch (error) {
    project.provide('motoEndpoint', '')
    project.provide('motoProblem', (error as Error).message)
  }
  return async () => {
    await moto?.stop()
  }
}
