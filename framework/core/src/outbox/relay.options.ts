/** Options of the outbox relay that runs in each app instance. */
export interface RelayOptions {
  /** False: this instance writes to the outbox but publishes nothing (another instance relays). Default true. */
  readonly enabled?: boolean;
  /** Records claimed and published per transaction (two transactions overlap). Default 1 024. */
  readonly batchSize?: number;
  /** How often to look for records written by other processes or left by a crash. Default 500 ms. */
  readonly pollIntervalMs?: number;
  /** First delay after a failed publish of a record; doubles per attempt. Default 1 000 ms. */
  readonly retryInitialDelayMs?: number;
  /** Cap on that delay. Default 60 000 ms. */
  readonly retryMaxDelayMs?: number;
  /** Sent records are kept this long (to re-publish after a broker lost data), then pruned. Default 10 min. */
  readonly retentionMs?: number;
  /** Inbox entries are kept this long; must outlive the longest redelivery. Default 7 days. */
  readonly inboxRetentionMs?: number;
  /** How often to prune and report the backlog. Default 30 000 ms. */
  readonly maintenanceIntervalMs?: number;
  /** Warn when the oldest unsent record is older than this (near the stream's duplicate window). Default 60 000 ms. */
  readonly backlogWarnAgeMs?: number;
}

/** The defaults, in one place. */
export const RELAY_DEFAULTS: Required<RelayOptions> = {
  enabled: true,
  batchSize: 1_024,
  pollIntervalMs: 500,
  retryInitialDelayMs: 1_000,
  retryMaxDelayMs: 60_000,
  retentionMs: 10 * 60 * 1000,
  inboxRetentionMs: 7 * 24 * 60 * 60 * 1000,
  maintenanceIntervalMs: 30_000,
  backlogWarnAgeMs: 60_000,
};

/** Every problem with `options`, as sentences; empty when valid. */
export function validateRelayOptions(options: RelayOptions | undefined): string[] {
  if (!options) return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(options)) {
    if (name === 'enabled') {
      if (typeof value !== 'boolean') problems.push(`relay.enabled must be true or false (got ${String(value)})`);
    } else if (!(name in RELAY_DEFAULTS)) {
      problems.push(`relay.${name} is not an option; known: ${Object.keys(RELAY_DEFAULTS).join(', ')}`);
    } else if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (name === 'batchSize' && !Number.isInteger(value))) {
      problems.push(`relay.${name} must be a ${name === 'batchSize' ? 'whole number' : 'number of ms'} > 0 (got ${String(value)})`);
    }
  }
  return problems;
}
