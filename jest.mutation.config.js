/**
 * The tests mutation testing runs (stryker.config.mjs): those that exercise the mutated files, each mutant against the
 * tests that cover it. The jest configuration otherwise as for `npm test`.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/kit/{auth,access,token,versioned,idempotency}.test.ts',
    '<rootDir>/test/security/{limits,tokens,entities-guard,oracles,field-access}.test.ts',
    '<rootDir>/test/access-rules.test.ts',
    '<rootDir>/test/partner/scopes.test.ts',
  ],
};
