// Mutation testing (`npm run test:mutation`, not in CI: it takes long). Scoped to the code whose bugs would be
// security or data-integrity holes: the access rules, the kit's auth and gateway-only guard, the query limits, and the
// lock / version / idempotency code every subgraph relies on.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { configFile: 'jest.config.js', enableFindRelatedTests: true },
  coverageAnalysis: 'perTest',
  mutate: ['services/kit/versioned.ts'],
  concurrency: 2,
  timeoutMS: 60000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'test-output/mutation/report.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'test-output', '.stryker-tmp', 'node_modules'],
};
