/** Placeholder: the banking benchmark is being written (issue work in progress). */
export async function bankingBench(): Promise<void> {
  throw new Error('The banking benchmark is not written yet.');
}
