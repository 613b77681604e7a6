/** Jest runs TypeScript through SWC (fast, no type-check: `npm run typecheck` does that). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  // A few dependencies ship only ES modules, which jest's CommonJS runtime cannot require on Node 20.
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|cookie)/)'],
  // A handle leaked by a failing test must never hang CI.
  forceExit: true,
  testTimeout: 60_000,
  maxWorkers: 2,
  setupFiles: ['<rootDir>/test/support/setup.ts'],
};
