import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { API_OPERATIONS } from '#services/api/index.ts'
import { ensureSchemathesis, runSchemathesis, type SchemathesisReport } from './schemathesis-cli.ts'
import { http, startTestChorus } from './testing.ts'

/**
 * What every response is checked for. Left out, and why:
 * - `positive_data_acceptance`: the API checks more than JSON Schema can say (a cursor must be one
 *   it issued, an Idempotency-Key reused for another request is a 422 by design, `from` ≤ `to`, a
 *   team module must be on the allowlist), so some schema-valid requests are rightly refused.
 * - `object_level_authorization`: needs a second caller; tenant isolation has its own suite.
 */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
  'missing_required_header',
  'unsupported_method',
  'allow_header_conformance',
  'use_after_free',
  'ensure_resource_availability',
  'ignored_auth',
]

describe('schemathesis against the served OpenAPI document (embedded runtime)', () => {
  let chorus: Awaited<ReturnType<typeof startTestChorus>>
  let cli: string
  const work = mkdtempSync(join(tmpdir(), 'chorus-schemathesis-'))
  beforeAll(async () => {
    cli = ensureSchemathesis((line) => process.stderr.write(`${line}\n`))
    // A short sync budget: a chat message answers within it (or 202), never near the request timeout.
    chorus = await startTestChorus({ CHORUS_SYNC_BUDGET_MS: '2000' }, { inMemory: true })
  }, 600_000)
  afterAll(async () => {
    await chorus?.close()
    rmSync(work, { recursive: true, force: true })
  })

  it('finds no server error and no response that breaks the document, in every operation', async () => {
    const { token, apiKey } = chorus.auth.credentials
    // The document as served, from a file: read from its URL, schemathesis leaves out the
    // operation that serves it (GET /openapi.json).
    const served = await http(chorus.url, 'GET', '/openapi.json')
    expect(served.status).toBe(200)
    const documentPath = join(work, 'openapi.json')
    writeFileSync(documentPath, JSON.stringify(served.json))
    const reportPath = join(work, 'report.json')
    const { code, output } = await runSchemathesis(
      cli,
      [
        'run',
        documentPath,
        ...['--url', chorus.url],
        ...['-H', `Authorization: Bearer ${token}`, '-H', `x-api-key: ${apiKey}`],
        ...['--checks', CHECKS.join(',')],
        // Bounded and repeatable: few cases per operation, one worker, no randomness between runs.
        ...['--max-examples', '10', '--workers', '1', '--generation-deterministic'],
        ...['--request-timeout', '60', '--no-color'],
        ...['--report', 'json', '--report-json-path', reportPath],
      ],
      work,
    )
    expect(
      existsSync(reportPath),
      `schemathesis wrote no report (exit ${code}):\n${output.slice(-4000)}`,
    ).toBe(true)
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as SchemathesisReport
    const { generated, with_failures, errored } = report.test_cases
    process.stdout.write(
      `schemathesis: ${report.operations.tested}/${report.operations.total} operations, ` +
        `${generated} cases, ${with_failures} with failures, ${errored} errored\n`,
    )
    const problems = output.slice(Math.max(0, output.indexOf('FAILURES')), output.indexOf('SUMMARY'))
    expect({ with_failures, errored, errors: report.errors.length }, problems).toEqual({
      with_failures: 0,
      errored: 0,
      errors: 0,
    })
    expect([code, report.exit_code, report.complete]).toEqual([0, 0, true])
    expect(report.operations).toMatchObject({ total: API_OPERATIONS.length, tested: API_OPERATIONS.length })
    expect(generated).toBeGreaterThan(API_OPERATIONS.length * 10)
  }, 600_000)
})
