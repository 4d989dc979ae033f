import { GeneratorRefusal } from '../shared/generator-refusal';

/** The message of the `GeneratorRefusal` that `run` throws or rejects with; a description of anything else. */
export async function refusalOf(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (error) {
    return error instanceof GeneratorRefusal ? error.message : `not a refusal: ${String(error)}`;
  }
  return 'no refusal';
}
