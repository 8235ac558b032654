/**
 * The tests mutation testing runs (stryker.config.mjs): fast tests that exercise the mutated files, each mutant against
 * the tests that cover it. The jest configuration otherwise as for `npm test`. One file per line: each line names the
 * code it guards.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  // One file at a time, fast ones first, stopping at the first failure: Stryker runs several mutants side by side.
  maxWorkers: 1,
  bail: 1,
  testSequencer: '<rootDir>/test/support/fast-first-sequencer.js',
  testMatch: [
    // access rules (services/*/access.ts, kit/access.ts, domain/people.ts, domain/scopes.ts)
    '<rootDir>/test/kit/access.test.ts',
    '<rootDir>/test/access/row-rules.test.ts',
    '<rootDir>/test/access/people-scopes.test.ts',
    '<rootDir>/test/access-rules.test.ts',
    // kit/auth.ts, kit/partners.ts, kit/subgraph.ts (gateway-only guard); the stack's tokens.test.ts and
    // entities-guard.test.ts send the same cases over HTTP (npm test), token.test.ts needs dist/ (not in the sandbox)
    '<rootDir>/test/kit/auth.test.ts',
    '<rootDir>/test/kit/gateway-only.test.ts',
    '<rootDir>/test/kit/partners.test.ts',
    // kit/limits.ts, kit/versioned.ts, kit/idempotency.ts (test/security/limits.test.ts, over HTTP, is left to npm test)
    '<rootDir>/test/kit/limits.test.ts',
    '<rootDir>/test/router-config.test.ts',
    '<rootDir>/test/kit/versioned.test.ts',
    '<rootDir>/test/kit/idempotency.test.ts',
    '<rootDir>/test/migrations.test.ts',
  ],
};
