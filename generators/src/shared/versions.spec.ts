import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './templates';
import { PINNED_VERSIONS } from './versions';

describe('PINNED_VERSIONS', () => {
  it("should be the versions this repository builds and tests @jetbox/* with (its root package.json's)", () => {
    const root = JSON.parse(readFileSync(join(packageRoot(), '..', 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    const pinned = Object.keys(PINNED_VERSIONS).map((name) => [name, root.devDependencies[name]]);
    expect(Object.fromEntries(pinned)).toStrictEqual(PINNED_VERSIONS);
  });
});
