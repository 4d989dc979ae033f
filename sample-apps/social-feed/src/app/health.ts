import type { HealthReport } from '../api/api.dependencies';
import { databaseAnswers } from '../infra/database';
import type { Infrastructure } from './infrastructure';

/** Asks the transport and the database whether they answer now: `ok` only when both do. */
export async function checkHealth(infrastructure: Infrastructure): Promise<HealthReport> {
  const transport = infrastructure.transport.isHealthy() ? 'up' : 'down';
  const database = (await databaseAnswers(infrastructure.dataSource)) ? 'up' : 'down';
  return {
    status: transport === 'up' && database === 'up' ? 'ok' : 'unavailable',
    mode: infrastructure.mode,
    transport,
    database,
  };
}
