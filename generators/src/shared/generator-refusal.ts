/**
 * A generator refused to run. The message names what is wrong and what to type or do instead; the
 * generator has written nothing (Nx applies a generator's changes only when it returns).
 */
export class GeneratorRefusal extends Error {
  override readonly name = 'GeneratorRefusal';
}
