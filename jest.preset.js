// Shared Jest settings: SWC transpiles TypeScript (no type check; `npm run typecheck` does that),
// and @jetbox/* imports resolve to package sources so tests never need a build first.
const path = require('node:path');

module.exports = (dir) => ({
  displayName: path.relative(__dirname, dir) || 'root',
  rootDir: dir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    '^@jetbox/(core|nats|testing|typeorm)$': path.join(__dirname, 'framework/$1/src/index.ts'),
  },
});
