/**
 * True for an insert that broke a primary key or unique index: MariaDB/MySQL `ER_DUP_ENTRY` (1062)
 * or SQLite `SQLITE_CONSTRAINT_PRIMARYKEY` / `SQLITE_CONSTRAINT_UNIQUE`, as TypeORM passes them on.
 */
export function isDuplicateKey(error: unknown): boolean {
  const driverError =
    (error as { driverError?: { code?: unknown; errno?: unknown } } | null)?.driverError ??
    (error as { code?: unknown; errno?: unknown } | null);
  const code = driverError?.code;
  return (
    code === 'ER_DUP_ENTRY' ||
    driverError?.errno === 1062 ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
