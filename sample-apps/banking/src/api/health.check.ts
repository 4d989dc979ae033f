import type { Transport } from '@jetbox/core';
import type { StateReader } from './idempotent-posts';

/** `GET /healthz`: each server's state, `ok` only when every one answers. */
export interface HealthReport {
  readonly status: 'ok' | 'unavailable';
  readonly transport: 'up' | 'down';
  readonly database: 'up' | 'down';
}

const DATABASE_TIMEOUT_MS = 1_000;

/** Checks the transport's connection and runs `SELECT 1` (within 1 s) on the database. */
export class HealthCheck {
  constructor(
    private readonly transport: Transport,
    private readonly read: StateReader,
  ) {}

  async report(): Promise<HealthReport> {
    const transport = this.transport.isHealthy() ? 'up' : 'down';
    const database = (await this.databaseAnswers()) ? 'up' : 'down';
    return { status: transport === 'up' && database === 'up' ? 'ok' : 'unavailable', transport, database };
  }

  private async databaseAnswers(): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), DATABASE_TIMEOUT_MS)));
    const query = this.read((manager) => manager.query('SELECT 1')).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([query, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
