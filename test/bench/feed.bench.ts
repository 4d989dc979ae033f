/** Placeholder: the feed benchmark is being written (issue work in progress). */
export async function feedBench(): Promise<void> {
  throw new Error('The feed benchmark is not written yet.');
}
