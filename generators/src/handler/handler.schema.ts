/** Options of the `handler` generator (schema.json). */
export interface HandlerGeneratorSchema {
  /** Kebab case: `capture-recorder`. */
  readonly name: string;
  /** The Jetbox app. */
  readonly project: string;
  /** The handled event's name, kebab case. */
  readonly event: string;
  /** Default false. */
  readonly idempotent?: boolean;
  /** Events published, comma-separated, kebab case. */
  readonly publishes?: string;
}
