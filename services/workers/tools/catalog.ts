import type { DefinitionStore } from '#platform/store/index.ts'
import { HttpApiTool } from './http/http-api-tool.ts'
import type { HttpToolDefinition, SecretReader } from './http/http-tool-definition.ts'
import { makeToolRegistry, type ToolRegistry } from './registry.ts'
import type { ChorusTool } from './tool.ts'
import type { AddressPolicy } from './web/address-policy.ts'

/** The tools of each tenant: the built-in ones plus the tenant's HTTP/API tools, defined as data. */
export interface ToolCatalog {
  forTenant(tenantId: string): Promise<ToolRegistry>
}

export interface ToolCatalogDeps {
  builtins: readonly ChorusTool[]
  httpTools: DefinitionStore<HttpToolDefinition>
  secrets: SecretReader
  policy?: AddressPolicy
}

/** Reads the tenant's tool definitions on each call, so a new tool is usable by the next step. */
export const makeToolCatalog = ({ builtins, httpTools, secrets, policy }: ToolCatalogDeps): ToolCatalog => ({
  forTenant: async (tenantId) => {
    const builtinNames = new Set(builtins.map((t) => t.name))
    const defined = (await httpTools.list(tenantId))
      .filter(({ definition }) => !builtinNames.has(definition.name))
      .map(({ definition }) => new HttpApiTool(definition, { secrets, ...(policy ? { policy } : {}) }))
    return makeToolRegistry([...builtins, ...defined])
  },
})
