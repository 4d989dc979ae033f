import { addProjectConfiguration, getProjects, readJson, readProjectConfiguration, writeJson, type Tree } from '@nx/devkit';
import { refusalOf } from '../testing/refusal';
import { emptyWorkspace, read } from '../testing/trees';
import { appGenerator } from './app.generator';

const APP_FILES = [
  'README.md',
  'eslint.config.mjs',
  'jest.config.js',
  'package.json',
  'project.json',
  'src/app.ts',
  'src/config.ts',
  'src/container.ts',
  'src/data-source.ts',
  'src/events/index.ts',
  'src/events/ping.event.ts',
  'src/events/pong.event.ts',
  'src/handlers/ping-responder.handler.spec.ts',
  'src/handlers/ping-responder.handler.ts',
  'src/logger.ts',
  'src/main.ts',
  'src/migrations/index.ts',
  'src/payments.stream.ts',
  'src/services.ts',
  'src/testing/embedded-app.ts',
  'tsconfig.app.json',
  'tsconfig.json',
  'tsconfig.spec.json',
];

function filesUnder(tree: Tree, folder: string): string[] {
  return tree.children(folder).flatMap((child) => {
    const path = `${folder}/${child}`;
    return tree.isFile(path) ? [path.slice(folder.length + 1)] : filesUnder(tree, path).map((inner) => `${child}/${inner}`);
  });
}

describe('the app generator', () => {
  describe('when it generates payments into an empty workspace', () => {
    let tree: Tree;

    beforeAll(async () => {
      tree = emptyWorkspace();
      await appGenerator(tree, { name: 'payments' });
    });

    it('should write the app into apps/payments', () => {
      expect(filesUnder(tree, 'apps/payments').sort()).toStrictEqual(APP_FILES);
    });

    it('should make it a Jetbox app project with the targets build, lint, serve, test and typecheck', () => {
      const project = readProjectConfiguration(tree, 'payments');
      expect([project.root, project.tags, Object.keys(project.targets ?? {}).sort()]).toStrictEqual([
        'apps/payments',
        ['jetbox:app'],
        ['build', 'lint', 'serve', 'test', 'typecheck'],
      ]);
    });

    it('should serve the built main.ts after building it', () => {
      const serve = readProjectConfiguration(tree, 'payments').targets?.serve;
      expect([serve?.options, serve?.dependsOn, serve?.continuous]).toStrictEqual([{ command: 'node dist/main.js', cwd: 'apps/payments' }, ['build'], true]);
    });

    it('should start Jetbox on NATS from NATS_URL with the outbox in the DataSource from DATABASE_URL, and stop on SIGTERM', () => {
      const main = read(tree, 'apps/payments/src/main.ts');
      const config = read(tree, 'apps/payments/src/config.ts');
      expect(
        [
          [main, 'createDataSource(config.databaseUrl).initialize()'],
          [main, 'await dataSource.runMigrations('],
          [main, "transport: nats({ servers: config.natsUrl, name: 'payments' })"],
          [main, 'outbox: typeormOutbox({ dataSource })'],
          [main, "process.on('SIGTERM', stop)"],
          [config, 'env.NATS_URL'],
          [config, 'env.DATABASE_URL'],
        ].map(([text, part]) => text!.includes(part!)),
      ).toStrictEqual([true, true, true, true, true, true, true]);
    });

    it('should declare the stream PAYMENTS for payments.>', () => {
      expect(read(tree, 'apps/payments/src/payments.stream.ts')).toContain("name: 'PAYMENTS',\n  subjects: ['payments.>'],");
    });

    it("should run Jetbox's migrations before the app's own", () => {
      expect(read(tree, 'apps/payments/src/migrations/index.ts')).toContain('= [...JetboxMigrations];');
    });

    it('should bind the example handler in the container', () => {
      expect(read(tree, 'apps/payments/src/services.ts')).toContain('export const services: readonly ServiceClass[] = [\n  PingResponder,\n];');
    });

    it('should add what the app needs to the root package.json, at the pinned versions', () => {
      const manifest = readJson<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(tree, 'package.json');
      expect([manifest.dependencies, manifest.devDependencies]).toStrictEqual([
        {
          '@jetbox/core': '0.1.0',
          '@jetbox/nats': '0.1.0',
          '@jetbox/typeorm': '0.1.0',
          inversify: '7.11.0',
          mysql2: '3.24.6',
          nats: '2.29.3',
          'reflect-metadata': '0.2.2',
          typeorm: '1.1.2',
          zod: '4.6.7',
        },
        {
          '@eslint/js': '9.39.5',
          '@jetbox/testing': '0.1.0',
          '@swc/core': '1.16.22',
          '@swc/jest': '0.2.39',
          '@types/jest': '30.0.0',
          '@types/node': '20.19.43',
          'better-sqlite3': '12.9.0',
          eslint: '9.39.5',
          jest: '30.5.2',
          typescript: '5.9.3',
          'typescript-eslint': '8.74.0',
        },
      ]);
    });
  });

  describe('when the workspace builds @jetbox/* itself and has the other packages', () => {
    let before: unknown;
    let after: unknown;

    beforeAll(async () => {
      const tree = emptyWorkspace();
      writeJson(tree, 'package.json', { name: 'jetbox', devDependencies: { inversify: '7.11.0', jest: '29.0.0' } });
      addProjectConfiguration(tree, 'core', { root: 'framework/core', targets: {} });
      writeJson(tree, 'framework/core/package.json', { name: '@jetbox/core' });
      before = readJson(tree, 'package.json');
      await appGenerator(tree, { name: 'payments' });
      after = readJson<{ devDependencies: Record<string, string> }>(tree, 'package.json');
    });

    it('should add only the missing packages, keep the versions there and leave out those the workspace builds', () => {
      const added = (after as { dependencies: Record<string, string> }).dependencies;
      expect([Object.keys(added), (after as { devDependencies: Record<string, string> }).devDependencies.jest, before]).toStrictEqual([
        ['@jetbox/nats', '@jetbox/typeorm', 'mysql2', 'nats', 'reflect-metadata', 'typeorm', 'zod'],
        '29.0.0',
        { name: 'jetbox', devDependencies: { inversify: '7.11.0', jest: '29.0.0' } },
      ]);
    });
  });

  describe('when --directory is given', () => {
    it('should put the app in that folder', async () => {
      const tree = emptyWorkspace();
      await appGenerator(tree, { name: 'order-fulfilment', directory: './services/' });
      expect([readProjectConfiguration(tree, 'order-fulfilment').root, tree.exists('services/order-fulfilment/src/order-fulfilment.stream.ts')]).toStrictEqual([
        'services/order-fulfilment',
        true,
      ]);
    });
  });

  describe('when the root package.json says "type": "module"', () => {
    it('should write the CommonJS jest config as jest.config.cjs', async () => {
      const tree = emptyWorkspace();
      writeJson(tree, 'package.json', { name: 'esm', type: 'module' });
      await appGenerator(tree, { name: 'payments' });
      expect([tree.exists('apps/payments/jest.config.cjs'), readProjectConfiguration(tree, 'payments').targets?.test?.options.command]).toStrictEqual([
        true,
        'jest -c jest.config.cjs',
      ]);
    });
  });

  describe('refusals', () => {
    describe('when the app exists', () => {
      it('should refuse to generate it again, naming the project', async () => {
        const tree = emptyWorkspace();
        await appGenerator(tree, { name: 'payments' });
        expect(await refusalOf(() => appGenerator(tree, { name: 'payments' }))).toStrictEqual(
          "There is already a project 'payments' (in apps/payments), and generators never overwrite your files. Pick another app name.",
        );
      });
    });

    describe("when the app's folder holds files", () => {
      let tree: Tree;
      let refusal: string;

      beforeAll(async () => {
        tree = emptyWorkspace();
        tree.write('apps/payments/notes.md', 'mine');
        refusal = await refusalOf(() => appGenerator(tree, { name: 'payments' }));
      });

      it('should refuse, naming the folder', () => {
        expect(refusal).toStrictEqual('apps/payments already exists and is not empty, and generators never overwrite your files. Pick another app name or --directory.');
      });

      it('should write nothing', () => {
        expect([tree.children('apps/payments'), [...getProjects(tree).keys()]]).toStrictEqual([['notes.md'], []]);
      });
    });

    describe('when the name is not kebab case', () => {
      it('should refuse with the kebab-case name to type', async () => {
        expect(await refusalOf(() => appGenerator(emptyWorkspace(), { name: 'PaymentService' }))).toStrictEqual(
          "The app name 'PaymentService' is not kebab case: type payment-service.",
        );
      });
    });

    describe('when --directory leaves the workspace', () => {
      it('should refuse with a folder to type', async () => {
        expect(await refusalOf(() => appGenerator(emptyWorkspace(), { name: 'payments', directory: '../elsewhere' }))).toStrictEqual(
          '--directory=../elsewhere is outside the workspace: type a folder relative to the workspace root, e.g. --directory=apps.',
        );
      });
    });
  });
});
