/**
 * Import boundaries of Chorus, checked by `npm run lint:deps` (part of `npm run lint`, so of CI).
 *
 * The layers, lowest first; a layer imports only itself and the layers below it, never one above:
 *
 *   events ← platform ← services ← runtime ← cli / infra / web (tooling and e2e) / bench
 *
 * The `#events`, `#platform/*` and `#services/*` aliases of package.json "imports" resolve to the folders they name,
 * so a rule about `platform/` covers `#platform/...` and `../../platform/...` alike. Beyond the layers:
 * - a service imports another service only through that service's `index.ts` (house style rule 14);
 * - `web/src` is the browser app: it imports only `web/src` (it talks to the API over HTTP with generated types);
 * - `scripts/` (build and launch tooling) imports only `scripts/`; only the `cli/bin.js` shim and the root config
 *   files import it; nothing imports `bench/`;
 * - no import cycles, type-only imports included; no module imports a test file.
 * npm packages and Node's own modules are not restricted here.
 *
 * KNOWN_EXCEPTIONS below are the edges that break these rules today, each with the issue that removes it. The
 * check passes with them and fails on any new one; delete an entry when its edge is gone.
 */

/** What each layer may import (folders of this repository), by the path of the importing module. */
const LAYERS = [
  { name: 'events', from: '^events/', mayImport: ['events/'] },
  { name: 'platform', from: '^platform/', mayImport: ['events/', 'platform/'] },
  { name: 'services', from: '^services/', mayImport: ['events/', 'platform/', 'services/'] },
  { name: 'runtime', from: '^runtime/', mayImport: ['events/', 'platform/', 'services/', 'runtime/'] },
  {
    name: 'cli',
    from: '^cli/',
    mayImport: ['events/', 'platform/', 'services/', 'runtime/', 'cli/', 'scripts/launch\\.js$'],
  },
  { name: 'infra', from: '^infra/', mayImport: ['events/', 'platform/', 'services/', 'runtime/', 'infra/'] },
  { name: 'web-app', from: '^web/src/', mayImport: ['web/src/'] },
  {
    name: 'web-tooling',
    from: '^web/(?!src/)',
    mayImport: ['events/', 'platform/', 'services/', 'runtime/', 'web/'],
  },
  { name: 'bench', from: '^bench/', mayImport: ['events/', 'platform/', 'services/', 'runtime/', 'bench/'] },
  { name: 'scripts', from: '^scripts/', mayImport: ['scripts/'] },
]

/** Every folder of the repository whose modules the layer rules speak about. */
const REPO_FOLDERS = '^(events|platform|services|runtime|cli|infra|web|bench|scripts)/'

/** Edges that break a layer rule today, kept visible until the issue named removes them. */
const KNOWN_EXCEPTIONS = [
  {
    layer: 'platform',
    from: [
      '^platform/blobs/s3-blob-store\\.int\\.test\\.ts$',
      '^platform/bus/eventbridge-bus\\.int\\.test\\.ts$',
      '^platform/queue/(queue\\.conformance|sqs-dead-letters|sqs-retry-backoff)\\.int\\.test\\.ts$',
      '^platform/secrets/secrets-manager-store\\.int\\.test\\.ts$',
      '^platform/workspaces/s3-workspaces\\.int\\.test\\.ts$',
      '^platform/store/(raw-write\\.int\\.test|raw-ops\\.harness)\\.ts$',
    ],
    to: ['runtime/aws/testing/emulator\\.ts$', 'runtime/aws/emulator-driver\\.ts$'],
    why:
      'issue 19 item 6: the AWS adapters’ integration tests use the moto stack helper and emulator driver of ' +
      'runtime/aws; a moto test harness below runtime/ (platform/testing) removes it',
  },
  {
    layer: 'runtime',
    from: '^runtime/local/dead-letters\\.int\\.test\\.ts$',
    to: ['cli/testing\\.ts$'],
    why:
      'issue 19 item 6: this test drives `chorus dlq` through the CLI; its CLI half belongs in cli/ (a test of ' +
      'the CLI against the embedded runtime, like cli/cli.int.test.ts)',
  },
]

const targets = (folders) => folders.map((f) => `^${f}`)

const layerRules = LAYERS.flatMap((layer) => {
  const exceptions = KNOWN_EXCEPTIONS.filter((e) => e.layer === layer.name)
  const main = {
    name: `layer-${layer.name}`,
    severity: 'error',
    comment: `${layer.name} (${layer.from}) imports only ${layer.mayImport.join(', ')}`,
    from: { path: layer.from, pathNot: exceptions.flatMap((e) => e.from) },
    to: { path: REPO_FOLDERS, pathNot: targets(layer.mayImport) },
  }
  const known = exceptions.map((e, i) => ({
    name: `layer-${layer.name}-known-exception-${i + 1}`,
    severity: 'error',
    comment: `known exception, ${e.why}`,
    from: { path: e.from },
    to: { path: REPO_FOLDERS, pathNot: targets([...layer.mayImport, ...e.to]) },
  }))
  return [main, ...known]
})

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'service-through-index',
      severity: 'error',
      comment: 'a service imports another service only through its index.ts, never its internals',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: ['^services/$1/', '^services/[^/]+/index\\.ts$'] },
    },
    {
      name: 'scripts-imported-only-by-tooling',
      severity: 'error',
      comment: 'build and launch tooling: only the cli/bin.js shim, scripts/ and root config files import it',
      from: { pathNot: ['^scripts/', '^cli/bin\\.js$', '^[^/]+$'] },
      to: { path: '^scripts/' },
    },
    {
      name: 'repo-imports-resolve',
      severity: 'error',
      comment:
        'every relative and # alias import resolves to a file, so none escapes the rules above (npm packages are ' +
        'left to tsc: the resolver here misses a few ESM-only ones)',
      from: {},
      to: { couldNotResolve: true, path: '^(#|\\.)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'no import cycles, type-only imports included',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-imports',
      severity: 'error',
      comment:
        'test files are entry points; shared test helpers live in testing.ts or *.conformance.ts files',
      from: {},
      to: { path: '\\.test\\.tsx?$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|\\.chorus|\\.scratch|coverage)/|/cdk\\.out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
    cache: { folder: 'node_modules/.cache/dependency-cruiser', strategy: 'content' },
  },
}
