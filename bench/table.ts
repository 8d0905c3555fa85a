import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { dirname } from 'node:path'

/** A target of issue 13: the figure must be at most (`≤`) or at least (`≥`) this. */
export interface Target {
  op: '≤' | '≥'
  value: number
}

/** One line of the table: a figure of Chorus, its target, and what it is compared with in the same run. */
export interface Row {
  /** Issue 13's deliverable the line belongs to (1–8), and the bench's figure. */
  figure: string
  measure: string
  value: number
  unit: string
  target?: Target
  /** A reference measured in the same run, or why there is none. */
  reference?: string
  /** Chorus against the reference, as text (`96× slower`, `1/21`). */
  ratio?: string
  /** More figures for the JSON file only. */
  detail?: Record<string, unknown>
}

const metOf = (row: Row): string => {
  if (!row.target) return ''
  if (!Number.isFinite(row.value)) return 'n/a'
  const met = row.target.op === '≤' ? row.value <= row.target.value : row.value >= row.target.value
  return met ? 'met' : '**missed**'
}

/** A figure with sensible precision: integers above 100, two significant decimals below. */
export const format = (value: number): string => {
  if (!Number.isFinite(value)) return 'n/a'
  const abs = Math.abs(value)
  if (abs >= 100 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US')
  if (abs >= 10) return value.toFixed(1)
  return value.toFixed(2)
}

const cell = (text: string) => text.replaceAll('|', '\\|')

/** The table as Markdown, ready for the README. */
export const renderTable = (rows: readonly Row[]): string => {
  const header = ['figure', 'measure', 'Chorus', 'target', 'met', 'reference (same run)', 'ratio']
  const lines = rows.map((row) => [
    row.figure,
    row.measure,
    `${format(row.value)} ${row.unit}`.trim(),
    row.target ? `${row.target.op} ${format(row.target.value)} ${row.unit}`.trim() : '',
    metOf(row),
    row.reference ?? '',
    row.ratio ?? '',
  ])
  const all = [header, header.map(() => '---'), ...lines]
  return `${all.map((cols) => `| ${cols.map(cell).join(' | ')} |`).join('\n')}\n`
}

/** Where and when the bench ran: for the README's caption. */
export const machine = () => {
  const cores = cpus()
  return {
    date: new Date().toISOString(),
    cpu: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

/** Writes the rows and the machine as JSON (bench/results/latest.json, gitignored). */
export const writeResults = (path: string, content: Record<string, unknown>) => {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`)
}
