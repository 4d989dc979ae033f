/** Any record with an id and an optional partition key. */
export interface Keyed {
  readonly id: string;
  readonly key?: string;
}

/**
 * The part of a claim a relay may publish. `claimed` is in id order; `oldestOutside` maps a key to
 * the oldest unsent record of that key that is NOT in the claim (held by another relay, not due
 * yet, or failed and waiting). A keyed record stays only while no such older record exists, so each
 * key's records go to one relay at a time, oldest first. Records without a key always stay.
 */
export function filterByKey<T extends Keyed>(claimed: readonly T[], oldestOutside: ReadonlyMap<string, string>): T[] {
  return claimed.filter((record) => {
    if (record.key === undefined) return true;
    const older = oldestOutside.get(record.key);
    return older === undefined || record.id < older;
  });
}

/** The distinct keys of `records`, and the greatest id among the keyed ones. */
export function keysOf(records: readonly Keyed[]): { keys: string[]; maxId: string | undefined } {
  const keys = new Set<string>();
  let maxId: string | undefined;
  for (const record of records) {
    if (record.key === undefined) continue;
    keys.add(record.key);
    if (maxId === undefined || record.id > maxId) maxId = record.id;
  }
  return { keys: [...keys], maxId };
}
