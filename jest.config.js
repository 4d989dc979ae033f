/** @type {import('jest').Config} */
module.exports = {
  projects: ['<rootDir>/framework/*/jest.config.js', '<rootDir>/sample-apps/*/jest.config.js', '<rootDir>/generators/jest.config.js', '<rootDir>/test/jest.config.js'],
  testTimeout: 60_000,
};
