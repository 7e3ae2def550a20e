/** Service tests run the real app against a temporary data dir and real SQLite. */
// Dependencies that ship ES modules only: Node.js requires them natively, jest's module
// system needs them compiled to CommonJS first.
const ESM_ONLY = ['kysely', 'commander', 'jose'];

module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  transform: {
    '^.+\\.ts$': 'ts-jest',
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }
    ]
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`]
};
