/**
 * The `--version` the user gave. Nx's CLI declares a global boolean `--version` (print Nx's version),
 * so `nx g @jetbox/generators:event x --version=2` reaches the generator as `false`; the number is
 * then read back from the command line. A number (a programmatic call, or a future Nx) is kept.
 */
export function requestedVersion(version: unknown, argv: readonly string[] = process.argv): unknown {
  if (typeof version !== 'boolean') return version;
  const given = argv.map((arg) => /^--version=(.*)$/.exec(arg)?.[1]).find((value) => value !== undefined);
  return given === undefined || !/^\d+$/.test(given) ? given : Number(given);
}
