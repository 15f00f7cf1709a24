// Jest for the sidebar's pure modules (src/__tests__/*.spec.ts), compiled by
// ts-jest with tsconfig.test.json: CommonJS, and the jest and node types that
// the library build (tsconfig.json, which leaves the tests out) does without.
// JupyterLab 4's packages ship CommonJS, so node_modules needs no transform.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.spec.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }]
  }
};
