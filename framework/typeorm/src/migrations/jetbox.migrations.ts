import { Migration, MigrationExecutor, type DataSource, type MigrationInterface } from 'typeorm';
import { JetboxCreateTables1764720000000 } from './create-jetbox-tables.migration';

/**
 * The migrations that create Jetbox's tables, oldest first. Add them to your DataSource:
 * `migrations: [...JetboxMigrations, ...yours]`; TypeORM records each in its migrations table like
 * your own. Later versions only append to this list.
 */
export const JetboxMigrations: ReadonlyArray<new () => MigrationInterface> = [JetboxCreateTables1764720000000];

/**
 * Runs those of {@link JetboxMigrations} the DataSource's migrations table does not list yet, and
 * records them there; the DataSource's own `migrations` are not touched. Idempotent: a second call
 * (or a second process racing this one) finds the tables and changes nothing. Resolves with the
 * names of the migrations it ran.
 */
export async function runJetboxMigrations(dataSource: DataSource): Promise<string[]> {
  const executor = new MigrationExecutor(dataSource);
  const executed = new Set((await executor.getExecutedMigrations()).map((migration) => migration.name));
  const ran: string[] = [];
  for (const Type of JetboxMigrations) {
    const instance = new Type();
    const name = instance.name ?? Type.name;
    if (executed.has(name)) continue;
    await executor.executeMigration(new Migration(undefined, Number(name.slice(-13)), name, instance));
    ran.push(name);
  }
  return ran;
}
