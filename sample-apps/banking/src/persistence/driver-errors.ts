/** True for a unique-key violation, on MariaDB/MySQL (1062) or SQLite (`SQLITE_CONSTRAINT_*`). */
export function isDuplicateKey(error: unknown): boolean {
  const driver = (error as { driverError?: { errno?: number; code?: string } } | null)?.driverError ?? (error as { errno?: number; code?: string } | null);
  if (!driver) return false;
  return driver.errno === 1062 || driver.code === 'ER_DUP_ENTRY' || driver.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || driver.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
