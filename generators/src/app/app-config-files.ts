import type { TargetConfiguration } from '@nx/devkit';
import { PINNED_VERSIONS, pinnedVersions, type PinnedPackage } from '../shared/versions';

/** The compiler options of a generated app: strict, CommonJS, with the decorator metadata inversify reads. */
export const APP_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022'],
  module: 'commonjs',
  moduleResolution: 'node10',
  strict: true,
  noImplicitOverride: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noFallthroughCasesInSwitch: true,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  skipLibCheck: true,
  forceConsistentCasingInFileNames: true,
  sourceMap: true,
  types: ['node'],
} as const;

/** `tsconfig.json` (options shared by the two below; editors read it), `tsconfig.app.json` (builds src to dist) and `tsconfig.spec.json` (checks everything). */
export function tsconfigFiles(): Record<string, object> {
  return {
    'tsconfig.json': {
      compilerOptions: APP_COMPILER_OPTIONS,
      files: [],
      include: [],
      references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.spec.json' }],
    },
    'tsconfig.app.json': {
      extends: './tsconfig.json',
      compilerOptions: { rootDir: 'src', outDir: 'dist' },
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.spec.ts', 'src/testing/**'],
    },
    'tsconfig.spec.json': {
      extends: './tsconfig.json',
      compilerOptions: { noEmit: true, types: ['node', 'jest'] },
      include: ['src/**/*.ts'],
    },
  };
}

/** The app's package.json: what it needs at run time (for a deployment that installs it alone) and to test. */
export function appPackageJson(name: string, jetboxVersion: string, runtime: readonly PinnedPackage[]): object {
  return {
    name,
    version: '0.0.1',
    private: true,
    description: `The ${name} service, a Jetbox app.`,
    main: 'dist/main.js',
    scripts: { start: 'node dist/main.js' },
    dependencies: {
      '@jetbox/core': jetboxVersion,
      '@jetbox/nats': jetboxVersion,
      '@jetbox/typeorm': jetboxVersion,
      ...pinnedVersions(runtime),
    },
    devDependencies: { '@jetbox/testing': jetboxVersion, 'better-sqlite3': PINNED_VERSIONS['better-sqlite3'] },
  };
}

const run = (root: string, command: string) => ({ executor: 'nx:run-commands', options: { command, cwd: root } });

/**
 * The app's Nx targets, each a plain command run in the app's folder, so they work in any Nx
 * workspace without further plugins. Build, typecheck and test first build the workspace projects the
 * app depends on (`^build`): in a repository that builds `@jetbox/*` itself, their `dist/`.
 */
export function appTargets(root: string, jestConfig: string): Record<string, TargetConfiguration> {
  return {
    build: { ...run(root, 'tsc -p tsconfig.app.json'), dependsOn: ['^build'], outputs: ['{projectRoot}/dist'], cache: true },
    typecheck: { ...run(root, 'tsc -p tsconfig.spec.json'), dependsOn: ['^build'], cache: true },
    test: { ...run(root, `jest -c ${jestConfig}`), dependsOn: ['^build'], cache: true },
    lint: { ...run(root, 'eslint . --max-warnings 0'), cache: true },
    serve: { ...run(root, 'node dist/main.js'), dependsOn: ['build'], continuous: true },
  };
}
