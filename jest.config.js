/** TypeScript compiles both tests (ts-jest, per file: `npm test` type-checks everything first) and `npm start`. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Stops the machine's PostgreSQL server under every other test: .ci/run runs it alone, after npm test.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/resilience/database-restart\\.test\\.ts$'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
  maxWorkers: 2,
};
