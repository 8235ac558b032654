/**
 * The tests mutation testing runs (stryker.config.mjs): fast tests that exercise the mutated files, each mutant against
 * the tests that cover it. The jest configuration otherwise as for `npm test`. One file per line: each line names the
 * code it guards.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: [
    // access rules (services/*/access.ts, kit/access.ts, domain/people.ts, domain/scopes.ts)
    '<rootDir>/test/kit/access.test.ts',
    '<rootDir>/test/access/row-rules.test.ts',
    '<rootDir>/test/access/people-scopes.test.ts',
    '<rootDir>/test/access-rules.test.ts',
    // kit/auth.ts, kit/partners.ts, kit/subgraph.ts (gateway-only guard)
    '<rootDir>/test/kit/auth.test.ts',
    '<rootDir>/test/kit/token.test.ts',
    '<rootDir>/test/security/tokens.test.ts',
    '<rootDir>/test/security/entities-guard.test.ts',
    // kit/limits.ts, kit/versioned.ts, kit/idempotency.ts
    '<rootDir>/test/security/limits.test.ts',
    '<rootDir>/test/kit/versioned.test.ts',
    '<rootDir>/test/kit/idempotency.test.ts',
  ],
};
