import type { EntityManager, QueryRunner } from 'typeorm';

/** Rows and affected-row count of one statement. */
export interface SqlResult {
  readonly rows: readonly Record<string, unknown>[];
  readonly affected: number;
}

/**
 * Runs one statement on the manager's connection: inside its transaction when it has one, else on a
 * connection taken from the pool for this statement only.
 */
export async function runSql(manager: EntityManager, sql: string, params: readonly unknown[] = []): Promise<SqlResult> {
  const own: QueryRunner | undefined = manager.queryRunner ? undefined : manager.connection.createQueryRunner();
  const runner = manager.queryRunner ?? own!;
  try {
    const result = await runner.query(sql, [...params], true);
    return { rows: result.records ?? [], affected: result.affected ?? 0 };
  } finally {
    if (own) await own.release();
  }
}

/** `?, ?, ?` for `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
