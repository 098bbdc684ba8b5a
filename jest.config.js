module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  clearMocks: true,
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: {
    // integration-sdk-testing 8.41 imports a path that jest 29's `expect` no longer exports
    '^expect/build/jestMatchersObject$':
      '<rootDir>/node_modules/expect/build/jestMatchersObject.js',
  },
  setupFilesAfterEnv: ['<rootDir>/jest.setup.ts'],
  testTimeout: 60000,
};
