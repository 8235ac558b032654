// Mutation testing: `npm run test:mutation` (not in CI: hours on two cores). Scoped to the code whose bugs would be
// security or data-integrity holes: the access rules, the kit's auth, gateway-only guard and query limits, and the
// lock / version / idempotency code every subgraph relies on. Narrow a run with `-- --mutate <file>`.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // Not jest's --findRelatedTests: it follows static imports only, and the subgraphs reach their access rules through
  // the registry (services/index.ts), so it left the access-rules test out of every access mutant's run. Stryker's
  // per-test coverage already picks the tests that reach a mutant.
  jest: { configFile: 'jest.mutation.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  mutate: [
    'services/kit/access.ts',
    'services/*/access.ts',
    'services/domain/scopes.ts',
    'services/domain/people.ts',
    'services/kit/auth.ts',
    'services/kit/partners.ts',
    'services/kit/subgraph.ts:147-199',
    'services/kit/limits.ts',
    'services/kit/versioned.ts',
    'services/kit/idempotency.ts',
  ],
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-output/mutation/report.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'test-output', '.stryker-tmp', 'node_modules', 'explorer'],
};
