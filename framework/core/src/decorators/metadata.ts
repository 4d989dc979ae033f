/** Appends `entry` to the list kept under `key` on `target` itself (never on a base class). */
export function appendMetadata<T>(key: symbol, target: object, entry: T): void {
  const own = Object.prototype.hasOwnProperty.call(target, key)
    ? ((target as Record<symbol, T[]>)[key] as T[])
    : undefined;
  if (own) own.push(entry);
  else Object.defineProperty(target, key, { value: [entry], enumerable: false, configurable: true });
}

/**
 * The entries under `key` on `target` and its base classes, base first; a subclass entry for the
 * same method replaces the base one.
 */
export function readMetadata<T extends { method: string }>(key: symbol, target: object): T[] {
  const chain: object[] = [];
  for (let c: object | null = target; c && c !== Function.prototype; c = Object.getPrototypeOf(c)) chain.unshift(c);
  const byMethod = new Map<string, T[]>();
  for (const c of chain) {
    if (!Object.prototype.hasOwnProperty.call(c, key)) continue;
    const entries = (c as Record<symbol, T[]>)[key] as T[];
    const methods = new Set(entries.map((e) => e.method));
    for (const m of methods) byMethod.set(m, entries.filter((e) => e.method === m));
  }
  return [...byMethod.values()].flat();
}
