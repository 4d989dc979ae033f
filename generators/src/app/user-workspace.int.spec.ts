import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packJetbox } from '../testing/packages';
import { run, withoutColours } from '../testing/processes';
import { linksInto } from '../testing/reachable';
import { copyThisWorkspace, REPOSITORY_ROOT } from '../testing/workspace-copy';

const MINUTE = 60_000;
const NX_VERSION = '23.2.1';

/**
 * The path of a user outside this repository: the `@jetbox/*` packages packed with `npm pack`, a new
 * Nx workspace that installs the tarballs (and the rest from the npm registry, at the pinned
 * versions the app generator adds), an app + events + handler generated there, and its tests run.
 * Nothing of this repository is reachable from that workspace.
 */
describe('the generators in a new Nx workspace outside this repository', () => {
  let folder: string;
  let workspace: string;
  const nx = (...args: string[]) => run(join(workspace, 'node_modules/.bin/nx'), args, { cwd: workspace, timeoutMs: 10 * MINUTE });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'jetbox-generators-user-'));
    workspace = join(folder, 'workspace');
    mkdirSync(join(folder, 'packs'));
    mkdirSync(workspace);
    const build = copyThisWorkspace();
    let tarballs: Record<string, string>;
    try {
      tarballs = await packJetbox(build.root, join(folder, 'packs'));
    } finally {
      build.remove();
    }
    const file = (name: string) => `file:${tarballs[name]}`;
    writeFileSync(
      join(workspace, 'package.json'),
      JSON.stringify(
        {
          name: 'user-workspace',
          version: '0.0.0',
          private: true,
          dependencies: { '@jetbox/core': file('@jetbox/core'), '@jetbox/nats': file('@jetbox/nats'), '@jetbox/typeorm': file('@jetbox/typeorm') },
          devDependencies: { '@jetbox/generators': file('@jetbox/generators'), '@jetbox/testing': file('@jetbox/testing'), nx: NX_VERSION },
        },
        null,
        2,
      ),
    );
    writeFileSync(join(workspace, 'nx.json'), JSON.stringify({ $schema: './node_modules/nx/schemas/nx-schema.json' }, null, 2));
    await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: workspace, timeoutMs: 10 * MINUTE });
    await nx('g', '@jetbox/generators:app', 'payments', '--no-interactive');
    await nx('g', '@jetbox/generators:event', 'payment-captured', '--project=payments', '--no-interactive');
    await nx('g', '@jetbox/generators:event', 'payment-recorded', '--project=payments', '--no-interactive');
    await nx('g', '@jetbox/generators:handler', 'capture-recorder', '--project=payments', '--event=payment-captured', '--idempotent', '--publishes=payment-recorded', '--no-interactive');
  }, 20 * MINUTE);

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('should install @jetbox/* from the tarballs, with no link into this repository', () => {
    expect([realpathSync(join(workspace, 'node_modules/@jetbox/core')), linksInto(workspace, REPOSITORY_ROOT)]).toStrictEqual([
      join(realpathSync(workspace), 'node_modules/@jetbox/core'),
      [],
    ]);
  });

  it("should pass the generated app's tests (nx test payments)", async () => {
    expect(withoutColours((await nx('test', 'payments', '--outputStyle=static')).output)).toMatch(/Tests:\s+6 passed, 6 total/);
  }, 5 * MINUTE);

  it('should typecheck and lint the generated app', async () => {
    expect(withoutColours((await nx('run-many', '-t', 'typecheck', 'lint', '-p', 'payments', '--outputStyle=static')).output)).toContain(
      'Successfully ran targets typecheck, lint for project payments',
    );
  }, 5 * MINUTE);
});
