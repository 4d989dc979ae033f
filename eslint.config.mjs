import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'tmp/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'error',
    },
  },
  {
    // Layering (DESIGN.md): the core imports no adapter and no driver.
    files: ['framework/core/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['nats', 'nats/*', 'typeorm', 'typeorm/*', 'mysql2', 'mysql2/*', 'better-sqlite3'], message: 'The core never imports a driver: put this in an adapter package.' },
        { group: ['@jetbox/*'], message: 'The core imports no other Jetbox package.' },
      ] }],
    },
  },
  {
    // The core's own tests may use the test kit, never a driver or an adapter.
    files: ['framework/core/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['nats', 'nats/*', 'typeorm', 'typeorm/*', 'mysql2', 'mysql2/*', 'better-sqlite3'], message: 'The core never imports a driver.' },
        { group: ['@jetbox/nats', '@jetbox/typeorm'], message: 'Core tests use the in-memory transport.' },
      ] }],
    },
  },
  {
    // Adapters depend on the core only, never on each other or on the testing harness (outside tests).
    files: ['framework/nats/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'framework/nats/src/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@jetbox/testing', '@jetbox/typeorm', 'typeorm'], message: 'An adapter depends on @jetbox/core only.' },
      ] }],
    },
  },
  {
    files: ['sample-apps/**/*.ts', 'test/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/framework/**', '**/src/*'], message: 'Samples and tests use the public API: import from @jetbox/*.' },
      ] }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
