import { readFileSync } from 'node:fs'
import { parseTenantBudgets, type TenantBudgets } from '#services/api/index.ts'

/**
 * Reads the tenants' budget file named by the configuration once, at start (ADR 0031); a missing or
 * broken file stops the start with the reason. Without a file, the shipped policy (no limits) applies.
 */
export const loadTenantBudgets = (file: string | undefined): { tenantBudgets?: TenantBudgets } =>
  file ? { tenantBudgets: parseTenantBudgets(readFileSync(file, 'utf8'), file) } : {}
