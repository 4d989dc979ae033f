/** The median of `values` (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0–1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** One row of a benchmark report. */
export interface Row {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Names of the rows this one is compared with. */
  readonly baseline?: string | readonly string[];
}

/** Prints rows as a table, with each row's ratio to its baseline. */
export function printRows(title: string, rows: readonly Row[]): void {
  const byName = new Map(rows.map((r) => [r.name, r]));
  console.log(`\n${title}`);
  console.log(`${'measure'.padEnd(56)} ${'value'.padStart(12)}  ${'unit'.padEnd(8)} ratio`);
  for (const r of rows) {
    const baselines = r.baseline === undefined ? [] : typeof r.baseline === 'string' ? [r.baseline] : r.baseline;
    const ratio = baselines
      .map((name) => byName.get(name))
      .filter((base): base is Row => base !== undefined)
      .map((base) => ` ${(r.value / base.value).toFixed(3)} of ${base.name}`)
      .join(';');
    console.log(`${r.name.padEnd(56)} ${r.value.toFixed(0).padStart(12)}  ${r.unit.padEnd(8)}${ratio}`);
  }
}
