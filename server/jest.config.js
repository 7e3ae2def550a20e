/** Service tests run the real app against a temporary data dir and real SQLite. */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testTimeout: 60000,
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // kysely ships ES modules only: Node.js requires them natively, jest's module system
    // needs them compiled to CommonJS first.
    '/node_modules/kysely/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' } }
    ]
  },
  transformIgnorePatterns: ['/node_modules/(?!kysely/)']
};
